"""create_app(): routers, handlers, lifespan — nothing else."""

from fastapi import FastAPI

from carenet_core.app import build_service_app

from . import models  # noqa: F401  (every table registered)
from .bookings.router import router as bookings
from .config import Settings
from .counsellors.router import router as counsellors
from .referrals.router import router as referrals


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings=settings or Settings(),
        title="CareNet EAP: confidential counselling, workshops, self-checks and statistics for civil servants",
        routers=[counsellors, bookings, referrals],
    )
