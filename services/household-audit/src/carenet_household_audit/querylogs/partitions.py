"""Month partitions of `query_logs` on PostgreSQL: created ahead, dropped whole by the retention purge.

A dropped month's rows per county come from `query_log_tallies`, kept by statement triggers on every
INSERT/COPY and DELETE through `query_logs` (a writer that bypasses the parent table bypasses them too).

A month's partition is created in a short transaction of its own (it locks the parent table, so never
inside an ingest that already holds rows of it) with a lock timeout: when it cannot get the lock, the
month's rows land in the DEFAULT partition — still stored, sampled and purged, only row by row. A
partition is never created over rows of its month already in the default partition (PostgreSQL would
refuse): such a month stays there. On SQLite every function here does nothing.
"""

from __future__ import annotations

import structlog
from carenet_core.db import Database, dialect_is_postgres
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from .rules import partition_name

log = structlog.get_logger("carenet.household_audit.partitions")
LOCK_TIMEOUT = "3s"
_LIST = text("""
SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = to_regclass('query_logs')
""")


async def month_partitions(session: AsyncSession) -> dict[str, str]:
    """month → its partition's table name, for every attached month partition (not the default)."""
    if not dialect_is_postgres(session):
        return {}
    out: dict[str, str] = {}
    for name, bound in (await session.execute(_LIST)).all():
        if name.startswith("query_logs_p"):
            month = name.removeprefix("query_logs_p").replace("_", "-")
            if f"'{month}'" in (bound or ""):
                out[month] = name
    return out


async def ensure_partitions(db: Database | None, months: set[str]) -> set[str]:
    """Create the missing month partitions (each in its own short transaction); returns the months created."""
    if db is None or not db.is_postgres or not months:
        return set()
    created: set[str] = set()
    async with db.transaction() as session:
        missing = sorted(months - set(await month_partitions(session)))
    for month in missing:
        name = partition_name(month)
        try:
            async with db.transaction() as session:
                await session.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
                # one creator at a time; a second one finds it made
                await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('household_audit:partitions'))"))
                if month in await month_partitions(session):
                    continue
                stray = await session.scalar(
                    text("SELECT EXISTS (SELECT 1 FROM query_logs_default WHERE month = :m)"), {"m": month}
                )
                if stray:
                    continue  # rows of this month already sit in the default partition: it stays there
                await session.execute(text(f"CREATE TABLE {name} PARTITION OF query_logs FOR VALUES IN ('{month}')"))
            created.add(month)
        except DBAPIError as exc:  # lock timeout: the rows go to the default partition meanwhile
            log.warning("partition_not_created", month=month, error=type(exc.orig).__name__)
    return created


async def drop_partition(session: AsyncSession, month: str) -> dict[str, int]:
    """Detach and drop a month's partition in the caller's transaction; returns its rows per county.

    Raises DBAPIError when the parent cannot be locked within the lock timeout (the caller skips the month).
    """
    name = partition_name(month)
    # the rows per county from the tallies the insert/delete triggers keep (migration household_audit_0006):
    # a look-up, where counting the partition would read every row of the month
    counts = {
        c: int(n)
        for c, n in (
            await session.execute(
                text("SELECT county, sum(rows) FROM query_log_tallies WHERE month = :m GROUP BY county"), {"m": month}
            )
        ).all()
        if n
    }
    before = await session.scalar(text("SELECT current_setting('lock_timeout')"))
    await session.execute(text(f"SELECT set_config('lock_timeout', '{LOCK_TIMEOUT}', true)"))
    await session.execute(text(f"ALTER TABLE query_logs DETACH PARTITION {name}"))
    await session.execute(text(f"DROP TABLE {name}"))
    await session.execute(text("DELETE FROM query_log_tallies WHERE month = :m"), {"m": month})
    await session.execute(text("SELECT set_config('lock_timeout', :v, true)"), {"v": before})
    return counts
