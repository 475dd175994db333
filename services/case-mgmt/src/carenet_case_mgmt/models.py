"""Every table of case-mgmt, imported so that alembic and the app see them all."""

from carenet_core import consumer, idempotency, outbox, trail  # noqa: F401

from .assignments import models as assignments  # noqa: F401
from .audits import models as audits  # noqa: F401
from .calendar import models as calendar  # noqa: F401
from .cases import models as cases  # noqa: F401
from .conferences import models as conferences  # noqa: F401
from .county_settings import models as county_settings  # noqa: F401
from .discharge import models as discharge  # noqa: F401
from .escorts import models as escorts  # noqa: F401
from .incidents import models as incidents  # noqa: F401
from .protective import models as protective  # noqa: F401
from .referrals import models as referrals  # noqa: F401
from .tiers import models as tiers  # noqa: F401
from .transfers import models as transfers  # noqa: F401
from .visits import models as visits  # noqa: F401
