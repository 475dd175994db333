"""`build_service_app()`: what every service's `create_app()` shares (handlers, plumbing, lifespan)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from typing import Any

import structlog
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from .auth import TokenVerifier
from .db import Database
from .errors import ProblemDetail, install_problem_handlers, problem_openapi
from .forwarded import ForwardedPrefixMiddleware
from .health import health_router
from .housekeeping import housekeeper
from .logging import RequestIdMiddleware, configure_logging
from .metrics import Metrics, MetricsMiddleware
from .outbox import Publisher, feed_router
from .settings import ServiceSettings
from .tracing import setup_tracing
from .trail import link_pending, verify_chain

log = structlog.get_logger("carenet.app")

BackgroundJob = Callable[[FastAPI], Coroutine[Any, Any, None]]


async def trail_linker(app: FastAPI, interval: float = 1.0, batch: int = 2000) -> None:
    """Link new access-trail rows into the hash chain, one batch a tick; at once again only after a full batch
    (a backlog). Under load a tick links everything since the last one in one transaction, instead of a
    transaction of five statements after every request."""
    db: Database = app.state.db
    while True:
        try:
            async with db.transaction() as session:
                n = await link_pending(session, batch=batch)
        except asyncio.CancelledError:
            raise
        except Exception:
            n = 0
        if n < batch:
            await asyncio.sleep(interval)


async def trail_verifier(app: FastAPI) -> None:
    """The scheduled integrity check: recompute the chain; on a break, an error log line and a 0 gauge."""
    settings: ServiceSettings = app.state.settings
    db: Database = app.state.db
    gauge = app.state.metrics.chain_ok
    while True:
        await asyncio.sleep(settings.trail_verify_interval)
        try:
            async with db.transaction() as session:
                report = await verify_chain(session)
        except asyncio.CancelledError:
            raise
        except Exception:
            continue
        gauge.set(1 if report.ok else 0)
        if not report.ok:
            log.error("access_trail_chain_broken", broken_at=report.broken_at, reason=report.reason, alert=True)


def operation_id(route: APIRoute) -> str:
    """A readable operationId: the handler's name in camelCase (`open_case` → `openCase`)."""
    head, *rest = route.name.split("_")
    return head + "".join(w.capitalize() for w in rest)


def build_service_app(
    *,
    settings: ServiceSettings,
    title: str,
    description: str = "",
    routers: Sequence[APIRouter] = (),
    background: Sequence[BackgroundJob] = (),
    with_feed: bool = True,
    on_startup: Callable[[FastAPI], Awaitable[None]] | None = None,
) -> FastAPI:
    """A FastAPI app with CareNet's plumbing: problems, auth, DB unit of work, trail, outbox, health, metrics."""
    configure_logging(level=settings.log_level, json=settings.log_json, service=settings.service_name)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(
            settings.database_url or "",
            schema=settings.db_schema,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
        )
        app.state.db = db
        app.state.publisher = Publisher(db)
        tasks: list[asyncio.Task[Any]] = []
        if on_startup is not None:
            await on_startup(app)
        if settings.background_tasks:
            tasks.append(asyncio.create_task(app.state.publisher.run()))
            tasks.append(asyncio.create_task(trail_linker(app)))
            tasks.append(asyncio.create_task(trail_verifier(app)))
            tasks.append(asyncio.create_task(housekeeper(app)))
            tasks.extend(asyncio.create_task(job(app)) for job in background)
        try:
            yield
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await db.dispose()

    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        responses={401: {"model": ProblemDetail, "description": "Authentication required"}},
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    app.state.verifier = TokenVerifier(settings)
    metrics = Metrics(settings.service_name)
    app.state.metrics = metrics
    install_problem_handlers(app)
    problem_openapi(app)
    app.include_router(health_router(settings.service_name))
    app.include_router(metrics.router())
    if with_feed:
        app.include_router(feed_router())
    for r in routers:
        app.include_router(r)
    setup_tracing(app, settings.service_name)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(ForwardedPrefixMiddleware)
    return app
