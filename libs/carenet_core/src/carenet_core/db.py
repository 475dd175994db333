"""Async engine, the declarative base, and the per-request unit of work.

PostgreSQL: one schema per service, selected through the connection's `search_path`, so tables
are declared without a schema and each service only ever sees its own.
SQLite (the embedded default): one file per service, WAL mode, a busy timeout, and `BEGIN
IMMEDIATE` so that concurrent writers wait for each other instead of failing with
"database is locked".
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import DateTime, MetaData, event, exc, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from .errors import NotFound

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Instant(TypeDecorator[datetime]):
    """An aware instant on every database: `timestamptz` on PostgreSQL; on SQLite (which keeps no
    offset) stored in UTC and read back with it."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Declarative base of every CareNet table (each service migrates only its own)."""

    metadata = MetaData(naming_convention=NAMING)


def async_url(url: str) -> str:
    """Normalise a database URL to its async driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        return "postgresql+asyncpg://" + url[len("postgresql://") :]
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url[len("sqlite:///") :]
    return url


def is_postgres_url(url: str) -> bool:
    return url.startswith("postgresql")


# A pooled connection idle longer than this is pinged before use (a restarted database, a dropped link);
# one reused sooner is not: under load every request would pay the ping's round trips (BEGIN, `;`, ROLLBACK).
PING_IDLE_AFTER = 5.0


def ping_when_idle(engine: AsyncEngine, idle_after: float = PING_IDLE_AFTER) -> None:
    """Pre-ping only connections that sat idle more than `idle_after` seconds; a dead one is replaced
    (SQLAlchemy's `pool_pre_ping`, which pings on every checkout, minus the pings of a busy pool)."""
    sync = engine.sync_engine

    @event.listens_for(sync, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(sync, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since <= idle_after:
            return  # fresh, or back from a request a moment ago
        try:
            sync.dialect.do_ping(dbapi_connection)
        except Exception as e:  # the pool drops this connection and checks out another (or a new one)
            raise exc.DisconnectionError(f"pre-ping failed: {e}") from e


def make_engine(url: str, *, schema: str, pool_size: int = 10, max_overflow: int = 20) -> AsyncEngine:
    """An engine bound to one service's schema (PostgreSQL) or file (SQLite)."""
    url = async_url(url)
    if is_postgres_url(url):
        pg = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_recycle=1800,
            connect_args={"server_settings": {"search_path": schema}, "command_timeout": 60},
        )
        ping_when_idle(pg)
        return pg
    path = url.split(":///", 1)[1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": 30})
    _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that reads and then writes can fail at once with SQLITE_BUSY;
        # an immediate one waits on the busy timeout instead.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


async def insert_plain_rows(session: AsyncSession) -> None:
    """Insert the still-pending objects of append-only tables (`__plain_insert__ = True`: the access trail) with one
    Core INSERT per table, and drop them from the session: the unit of work's flush of an object (identity map,
    RETURNING its key) costs more than the request's own statements, and nothing reads them back. An object
    already flushed (autoflush before a query) is not pending any more and is left alone."""
    plain = [o for o in session.new if getattr(o, "__plain_insert__", False)]
    if not plain:
        return
    by_table: dict[Any, list[dict[str, Any]]] = {}
    for o in plain:
        session.expunge(o)
        table = o.__table__
        row = {c.key: getattr(o, c.key) for c in table.columns}
        by_table.setdefault(table, []).append(
            {k: v for k, v in row.items() if v is not None or not table.c[k].primary_key}
        )
    for table, rows in by_table.items():
        await session.execute(table.insert(), rows)


class Database:
    """One service's engine and session factory, with a commit-on-success unit of work."""

    def __init__(self, url: str, *, schema: str, pool_size: int = 10, max_overflow: int = 20) -> None:
        self.url = async_url(url)
        self.schema = schema
        self.engine = make_engine(self.url, schema=schema, pool_size=pool_size, max_overflow=max_overflow)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        self.after_commit: list[Callable[[AsyncSession], None]] = []

    @property
    def is_postgres(self) -> bool:
        return is_postgres_url(self.url)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session that commits when the block ends normally and rolls back on any error."""
        async with self.sessionmaker() as session:
            session.info["db"] = self
            try:
                yield session
                await insert_plain_rows(session)
                await session.commit()
            except BaseException:
                await session.rollback()
                raise
            for hook in self.after_commit:
                hook(session)

    async def ping(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    async def advisory_lock(self, session: AsyncSession, name: str) -> bool:
        """Take a transaction-scoped lock named `name` (PostgreSQL); SQLite's writer lock already serialises."""
        if not self.is_postgres:
            return True
        key = f"{self.schema}:{name}"
        got = await session.scalar(text("SELECT pg_try_advisory_xact_lock(hashtext(:k))"), {"k": key})
        return bool(got)

    async def dispose(self) -> None:
        await self.engine.dispose()


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    db: Database = request.app.state.db
    async with db.transaction() as session:
        yield session


# scope="function": the commit happens before the response is sent, so a client never gets a 2xx
# for a write that then fails to commit.
SessionDep = Annotated[AsyncSession, Depends(_request_session, scope="function")]


def dialect_is_postgres(session: AsyncSession) -> bool:
    """Whether a session talks to PostgreSQL (SQLite otherwise)."""
    return session.get_bind().dialect.name == "postgresql"


ModelT = TypeVar("ModelT", bound=Base)


async def get_or_404(
    session: AsyncSession,
    model: type[ModelT],
    key: Any,
    *,
    detail: str | None = None,
    code: str | None = None,
    lock: bool = False,
) -> ModelT:
    """The row of `model` with primary key `key`, locked FOR UPDATE with `lock`; a 404 problem
    (`detail`, `code`) when absent."""
    row = await session.get(model, key, with_for_update=lock or None)
    if row is None:
        raise NotFound(detail or f"no {model.__name__.lower()} {key}", code=code)
    return row


async def add_once(session: AsyncSession, row: ModelT) -> tuple[ModelT, bool]:
    """Insert `row` keyed by a client's own id (a phone's UUID): `(row, True)`; when a racing resend
    stored that key first, `(the stored row, False)` — the caller checks it belongs where it should.
    Any other integrity error is raised as it is."""
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except exc.IntegrityError:
        mapper = sa_inspect(type(row))
        key = tuple(getattr(row, mapper.get_property_by_column(c).key) for c in mapper.primary_key)
        twin = await session.get(type(row), key[0] if len(key) == 1 else key, populate_existing=True)
        if twin is None:
            raise
        return twin, False
    return row, True
