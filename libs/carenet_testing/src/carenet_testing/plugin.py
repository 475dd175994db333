"""Pytest plugin: a real, freshly created and migrated database per test run, and app fixtures.

Database, in this order: `TEST_DATABASE_URL`; a testcontainers PostgreSQL when a Docker engine
answers; the local server at 127.0.0.1:5432 (user postgres); else SQLite with a loud notice
(refused when `CI` is set: CI must run on PostgreSQL). Each run creates its own database and runs
every service's alembic history in it; each test starts from empty tables (truncated after each
test — real commits, so the concurrency tests see real transactions).

The clock: `CARENET_TEST_NOW` (an RFC 3339 instant) starts the whole run at that instant, the clock
ticking on from there — `make test` uses it to run the date-sensitive suites at the hard days. The
`@pytest.mark.now("2026-11-12T10:00:00+08:00")` starts one test at an instant, before any of its
fixtures mints a token or writes a row; the `clock_at` fixture moves time inside a test
(`clock_at.at(...)` ticking, `clock_at.freeze(...)` standing still). Both are undone after the test.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import time_machine
from carenet_core import clock
from carenet_core.auth import mint_dev_token
from carenet_core.db import Base, Database, async_url, is_postgres_url
from carenet_core.migrations import upgrade
from carenet_core.settings import ServiceSettings
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url

LOCAL_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
CLOCK_ENV = "CARENET_TEST_NOW"
_session_travel: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Start the whole run at `CARENET_TEST_NOW` when it is set (the clock ticks on from there)."""
    global _session_travel
    config.addinivalue_line("markers", "now(instant): start this test at an RFC 3339 instant (the clock ticks on)")
    at = os.environ.get(CLOCK_ENV)
    if at and _session_travel is None:
        instant = datetime.fromisoformat(at)
        if instant.tzinfo is None:
            raise pytest.UsageError(f"{CLOCK_ENV} needs an offset, e.g. 2026-11-30T23:30:00+08:00")
        _session_travel = time_machine.travel(instant, tick=True)
        _session_travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _session_travel
    if _session_travel is not None:
        _session_travel.stop()
        _session_travel = None


def pytest_report_header(config: pytest.Config) -> str:
    at = os.environ.get(CLOCK_ENV)
    return f"carenet clock: started at {at} (Asia/Taipei day {clock.today()})" if at else "carenet clock: real time"


class Clock:
    """Moves `carenet_core.clock` (and every other reader of the time) for one test."""

    def __init__(self) -> None:
        self._travels: list[time_machine.travel] = []

    def _go(self, instant: str | datetime, tick: bool) -> datetime:
        when = datetime.fromisoformat(instant) if isinstance(instant, str) else instant
        if when.tzinfo is None:
            raise ValueError("a test's instant needs an offset (+08:00 for Taipei)")
        travel = time_machine.travel(when, tick=tick)
        travel.start()
        self._travels.append(travel)
        return when

    def at(self, instant: str | datetime) -> datetime:
        """Jump to `instant`; the clock ticks on from there."""
        return self._go(instant, tick=True)

    def freeze(self, instant: str | datetime) -> datetime:
        """Stand still at `instant` until the next move."""
        return self._go(instant, tick=False)

    def undo(self) -> None:
        while self._travels:
            self._travels.pop().stop()


@pytest.fixture
def clock_at() -> Iterator[Clock]:
    """The test's hand on the clock (see `Clock`)."""
    c = Clock()
    yield c
    c.undo()


@pytest.fixture(autouse=True)
def _now_marker(request: pytest.FixtureRequest) -> Iterator[None]:
    """`@pytest.mark.now(...)`: autouse, so the move happens before the test's other fixtures run."""
    marker = request.node.get_closest_marker("now")
    if marker is None:
        yield
        return
    c = Clock()
    c.at(marker.args[0])
    yield
    c.undo()


@dataclass
class TestDatabase:
    kind: str  # "postgresql" or "sqlite"
    url: str  # for PostgreSQL, the run's database; for SQLite, a folder
    cleanup: list[Callable[[], None]] = field(default_factory=list)
    migrated: set[str] = field(default_factory=set)

    def url_for(self, schema: str) -> str:
        if self.kind == "sqlite":
            return f"sqlite+aiosqlite:///{Path(self.url) / (schema + '.db')}"
        return self.url


async def _pg_answers(url: str) -> bool:
    import asyncpg

    try:
        conn = await asyncpg.connect(async_url(url).replace("postgresql+asyncpg", "postgresql"), timeout=3)
    except Exception:
        return False
    await conn.close()
    return True


async def _create_database(admin_url: str) -> tuple[str, Callable[[], None]]:
    import asyncpg

    name = f"carenet_test_{uuid.uuid4().hex[:10]}"
    plain = async_url(admin_url).replace("postgresql+asyncpg", "postgresql")
    conn = await asyncpg.connect(plain, timeout=5)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()

    def drop() -> None:
        async def _drop() -> None:
            c = await asyncpg.connect(plain, timeout=5)
            try:
                await c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await c.close()

        try:
            asyncio.run(_drop())
        except Exception as exc:  # leaving a scratch database behind is not worth failing a green run
            print(f"[carenet] could not drop {name}: {exc}", file=sys.stderr)

    url = make_url(async_url(admin_url)).set(database=name).render_as_string(hide_password=False)
    return url, drop


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=2).ping()
        return True
    except Exception:
        return False


def resolve_test_database() -> TestDatabase:
    explicit = os.environ.get("TEST_DATABASE_URL")
    if explicit:
        if not is_postgres_url(async_url(explicit)):
            return TestDatabase("sqlite", tempfile.mkdtemp(prefix="carenet-test-"))
        try:
            url, drop = asyncio.run(_create_database(explicit))
            return TestDatabase("postgresql", url, [drop])
        except Exception:
            return TestDatabase("postgresql", async_url(explicit))
    if os.environ.get("CARENET_TEST_NO_DOCKER") != "1" and _docker_answers():
        from testcontainers.postgres import PostgresContainer

        container = PostgresContainer("postgres:16-alpine", driver="asyncpg")
        container.start()
        return TestDatabase("postgresql", container.get_connection_url(), [container.stop])
    if asyncio.run(_pg_answers(LOCAL_PG)):
        url, drop = asyncio.run(_create_database(LOCAL_PG))
        return TestDatabase("postgresql", url, [drop])
    if os.environ.get("CI"):
        pytest.exit(
            "CI must test on PostgreSQL, and none answered (TEST_DATABASE_URL, Docker, 127.0.0.1:5432)", returncode=3
        )
    banner = "!" * 78
    msg = (
        f"\n{banner}\n!! NO POSTGRESQL FOUND — TESTS RUN ON SQLITE. Results do not prove PostgreSQL behaviour.\n"
        f"!! Set TEST_DATABASE_URL or start PostgreSQL on 127.0.0.1:5432.\n{banner}\n"
    )
    print(msg, file=sys.stderr)
    return TestDatabase("sqlite", tempfile.mkdtemp(prefix="carenet-test-"))


@pytest.fixture(scope="session")
def carenet_database() -> Iterator[TestDatabase]:
    tdb = resolve_test_database()
    print(
        f"\n[carenet] test database: {tdb.kind} {make_url(tdb.url).render_as_string() if tdb.kind != 'sqlite' else tdb.url}",
        file=sys.stderr,
    )
    yield tdb
    for fn in tdb.cleanup:
        fn()


def migrate_service(tdb: TestDatabase, service_dir: Path, schema: str) -> str:
    url = tdb.url_for(schema)
    if schema not in tdb.migrated:
        upgrade(service_dir, url)
        tdb.migrated.add(schema)
    return url


@dataclass
class ServiceHarness:
    """What the plugin needs to know of a service to test it in-process."""

    service_dir: Path
    settings_cls: type[ServiceSettings]
    create_app: Callable[[Any], FastAPI]
    settings_overrides: dict[str, Any] = field(default_factory=dict)


def settings_for(harness: ServiceHarness, tdb: TestDatabase, **overrides: Any) -> ServiceSettings:
    url = migrate_service(tdb, harness.service_dir, harness.settings_cls.db_schema)
    return harness.settings_cls(
        database_url=url, env="test", log_json=True, **{**harness.settings_overrides, **overrides}
    )


@pytest_asyncio.fixture(scope="session")
async def app(harness: ServiceHarness, carenet_database: TestDatabase) -> AsyncIterator[FastAPI]:
    settings = await asyncio.to_thread(settings_for, harness, carenet_database)
    application = harness.create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest_asyncio.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=30) as c:
        yield c


@pytest.fixture
def db(app: FastAPI) -> Database:
    return app.state.db


@pytest.fixture(scope="session")
def token(harness: ServiceHarness) -> Callable[..., str]:
    settings = harness.settings_cls(env="test")

    def make(
        *roles: str,
        county: str | None = "TW-MIA",
        district: str | None = None,
        sub: str | None = None,
        unit: str | None = None,
        agency: str | None = None,
        ttl: int = 3600,
    ) -> str:
        claims = {
            "sub": sub or f"user-{uuid.uuid4().hex[:8]}",
            "roles": list(roles),
            "county": county,
            "district": district,
            "unit": unit,
            "agency": agency,
        }
        return mint_dev_token(settings, claims, ttl=ttl)

    return make


@pytest.fixture(scope="session")
def auth(token: Callable[..., str]) -> Callable[..., dict[str, str]]:
    """`auth("case_worker", county=..., district=..., sub=...)` → an Authorization header."""

    def make(*roles: str, **kw: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {token(*roles, **kw)}"}

    return make


async def truncate_all(database: Database) -> None:
    async with database.engine.begin() as conn:
        if database.is_postgres:
            names = (
                (
                    await conn.execute(
                        text(
                            "SELECT tablename FROM pg_tables WHERE schemaname = :s AND tablename <> 'alembic_version'"
                        ),
                        {"s": database.schema},
                    )
                )
                .scalars()
                .all()
            )
            if names:
                await conn.execute(
                    text(
                        "TRUNCATE "
                        + ", ".join(f'"{database.schema}"."{n}"' for n in names)
                        + " RESTART IDENTITY CASCADE"
                    )
                )
        else:
            names = (
                (
                    await conn.execute(
                        text(
                            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                            "AND name <> 'alembic_version'"
                        )
                    )
                )
                .scalars()
                .all()
            )
            # children before parents (RESTRICT keys are checked at once, deferred or not)
            rank = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
            names = sorted(names, key=lambda n: -rank.get(n, len(rank)))
            await conn.execute(text("PRAGMA defer_foreign_keys=ON"))
            for n in names:
                await conn.execute(text(f'DELETE FROM "{n}"'))


@pytest_asyncio.fixture(autouse=True)
async def _fresh_tables(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    yield
    if "app" in request.fixturenames:
        application: FastAPI = request.getfixturevalue("app")
        await truncate_all(application.state.db)
