"""Month partitions on PostgreSQL (declarative partitioning): named, listed, created ahead, dropped whole.

A table partitioned by month has one partition per month (`<table>_p2026_10`) and a DEFAULT partition
(`<table>_default`) that catches a month nobody created a partition for, so an insert never fails. Two
kinds of key: `list` on a `YYYY-MM` text column (household-audit's query logs), `range` on an instant
column, months counted in Taipei (`carenet_core.clock`; the access trail).

A month's partition is created in a short transaction of its own (it locks the parent table, so never
inside a transaction that already holds rows of it), one creator at a time (an advisory lock), with a
lock timeout: when it cannot get the lock, the month's rows land in the DEFAULT partition meanwhile —
still stored and read, only not in their own partition. A partition is never created over rows of its
month already in the default partition (PostgreSQL would refuse): such a month stays there. On SQLite
every function here does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import structlog
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from . import clock
from .db import Database, dialect_is_postgres

log = structlog.get_logger("carenet.partitions")
LOCK_TIMEOUT = "3s"


@dataclass(frozen=True)
class MonthPartitioned:
    """A table partitioned by month on `column` (`list`: a `YYYY-MM` text; `range`: an instant, Taipei months)."""

    table: str
    column: str
    kind: Literal["list", "range"]

    @property
    def default(self) -> str:
        return f"{self.table}_default"

    def partition(self, month: str) -> str:
        """`2026-10` → `<table>_p2026_10`; only a well-formed month gives a name (it is spliced into DDL)."""
        if not clock.MONTH_RE.match(month):
            raise ValueError("month must be YYYY-MM")
        return f"{self.table}_p{month.replace('-', '_')}"

    def bounds(self, month: str) -> str:
        """The `FOR VALUES` clause of a month's partition."""
        self.partition(month)  # validates
        if self.kind == "list":
            return f"FOR VALUES IN ('{month}')"
        lo, hi = month_instants(month)
        return f"FOR VALUES FROM ('{lo}') TO ('{hi}')"

    def in_month(self, month: str) -> tuple[str, dict[str, Any]]:
        """A WHERE condition (and its parameters) that selects a month's rows."""
        if self.kind == "list":
            return f"{self.column} = :m", {"m": month}
        first, _ = clock.parse_month(month)
        return f"{self.column} >= :lo AND {self.column} < :hi", {
            "lo": clock.start_of_day(first),
            "hi": clock.start_of_day(_next_first(first)),
        }


def _next_first(first: date) -> date:
    return clock.add_months(first, 1)


def month_instants(month: str) -> tuple[str, str]:
    """The first instant of a Taipei month and of the next one, as RFC 3339 text (range partition bounds)."""
    first, _ = clock.parse_month(month)
    return clock.start_of_day(first).isoformat(), clock.start_of_day(_next_first(first)).isoformat()


def months_ahead(month: str, count: int) -> list[str]:
    """`month` and the `count - 1` months after it."""
    first, _ = clock.parse_month(month)
    return [clock.month_of(clock.add_months(first, i)) for i in range(count)]


_LIST = text("""
SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = to_regclass(:t)
""")


async def month_partitions(session: AsyncSession, spec: MonthPartitioned) -> dict[str, str]:
    """month → its partition's table name, for every attached month partition (not the default)."""
    if not dialect_is_postgres(session):
        return {}
    out: dict[str, str] = {}
    prefix = f"{spec.table}_p"
    for name, bound in (await session.execute(_LIST, {"t": spec.table})).all():
        if not name.startswith(prefix) or (bound or "").upper() == "DEFAULT":
            continue
        month = name.removeprefix(prefix).replace("_", "-")
        if clock.MONTH_RE.match(month):
            out[month] = name
    return out


async def ensure_partitions(db: Database | None, spec: MonthPartitioned, months: set[str]) -> set[str]:
    """Create the missing month partitions (each in its own short transaction); returns the months created."""
    if db is None or not db.is_postgres or not months:
        return set()
    created: set[str] = set()
    async with db.transaction() as session:
        missing = sorted(months - set(await month_partitions(session, spec)))
    for month in missing:
        name = spec.partition(month)
        try:
            async with db.transaction() as session:
                await session.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
                # one creator at a time; a second one finds it made
                await session.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"{db.schema}:partitions:{spec.table}"}
                )
                if month in await month_partitions(session, spec):
                    continue
                where, params = spec.in_month(month)
                stray = await session.scalar(
                    text(f"SELECT EXISTS (SELECT 1 FROM {spec.default} WHERE {where})"), params
                )
                if stray:
                    continue  # rows of this month already sit in the default partition: it stays there
                await session.execute(text(f"CREATE TABLE {name} PARTITION OF {spec.table} {spec.bounds(month)}"))
            created.add(month)
        except DBAPIError as exc:  # lock timeout: the rows go to the default partition meanwhile
            log.warning("partition_not_created", table=spec.table, month=month, error=type(exc.orig).__name__)
    if created:
        log.info("partitions_created", table=spec.table, months=sorted(created))
    return created


async def detach_and_drop(session: AsyncSession, spec: MonthPartitioned, month: str) -> None:
    """Detach and drop a month's partition in the caller's transaction, under the lock timeout.

    Raises DBAPIError when the parent cannot be locked within the lock timeout (the caller skips the month).
    """
    name = spec.partition(month)
    before = await session.scalar(text("SELECT current_setting('lock_timeout')"))
    await session.execute(text(f"SELECT set_config('lock_timeout', '{LOCK_TIMEOUT}', true)"))
    await session.execute(text(f"ALTER TABLE {spec.table} DETACH PARTITION {name}"))
    await session.execute(text(f"DROP TABLE {name}"))
    await session.execute(text("SELECT set_config('lock_timeout', :v, true)"), {"v": before})


__all__ = [
    "MonthPartitioned",
    "detach_and_drop",
    "ensure_partitions",
    "month_instants",
    "month_partitions",
    "months_ahead",
]
