"""Seeds of county-months: created secret, committed (SHA-256 published) before use, revealed at the draw."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from ..common.db import insert_ignore
from .models import MonthSeed
from .rules import commitment_of, new_seed


@dataclass(frozen=True)
class SeedInfo:
    seed: str
    commitment: str
    committed_at: datetime


async def ensure_seeds(
    session: AsyncSession, pairs: set[tuple[str, str]], *, now: datetime
) -> dict[tuple[str, str], SeedInfo]:
    """The seed of each (county, month), creating and committing those not yet made (race-safe)."""
    if not pairs:
        return {}
    rows = []
    for county, month in sorted(pairs):
        seed = new_seed()
        rows.append(
            {
                "county": county,
                "month": month,
                "seed": seed,
                "commitment": commitment_of(seed),
                "committed_at": now,
                "revealed_at": None,
            }
        )
    # A concurrent batch may create the same seed: the first insert wins, everyone reads it back.
    await session.execute(insert_ignore(session, MonthSeed.__table__), rows)
    found = await session.execute(
        select(MonthSeed.county, MonthSeed.month, MonthSeed.seed, MonthSeed.commitment, MonthSeed.committed_at).where(
            tuple_(MonthSeed.county, MonthSeed.month).in_(sorted(pairs))
        )
    )
    return {(c, m): SeedInfo(s, k, at) for c, m, s, k, at in found.all()}
