"""Every service's trail migration (`<service>_trail_partitions`): on a scratch PostgreSQL database the access
trail is partitioned at head, a plain table one step below it, and partitioned again on the way back up
(each service's alembic runs in its own process, as `carenet migrate` does)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import asyncpg
import pytest
from carenet_core.db import async_url
from carenet_testing.plugin import _create_database
from carenet_testing.stack import SERVICES


@pytest.fixture(scope="module")
def scratch(carenet_database):
    if carenet_database.kind != "postgresql":
        pytest.skip("partitioning is PostgreSQL's; SQLite keeps a plain table")
    url, drop = asyncio.run(_create_database(carenet_database.url))
    yield url
    drop()


def alembic(spec, url: str, *args: str) -> None:
    env = {**os.environ, f"{spec.env_prefix}DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(spec.directory / "alembic.ini"), *args],
        cwd=spec.directory,
        env=env,
        check=True,
        capture_output=True,
    )


def relkind(url: str, schema: str) -> str:
    async def q() -> str:
        conn = await asyncpg.connect(async_url(url).replace("postgresql+asyncpg", "postgresql"), timeout=5)
        try:
            return await conn.fetchval(
                f"SELECT relkind::text FROM pg_class WHERE oid = '{schema}.access_trail'::regclass"
            )
        finally:
            await conn.close()

    return asyncio.run(q())


@pytest.mark.parametrize("spec", SERVICES, ids=lambda s: s.name)
def test_the_trail_migration_goes_down_and_up_again(spec, scratch):
    schema = spec.name.replace("-", "_")
    revision = f"{schema}_trail_partitions"
    alembic(spec, scratch, "upgrade", "head")
    assert relkind(scratch, schema) == "p"
    alembic(spec, scratch, "downgrade", f"{revision}-1")
    assert relkind(scratch, schema) == "r"
    alembic(spec, scratch, "upgrade", "head")
    assert relkind(scratch, schema) == "p"
