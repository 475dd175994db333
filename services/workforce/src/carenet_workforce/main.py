"""create_app(): routers, handlers, lifespan — nothing else."""

from __future__ import annotations

from carenet_core.app import build_service_app
from fastapi import FastAPI

from .accounts.router import router as accounts_router
from .caseloads.router import router as caseloads_router
from .config import Settings
from .staff.router import router as staff_router
from .training.router import router as training_router


def create_app(settings: Settings | None = None) -> FastAPI:
    """The workforce service: staff register, training compliance, staffing facts feed, account reviews."""
    return build_service_app(
        settings=settings or Settings(),
        title="CareNet workforce",
        description="The plan's staff (計畫人力): training hours against 附件7, the 1:7 supervisor ratio, "
        "staffing facts for indicators by feed, and the six-monthly account review (帳號清查).",
        routers=[staff_router, training_router, accounts_router, caseloads_router],
    )
