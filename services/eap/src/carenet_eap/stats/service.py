"""Programme statistics for eap_admin: counts by year and dimension, small cells suppressed."""

from __future__ import annotations

from collections import Counter
from typing import Any

from carenet_core import clock
from carenet_core.errors import RuleViolation
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..bookings.models import Booking
from ..common import GENDERS, KINDS, taipei_year_bounds
from ..counsellors.models import Counsellor
from ..selfchecks.models import SelfCheckResult
from ..surveys.models import SatisfactionResponse
from . import rules

DIMENSIONS = {
    "kind": Booking.kind,
    "gender": Booking.employee_gender,
    "disability": Booking.employee_disability,
    "issue_category": Booking.issue_category,
    "agency": Booking.agency,
    "flow": Booking.flow,
    "mode": Booking.mode,
    "counsellor_gender": Counsellor.gender,
}
FIXED_VALUES: dict[str, list[str]] = {
    "kind": list(KINDS),
    "gender": list(GENDERS),
    "disability": ["yes", "no"],
    "counsellor_gender": list(GENDERS),
    "flow": ["self", "referral", "crisis"],
    "mode": ["in_person", "video", "phone"],
}
MEASURES = {
    "bookings": ("booked", "attended", "no_show"),
    "attended": ("attended",),
    "no_shows": ("no_show",),
}
UNKNOWN = "unknown"


def parse_by(by: str) -> list[str]:
    dims = [d.strip() for d in by.split(",") if d.strip()]
    bad = [d for d in dims if d not in DIMENSIONS]
    if bad or not dims or len(dims) > 3 or len(set(dims)) != len(dims):
        raise RuleViolation(
            f"`by` takes 1–3 distinct dimensions of: {', '.join(DIMENSIONS)}", code="invalid_by", invalid=bad
        )
    return dims


async def booking_table(
    *, session: AsyncSession, year: int | None, dims: list[str], measure: str, threshold: int
) -> dict[str, Any]:
    """The year's counts of `measure` by `dims`, with primary and complementary suppression."""
    year = year or clock.today().year
    if measure not in MEASURES:
        raise RuleViolation(f"`measure` is one of: {', '.join(MEASURES)}", code="invalid_measure")
    lo, hi = taipei_year_bounds(year)
    cols = [DIMENSIONS[d] for d in dims]
    stmt = (
        select(*cols, func.count())
        .select_from(Booking)
        .join(Counsellor, Counsellor.id == Booking.counsellor_id)
        .where(Booking.starts_at >= lo, Booking.starts_at < hi, Booking.status.in_(MEASURES[measure]))
        .group_by(*cols)
    )
    counts: Counter[tuple[str, ...]] = Counter()
    for *values, n in (await session.execute(stmt)).all():
        counts[tuple(v if v is not None else UNKNOWN for v in values)] += int(n)
    values_per_dim = []
    for i, d in enumerate(dims):
        seen = {k[i] for k in counts}
        fixed = FIXED_VALUES.get(d, [])
        values_per_dim.append(fixed + sorted(seen - set(fixed)))
    table = rules.suppress(dims, values_per_dim, dict(counts), threshold=threshold)

    def entry(key: dict[str, str], value: int | None) -> dict[str, Any]:
        return {**key, "count": value, "suppressed": value is None}

    cells = [entry(dict(zip(dims, k, strict=True)), v) for k, v in table.cells.items()]
    margins = (
        {d: [entry({d: v}, n) for v, n in table.margins[i].items()] for i, d in enumerate(dims)}
        if table.margins
        else {}
    )
    return {
        "year": year,
        "by": dims,
        "measure": measure,
        "threshold": threshold,
        "cells": cells,
        "margins": margins,
        "total": {"count": table.total, "suppressed": table.total is None},
    }


async def satisfaction_table(*, session: AsyncSession, year: int | None, threshold: int) -> dict[str, Any]:
    """Average overall satisfaction by kind; a kind with too few responses (or one that reveals another) is null."""
    year = year or clock.today().year
    rows = (
        await session.execute(
            select(SatisfactionResponse.kind, func.count(), func.sum(SatisfactionResponse.overall))
            .where(SatisfactionResponse.year == year)
            .group_by(SatisfactionResponse.kind)
        )
    ).all()
    n = {k: int(c) for k, c, _ in rows}
    s = {k: int(t or 0) for k, _, t in rows}
    table = rules.suppress(["kind"], [list(KINDS)], {(k,): c for k, c in n.items()}, threshold=threshold)

    def cell(kind: str, count: int | None, total: int) -> dict[str, Any]:
        return {
            "kind": kind,
            "responses": count,
            "suppressed": count is None,
            "average_overall": round(total / count, 2) if count else None,
        }

    items = [cell(k[0], v, s.get(k[0], 0)) for k, v in table.cells.items()]
    return {"year": year, "threshold": threshold, "items": items, "total": cell("all", table.total, sum(s.values()))}


BANDS = ["normal", "mild", "moderate", "severe"]


async def self_check_table(*, session: AsyncSession, year: int | None, threshold: int) -> dict[str, Any]:
    """Anonymous BSRS-5 self-checks of the year by agency code × band, with primary and complementary suppression.

    Seed 002: 「提供簡式健康量表…並對結果進行分析，篩檢出潛在高危險群機關」 — agencies, never people.
    Checks without an agency code count under `unknown`; the year defaults to this one (Asia/Taipei).
    """
    year = year or clock.today().year
    stmt = (
        select(SelfCheckResult.agency_code, SelfCheckResult.band, func.count())
        .where(SelfCheckResult.month.startswith(f"{year:04d}-"))
        .group_by(SelfCheckResult.agency_code, SelfCheckResult.band)
    )
    counts: Counter[tuple[str, ...]] = Counter()
    for agency, band, n in (await session.execute(stmt)).all():
        counts[(agency or UNKNOWN, band)] += int(n)
    agencies = sorted({k[0] for k in counts})
    table = rules.suppress(["agency", "band"], [agencies, BANDS], dict(counts), threshold=threshold)

    def entry(key: dict[str, str], value: int | None) -> dict[str, Any]:
        return {**key, "count": value, "suppressed": value is None}

    return {
        "year": year,
        "by": ["agency", "band"],
        "measure": "self_checks",
        "threshold": threshold,
        "cells": [entry({"agency": k[0], "band": k[1]}, v) for k, v in table.cells.items()],
        "margins": {
            d: [entry({d: v}, n) for v, n in table.margins[i].items()] for i, d in enumerate(["agency", "band"])
        }
        if table.margins
        else {},
        "total": {"count": table.total, "suppressed": table.total is None},
    }
