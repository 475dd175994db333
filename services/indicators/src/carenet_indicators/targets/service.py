"""County targets: set by the ministry (any county) or a county admin (own county, never below the
class target), with evidence; read by the scorecard, which shows where each target came from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.db import get_or_404
from carenet_core.errors import Forbidden, NotFound, RuleViolation
from carenet_core.etag import check_if_match
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..counties.models import County
from ..definitions.models import Definition
from ..definitions.rules import Op, Target, resolve_target, scale_to_period
from ..definitions.service import get_versions, in_force, profile
from ..scorecards.rules import Period, parse_period
from .models import CountyTarget
from .rules import less_demanding, op_for
from .schemas import CountyTargetIn


@dataclass(frozen=True)
class SetTarget:
    row: CountyTarget
    created: bool
    class_target: Target | None


def class_target(defn: Definition, county: County, period: Period) -> Target | None:
    """The class target of `defn` for `county`, scaled to `period` (None when it needs data or there is none)."""
    target = resolve_target(defn.targets, profile(county))
    return scale_to_period(
        target,
        natural=defn.period,
        scoring=period.kind,
        formula_kind=str(defn.formula.get("kind", "")),
        prorate=bool(defn.formula.get("prorate")),
    )


async def _context(session: AsyncSession, *, county: str, code: str, period: str) -> tuple[County, Definition, Period]:
    row = await get_or_404(session, County, county, detail=f"no county {county!r}", code="county_not_found")
    try:
        p = parse_period(period)
    except ValueError as exc:
        raise RuleViolation(str(exc), code="invalid_period") from None
    defn = in_force(await get_versions(session, code=code), p.year)[0]
    return row, defn, p


async def set_target(
    *,
    session: AsyncSession,
    county: str,
    code: str,
    period: str,
    body: CountyTargetIn,
    principal: Principal,
    if_match: str | None,
) -> SetTarget:
    """The county's target for `code` and `period`, created or replaced (a county admin: own county,
    never less demanding than the class target → 422 `below_class_target`)."""
    scope = principal.county_scope()
    if scope is not None and scope != county:
        raise Forbidden("a county sets its own targets only", code="out_of_jurisdiction")
    county_row, defn, p = await _context(session, county=county, code=code, period=period)
    base = class_target(defn, county_row, p)
    if not principal.has("ministry") and less_demanding(body.target, base):
        raise RuleViolation(
            f"a county may raise the target ({base.threshold if base else ''}) but not lower it",
            code="below_class_target",
        )
    row = await session.get(CountyTarget, (county, code, p.label))
    created = row is None
    now = clock.now()
    if row is None:
        row = CountyTarget(county=county, code=code, period=p.label, version=0)
        session.add(row)
    elif if_match is not None:  # optional, as for facts; a stale one is 412
        check_if_match(if_match, row.version)
    row.threshold = body.target
    row.op = op_for(defn.direction, base)
    row.evidence = body.evidence
    row.note = body.note
    row.version = (row.version or 0) + 1
    row.set_at = now
    row.set_by = principal.sub
    await session.flush()
    return SetTarget(row=row, created=created, class_target=base)


async def list_targets(
    *, session: AsyncSession, county: str, year: int | None, principal: Principal
) -> list[tuple[CountyTarget, Target | None]]:
    """The county's own targets (404 outside the caller's county), each with the class target it overrides."""
    scope = principal.county_scope()
    county_row = await session.get(County, county)
    if county_row is None or (scope is not None and scope != county):
        raise NotFound(f"no county {county!r}", code="county_not_found")
    stmt = select(CountyTarget).where(CountyTarget.county == county)
    rows = list((await session.scalars(stmt.order_by(CountyTarget.period, CountyTarget.code))).all())
    if year is not None:
        rows = [r for r in rows if r.period[:4] == str(year)]
    out = []
    for r in rows:
        p = parse_period(r.period)
        defn = in_force(await get_versions(session, code=r.code), p.year)[0]
        out.append((r, class_target(defn, county_row, p)))
    return out


async def overrides_for(
    session: AsyncSession, *, counties: list[str], period: Period
) -> dict[tuple[str, str], tuple[CountyTarget, Period]]:
    """(county, code) → the county target that judges `period`: the period's own, else its year's."""
    labels = [period.label, str(period.year)]
    rows = (
        await session.scalars(
            select(CountyTarget).where(CountyTarget.county.in_(counties), CountyTarget.period.in_(labels))
        )
    ).all()
    out: dict[tuple[str, str], tuple[CountyTarget, Period]] = {}
    for r in sorted(rows, key=lambda r: r.period != period.label):  # the period's own first
        out.setdefault((r.county, r.code), (r, parse_period(r.period)))
    return out


OPS: dict[str, Op] = {">=": ">=", "<=": "<=", "<": "<", "==": "=="}


def as_target(row: CountyTarget) -> Target:
    return Target(Decimal(row.threshold), OPS.get(row.op, ">="))
