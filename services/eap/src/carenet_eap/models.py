"""Every table of eap, imported so that alembic and the app see them all."""

from carenet_core import consumer, idempotency, outbox, trail  # noqa: F401

from .bookings import models as bookings  # noqa: F401
from .care_offers import models as care_offers  # noqa: F401
from .case_conferences import models as case_conferences  # noqa: F401
from .checkins import models as checkins  # noqa: F401
from .counsellors import models as counsellors  # noqa: F401
from .faq import models as faq  # noqa: F401
from .group_counselling import models as group_counselling  # noqa: F401
from .hr_events import models as hr_events  # noqa: F401
from .mentoring import models as mentoring  # noqa: F401
from .messages import models as messages  # noqa: F401
from .needs_surveys import models as needs_surveys  # noqa: F401
from .referrals import models as referrals  # noqa: F401
from .retention import models as retention  # noqa: F401
from .selfchecks import models as selfchecks  # noqa: F401
from .surveys import models as surveys  # noqa: F401
from .workload import models as workload  # noqa: F401
from .workshops import models as workshops  # noqa: F401
