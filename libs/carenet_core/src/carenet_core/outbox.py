"""Transactional outbox and the event feed (`GET /v1/events?after=&limit=`).

`emit()` writes an event in the same transaction as the change, with no feed position yet. A
single publisher (one task, elected by an advisory lock across replicas) then numbers the
committed-but-unnumbered events, in id order, with `seq` values above every seq already given.
Readers only ever see numbered events, and numbers are handed out by one transaction at a time, so
an event whose transaction commits late is numbered after everything already readable: no reader
can pass a position and later find an event behind it (the classic outbox gap).

Archiving: every `GET /v1/events?after=N` by a system token records that its subject has durably
passed N (a consumer asks for `after` only once the events up to it are applied and its cursor is
committed) as the row `reader:<subject>` in this service's own `feed_cursors` table. The housekeeping
job deletes the rows at or below the lowest position of the registered consumers
(`outbox_consumers`) and older than `outbox_archive_after_days`, always keeping the newest row so
numbering continues above every seq already given. With no consumer registered nothing is deleted.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import JSON, BigInteger, Index, Integer, String, delete, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from . import clock
from .auth import Principal, require_roles
from .consumer import FeedCursor
from .db import Base, Database, Instant, SessionDep, dialect_is_postgres
from .errors import problems


class OutboxEvent(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    type: Mapped[str] = mapped_column(String(100))
    occurred_at: Mapped[datetime] = mapped_column(Instant)
    data: Mapped[Any] = mapped_column(JSON)

    __table_args__ = (Index("ix_outbox_unpublished", "id", postgresql_where=seq.is_(None), sqlite_where=seq.is_(None)),)


def emit(session: AsyncSession, type: str, data: dict[str, Any], *, occurred_at: datetime | None = None) -> None:
    """Write an event in the caller's transaction: it exists if and only if the change commits."""
    session.add(OutboxEvent(type=type, data=data, occurred_at=occurred_at or clock.now()))
    session.info["outbox_dirty"] = True


_NUMBER_SQL = """
WITH todo AS (
    SELECT id, row_number() OVER (ORDER BY id) AS rn
    FROM outbox WHERE seq IS NULL ORDER BY id LIMIT :batch
)
UPDATE outbox SET seq = :base + todo.rn FROM todo WHERE outbox.id = todo.id
"""


async def publish_pending(session: AsyncSession, *, batch: int = 5000) -> int:
    """Number committed events that have no feed position yet; returns how many were numbered."""
    db: Database | None = session.info.get("db")
    if db is not None and db.is_postgres:
        # Blocking lock: numbering must be strictly one transaction at a time.
        await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"{db.schema}:outbox"})
    base = await session.scalar(select(func.coalesce(func.max(OutboxEvent.seq), 0)))
    result = await session.execute(text(_NUMBER_SQL), {"base": base, "batch": batch})
    return int(getattr(result, "rowcount", 0) or 0)


class FeedItem(BaseModel):
    seq: int = Field(examples=[42])
    type: str = Field(examples=["case.opened"])
    occurred_at: datetime
    data: dict[str, Any]


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_cursor: str | None = Field(None, description="the `seq` to pass as `after` next; null when caught up")


async def read_feed(session: AsyncSession, *, after: int, limit: int) -> FeedPage:
    rows = (
        await session.scalars(select(OutboxEvent).where(OutboxEvent.seq > after).order_by(OutboxEvent.seq).limit(limit))
    ).all()
    items = [FeedItem(seq=r.seq or 0, type=r.type, occurred_at=r.occurred_at, data=r.data) for r in rows]
    return FeedPage(items=items, next_cursor=str(items[-1].seq) if len(items) == limit else None)


READER_PREFIX = "reader:"


async def record_reader_position(session: AsyncSession, *, reader: str, position: int) -> None:
    """Remember that `reader` has passed `position` of this feed (the latest ask wins, even a rewind)."""
    name = (READER_PREFIX + reader)[:100]
    insert = pg_insert if dialect_is_postgres(session) else sqlite_insert
    stmt = insert(FeedCursor).values(name=name, position=position, updated_at=clock.now())
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=[FeedCursor.name],
            set_={"position": stmt.excluded.position, "updated_at": stmt.excluded.updated_at},
            where=FeedCursor.position != stmt.excluded.position,
        )
    )


async def archive_passed(session: AsyncSession, *, consumers: list[str], before: datetime) -> int:
    """Delete events every consumer in `consumers` has passed and that occurred before `before`
    (never the newest event: it carries the numbering on); returns how many."""
    if not consumers:
        return 0
    names = [(READER_PREFIX + c)[:100] for c in consumers]
    rows = (await session.execute(select(FeedCursor.name, FeedCursor.position).where(FeedCursor.name.in_(names)))).all()
    if len(rows) < len(set(names)):
        return 0  # a registered consumer has never read: it may still need everything
    passed = min(int(r.position) for r in rows)
    newest = await session.scalar(select(func.max(OutboxEvent.seq)))
    if newest is None:
        return 0
    result = await session.execute(
        delete(OutboxEvent).where(OutboxEvent.seq <= passed, OutboxEvent.seq < newest, OutboxEvent.occurred_at < before)
    )
    return int(getattr(result, "rowcount", 0) or 0)


class Publisher:
    """The background numbering loop; woken right after a commit that emitted events (numbering `gather` s later)."""

    def __init__(self, db: Database, *, interval: float = 0.5, gather: float = 0.05) -> None:
        self.db = db
        self.interval = interval
        # woken, it waits this long for more commits before numbering: under load one numbering transaction
        # covers many requests instead of one per request (a reader never waits: `GET /v1/events` numbers first)
        self.gather = gather
        self.wake = asyncio.Event()
        db.after_commit.append(self._after_commit)

    def _after_commit(self, session: AsyncSession) -> None:
        if session.info.pop("outbox_dirty", False):
            self.wake.set()

    async def run_once(self) -> int:
        total = 0
        while True:
            async with self.db.transaction() as session:
                n = await publish_pending(session)
            total += n
            if n < 5000:
                return total

    async def run(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self.wake.wait(), timeout=self.interval)
            except TimeoutError:
                pass
            self.wake.clear()
            try:
                await asyncio.sleep(self.gather)
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database may be restarting; try again on the next tick
                await asyncio.sleep(self.interval)


def feed_router(*, tags: list[str | Enum] | None = None) -> APIRouter:
    """`GET /v1/events`: the service's outbox in feed order, for role `system`."""
    router = APIRouter(tags=tags or ["events"])

    @router.get(
        "/v1/events", response_model=FeedPage, responses=problems(403, 422), dependencies=[require_roles("system")]
    )
    async def events(
        request: Request,
        session: SessionDep,
        after: Annotated[int, Query(ge=0, le=2**63 - 1, description="last `seq` already seen")] = 0,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    ) -> FeedPage:
        """Events after `after`, in commit order: `{"items": [{"seq", "type", "occurred_at", "data"}], "next_cursor"}`."""
        publisher: Publisher | None = getattr(request.app.state, "publisher", None)
        if publisher is not None:
            await publisher.run_once()
        principal: Principal | None = getattr(request.state, "principal", None)
        if principal is not None:
            await record_reader_position(session, reader=principal.sub, position=after)
        return await read_feed(session, after=after, limit=limit)

    return router
