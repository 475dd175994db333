"""Feed consumer: follows another service's `/v1/events`, applying each page exactly once.

Each page is applied in one transaction together with the advance of the stored cursor, so a
consumer that dies mid-page leaves neither the page's effects nor the cursor behind and simply
applies the page again when it resumes. The cursor row is locked (`FOR UPDATE`) and re-read
before applying, so two replicas never apply the same page twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import BigInteger, String, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from .db import Base, Database, Instant

log = structlog.get_logger("carenet.consumer")

Fetch = Callable[[int, int], Awaitable[list[dict[str, Any]]]]
Apply = Callable[[AsyncSession, dict[str, Any]], Awaitable[None]]


class FeedCursor(Base):
    __tablename__ = "feed_cursors"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(Instant)


def http_fetch(base_url: str, token: Callable[[], str], *, timeout: float = 10.0) -> Fetch:
    """A `Fetch` that reads `GET {base_url}/v1/events` with a system token."""
    import httpx

    client = httpx.AsyncClient(base_url=base_url, timeout=timeout)

    async def fetch(after: int, limit: int) -> list[dict[str, Any]]:
        resp = await client.get(
            "/v1/events", params={"after": after, "limit": limit}, headers={"Authorization": f"Bearer {token()}"}
        )
        resp.raise_for_status()
        return list(resp.json()["items"])

    return fetch


class FeedConsumer:
    def __init__(
        self, *, name: str, db: Database, fetch: Fetch, apply: Apply, batch: int = 500, idle_interval: float = 1.0
    ) -> None:
        self.name, self.db, self.fetch, self.apply = name, db, fetch, apply
        self.batch, self.idle_interval = batch, idle_interval
        self.last_error: str | None = None
        self.last_success: datetime | None = None

    async def position(self) -> int:
        async with self.db.transaction() as session:
            cur = await session.get(FeedCursor, self.name)
            if cur is not None:
                return cur.position
            # Replicas may start together: create the row once, whoever is first.
            insert = pg_insert if self.db.is_postgres else sqlite_insert
            await session.execute(
                insert(FeedCursor)
                .values(name=self.name, position=0, updated_at=datetime.now(UTC))
                .on_conflict_do_nothing()
            )
            return 0

    async def _lock_cursor(self, session: AsyncSession) -> FeedCursor:
        cur = await session.scalar(select(FeedCursor).where(FeedCursor.name == self.name).with_for_update())
        assert cur is not None, "position() creates the cursor row first"
        return cur

    async def run_once(self) -> int:
        """Fetch and apply one page; returns the number of events applied (0 when caught up)."""
        start = await self.position()
        events = await self.fetch(start, self.batch)
        if not events:
            self.last_success = datetime.now(UTC)
            return 0
        async with self.db.transaction() as session:
            cur = await self._lock_cursor(session)
            if cur.position != start:
                return 0  # another replica moved on meanwhile; fetch again from its position
            for event in events:
                await self.apply(session, event)
            cur.position = int(events[-1]["seq"])
            cur.updated_at = datetime.now(UTC)
        self.last_success = datetime.now(UTC)
        return len(events)

    async def catch_up(self) -> int:
        total = 0
        while n := await self.run_once():
            total += n
        return total

    async def run(self) -> None:
        while True:
            try:
                n = await self.run_once()
                self.last_error = None
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # upstream down or restarting: keep serving, retry later
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("feed_consumer_retry", consumer=self.name, error=self.last_error)
                n = 0
            if n == 0:
                await asyncio.sleep(self.idle_interval)
