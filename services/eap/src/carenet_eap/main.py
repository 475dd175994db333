"""create_app(): routers, handlers, lifespan — nothing else."""

from carenet_core.app import build_service_app
from fastapi import FastAPI

from . import models  # noqa: F401  (every table registered)
from .bookings.router import router as bookings
from .care_offers.router import router as care_offers
from .case_conferences.router import router as case_conferences
from .checkins.router import router as checkins
from .config import Settings
from .counsellors.router import router as counsellors
from .faq.router import router as faq
from .group_counselling.router import router as group_counselling
from .hr_events.router import router as hr_events
from .mentoring.router import router as mentoring
from .messages.router import router as messages
from .needs_surveys.router import router as needs_surveys
from .referrals.router import router as referrals
from .retention.job import retention_job
from .retention.router import router as retention
from .selfchecks.router import router as selfchecks
from .stats.router import router as stats
from .surveys.router import router as surveys
from .workload.router import router as workload
from .workshops.router import router as workshops


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings=settings or Settings(),
        title="CareNet EAP: confidential counselling, workshops, self-checks and statistics for civil servants",
        routers=[
            counsellors,
            bookings,
            surveys,
            referrals,
            workshops,
            checkins,
            selfchecks,
            stats,
            retention,
            hr_events,
            messages,
            faq,
            care_offers,
            workload,
            group_counselling,
            case_conferences,
            mentoring,
            needs_surveys,
        ],
        background=[retention_job],
    )
