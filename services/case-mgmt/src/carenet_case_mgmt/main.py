"""create_app(): routers, handlers, lifespan — nothing else."""

from carenet_core.app import build_service_app
from fastapi import FastAPI

from .access_log.router import router as access_log
from .assignments.router import router as assignments
from .audits.router import router as audits
from .calendar.router import router as calendar
from .caseloads.router import router as caseloads
from .cases.router import router as cases
from .conferences.router import router as conferences
from .config import Settings
from .county_settings.router import router as county_settings
from .discharge.router import notices as discharge_notices
from .discharge.router import router as discharge
from .escorts.router import router as escorts
from .incidents.router import router as incidents
from .protective.router import router as protective
from .referrals.router import router as referrals
from .reports.router import router as reports
from .sync.router import router as sync
from .tiers.router import router as tiers
from .transfers.router import router as transfers
from .visits.router import router as visits
from .worklist.router import router as worklist


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings=settings or Settings(),
        title="CareNet case management: cases, care tiers, visits, discharge plans, transfers, conferences",
        routers=[
            cases,
            visits,
            worklist,
            discharge,
            discharge_notices,
            transfers,
            protective,
            conferences,
            audits,
            tiers,
            access_log,
            calendar,
            incidents,
            assignments,
            caseloads,
            county_settings,
            sync,
            escorts,
            referrals,
            reports,
        ],
    )
