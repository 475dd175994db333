"""Every table of workforce, imported so that alembic and the app see them all."""

from carenet_core import consumer, idempotency, outbox, trail  # noqa: F401

from .accounts import models as accounts  # noqa: F401
from .staff import models as staff  # noqa: F401
from .training import models as training  # noqa: F401
