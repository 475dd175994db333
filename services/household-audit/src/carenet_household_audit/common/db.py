"""Dialect helpers of this service: INSERT … ON CONFLICT DO NOTHING and per-county-month locks."""

from __future__ import annotations

from typing import Any

from carenet_core.db import dialect_is_postgres
from sqlalchemy import Table, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_ignore(session: AsyncSession, table: Table) -> Any:
    """`INSERT … ON CONFLICT DO NOTHING` for the session's dialect."""
    ins = postgresql.insert(table) if dialect_is_postgres(session) else sqlite.insert(table)
    return ins.on_conflict_do_nothing()


def month_lock_key(county: str, month: str) -> str:
    return f"household_audit:month:{county}:{month}"


async def lock_months(session: AsyncSession, pairs: list[tuple[str, str]], *, shared: bool) -> None:
    """Lock county-months until the transaction ends: ingest shares, the draw is exclusive.

    A draw therefore waits for in-flight batches of its month and sees them all; a batch that
    starts after the draw sees the sampling and files its records as late. SQLite's single writer
    (BEGIN IMMEDIATE) already serialises the two.
    """
    if not dialect_is_postgres(session):
        return
    fn = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    for county, month in sorted(set(pairs)):  # one order everywhere: no deadlock between batches
        await session.execute(text(f"SELECT {fn}(hashtextextended(:k, 0))"), {"k": month_lock_key(county, month)})
