"""The background job that follows case-mgmt's `/v1/events` into the projections."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import structlog
from carenet_core import clock
from carenet_core.auth import mint_dev_token
from carenet_core.consumer import FeedConsumer, Fetch, http_fetch
from carenet_core.db import Database
from fastapi import FastAPI
from pydantic import SecretStr

from ..config import Settings
from .service import FEED_NAME, apply_event, begin_page, end_page, record_progress
from .workforce import WORKFORCE_FEED, apply_staffing_fact

log = structlog.get_logger("carenet.indicators.feed")


def system_token(
    settings: Settings, configured: SecretStr | None = None, *, upstream: str = "CASE_MGMT"
) -> Callable[[], str]:
    """The token for an upstream feed: the configured one, or (outside production) a minted system token."""
    configured = settings.case_mgmt_token if upstream == "CASE_MGMT" else configured
    if configured is not None:
        static = configured.get_secret_value()
        return lambda: static
    if settings.env == "production":
        raise RuntimeError(f"CARENET_INDICATORS_{upstream}_TOKEN is required in production")
    cache: dict[str, Any] = {"token": "", "renew_at": 0.0}

    def token() -> str:
        now = time.time()
        if now >= cache["renew_at"]:
            cache["token"] = mint_dev_token(settings, {"sub": "svc-indicators", "roles": ["system"]}, ttl=3600)
            cache["renew_at"] = now + 3000
        return str(cache["token"])

    return token


class TrackingFetch:
    """Wraps a `Fetch` to remember the last page's end, so progress can be recorded after the page commits."""

    def __init__(self, fetch: Fetch) -> None:
        self.fetch = fetch
        self.last_events: list[dict[str, Any]] = []

    async def __call__(self, after: int, limit: int) -> list[dict[str, Any]]:
        self.last_events = await self.fetch(after, limit)
        return self.last_events


class PageApply:
    """The consumer's `apply`, called event by event within one transaction per page: the page is
    the one `TrackingFetch` just read, so its upserts are batched (`begin_page` … `end_page`)."""

    def __init__(self, tracking: TrackingFetch) -> None:
        self.tracking = tracking

    async def __call__(self, session: Any, event: dict[str, Any]) -> None:
        page = self.tracking.last_events
        if page and event is page[0]:
            begin_page(session)
        await apply_event(session, event)
        if page and event is page[-1]:
            await end_page(session)


def build_consumer(db: Database, settings: Settings, fetch: Fetch | None = None) -> tuple[FeedConsumer, TrackingFetch]:
    base = fetch or http_fetch(settings.case_mgmt_url, system_token(settings), timeout=settings.feed_timeout)
    tracking = TrackingFetch(base)
    consumer = FeedConsumer(
        name=FEED_NAME,
        db=db,
        fetch=tracking,
        apply=PageApply(tracking),
        batch=settings.feed_batch,
        idle_interval=settings.feed_poll_interval,
    )
    return consumer, tracking


def _instant(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


async def poll_once(consumer: FeedConsumer, tracking: TrackingFetch, *, batch: int) -> int:
    """Read and apply one page, then record how fresh its feed is (`feed_status` under the consumer's
    name); returns events applied."""
    started = clock.now()
    tracking.last_events = []
    try:
        n = await consumer.run_once()
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # case-mgmt down or restarting: keep serving the last known scores
        error = f"{type(exc).__name__}: {exc}"
        async with consumer.db.transaction() as session:
            await record_progress(session, name=consumer.name, caught_up_at=None, error=error)
        raise
    events = tracking.last_events
    caught_up = len(events) < batch
    last = events[-1] if events else None
    async with consumer.db.transaction() as session:
        await record_progress(
            session,
            name=consumer.name,
            caught_up_at=started if caught_up else None,
            last_seq=int(last["seq"]) if last else None,
            last_event_at=_instant(last.get("occurred_at")) if last else None,
        )
    return n


async def follow_case_mgmt(app: FastAPI) -> None:
    """Background job: poll case-mgmt's feed forever (every `feed_poll_interval` s when caught up)."""
    settings: Settings = app.state.settings
    if not settings.feed_enabled:
        return
    consumer, tracking = build_consumer(app.state.db, settings, getattr(app.state, "feed_fetch", None))
    app.state.feed_consumer = consumer
    while True:
        try:
            n = await poll_once(consumer, tracking, batch=settings.feed_batch)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("feed_unavailable", upstream="case-mgmt", error=type(exc).__name__)
            n = 0
        if n == 0:
            await asyncio.sleep(settings.feed_poll_interval)


def build_workforce_consumer(
    db: Database, settings: Settings, fetch: Fetch | None = None
) -> tuple[FeedConsumer, TrackingFetch]:
    """The consumer of workforce's `/v1/events` (`staffing.fact` → facts with source `workforce`)."""
    base = fetch or http_fetch(
        settings.workforce_url,
        system_token(settings, settings.workforce_token, upstream="WORKFORCE"),
        timeout=settings.feed_timeout,
    )
    tracking = TrackingFetch(base)
    consumer = FeedConsumer(
        name=WORKFORCE_FEED,
        db=db,
        fetch=tracking,
        apply=apply_staffing_fact,
        batch=settings.feed_batch,
        idle_interval=settings.feed_poll_interval,
    )
    return consumer, tracking


async def follow_workforce(app: FastAPI) -> None:
    """Background job: poll workforce's feed forever — only when CARENET_INDICATORS_WORKFORCE_URL is set."""
    settings: Settings = app.state.settings
    if not settings.workforce_url:
        return
    consumer, tracking = build_workforce_consumer(app.state.db, settings, getattr(app.state, "workforce_fetch", None))
    app.state.workforce_consumer = consumer
    while True:
        try:
            n = await poll_once(consumer, tracking, batch=settings.feed_batch)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("feed_unavailable", upstream="workforce", error=type(exc).__name__)
            n = 0
        if n == 0:
            await asyncio.sleep(settings.feed_poll_interval)
