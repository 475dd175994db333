"""create_app(): routers, handlers, lifespan — nothing else."""

from __future__ import annotations

from carenet_core.app import build_service_app
from fastapi import FastAPI

from .config import Settings
from .directory.router import router as directory_router
from .imports.router import router as imports_router
from .search.router import router as search_router


def create_app(settings: Settings | None = None) -> FastAPI:
    """The resources service: the public care-resource directory and map (資源網絡地圖)."""
    return build_service_app(
        settings=settings or Settings(),
        title="CareNet resources",
        description="The care-resource directory and map the plans publish: per-county entries edited by county "
        "admins, imported from open-data CSV files, searched by anyone without a token.",
        routers=[search_router, directory_router, imports_router],
    )
