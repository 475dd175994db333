"""Month partitions of `query_logs` on PostgreSQL: created ahead, dropped whole by the retention purge.

The plumbing (naming, listing, creating ahead under a lock with a lock timeout, the DEFAULT partition's
stray months, detaching) is `carenet_core.partitions`, shared with the access trail; this module adds what
is the query logs' own: a LIST key on `month`, and the rows per county of a dropped month, which come from
`query_log_tallies`, kept by statement triggers on every INSERT/COPY and DELETE through `query_logs` (a
writer that bypasses the parent table bypasses them too). On SQLite every function here does nothing.
"""

from __future__ import annotations

from carenet_core import partitions
from carenet_core.db import Database
from carenet_core.partitions import MonthPartitioned
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

QUERY_LOGS = MonthPartitioned("query_logs", "month", "list")


async def month_partitions(session: AsyncSession) -> dict[str, str]:
    """month → its partition's table name, for every attached month partition (not the default)."""
    return await partitions.month_partitions(session, QUERY_LOGS)


async def ensure_partitions(db: Database | None, months: set[str]) -> set[str]:
    """Create the missing month partitions (each in its own short transaction); returns the months created."""
    return await partitions.ensure_partitions(db, QUERY_LOGS, months)


async def drop_partition(session: AsyncSession, month: str) -> dict[str, int]:
    """Detach and drop a month's partition in the caller's transaction; returns its rows per county.

    Raises DBAPIError when the parent cannot be locked within the lock timeout (the caller skips the month).
    """
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
    await partitions.detach_and_drop(session, QUERY_LOGS, month)
    await session.execute(text("DELETE FROM query_log_tallies WHERE month = :m"), {"m": month})
    return counts
