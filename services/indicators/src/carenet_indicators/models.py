"""Every table of indicators, imported so that alembic and the app see them all."""

from carenet_core import consumer, idempotency, outbox, trail  # noqa: F401

from .counties import models as counties  # noqa: F401
from .definitions import models as definitions  # noqa: F401
from .facts import models as facts  # noqa: F401
from .feed import models as feed  # noqa: F401
from .targets import models as targets  # noqa: F401
