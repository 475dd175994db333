"""create_app(): routers, handlers, lifespan — nothing else."""

from __future__ import annotations

from carenet_core.app import build_service_app
from carenet_core.consumer import Fetch
from fastapi import FastAPI

from .config import Settings
from .counties.router import router as counties_router
from .definitions.router import router as definitions_router
from .facts.router import router as facts_router
from .feed.job import follow_case_mgmt, follow_workforce
from .scorecards.router import router as scorecards_router
from .targets.router import router as targets_router


def create_app(
    settings: Settings | None = None, *, feed_fetch: Fetch | None = None, workforce_fetch: Fetch | None = None
) -> FastAPI:
    """The indicators service; `feed_fetch`/`workforce_fetch` replace the HTTP reads of the feeds (tests)."""
    app = build_service_app(
        settings=settings or Settings(),
        title="CareNet indicators",
        description="The ministry's performance indicators (衡量指標) scored per county and period, "
        "live from case-mgmt's event feed and the counties' reported facts.",
        routers=[counties_router, definitions_router, facts_router, scorecards_router, targets_router],
        background=[follow_case_mgmt, follow_workforce],
    )
    app.state.feed_fetch = feed_fetch
    app.state.workforce_fetch = workforce_fetch
    return app
