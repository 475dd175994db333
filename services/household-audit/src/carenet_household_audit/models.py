"""Every table of household-audit, imported so that alembic and the app see them all."""

from carenet_core import consumer, idempotency, outbox, trail  # noqa: F401

from .audits import models as audits  # noqa: F401
from .querylogs import models as querylogs  # noqa: F401
from .retention import models as retention  # noqa: F401
from .reviews import models as reviews  # noqa: F401
from .sampling import models as sampling  # noqa: F401
from .units import models as units  # noqa: F401
