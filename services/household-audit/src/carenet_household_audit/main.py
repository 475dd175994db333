"""create_app(): routers, handlers, lifespan — nothing else."""

from __future__ import annotations

from carenet_core.app import build_service_app
from fastapi import FastAPI

from .audits.router import router as audits_router
from .config import Settings
from .querylogs.router import router as querylogs_router
from .retention.router import router as retention_router
from .reviews.router import router as reviews_router
from .sampling.router import router as sampling_router
from .schedule.service import scheduler
from .submissions.router import router as submissions_router
from .units.router import router as units_router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    jobs = [scheduler] if settings.scheduler_enabled else []
    return build_service_app(
        settings=settings,
        title="CareNet household-registry query audit: ingest, verifiable monthly sampling, review",
        routers=[
            units_router,
            querylogs_router,
            sampling_router,
            reviews_router,
            audits_router,
            retention_router,
            submissions_router,
        ],
        background=jobs,
    )
