"""Every table of resources, imported so that alembic and the app see them all."""

from carenet_core import consumer, idempotency, outbox, trail  # noqa: F401

from .directory import models as directory  # noqa: F401
