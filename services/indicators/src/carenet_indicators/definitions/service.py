"""Loading definitions (the version in force for a year) and creating new versions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import NotFound, RuleViolation
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..counties.models import County
from .models import Definition
from .rules import CountyProfile, resolve_target


def profile(county: County) -> CountyProfile:
    return CountyProfile(
        code=county.code,
        financial_class=county.financial_class,
        is_municipality=county.is_municipality,
        is_island=county.is_island,
        kind=county.kind,
        districts=county.districts,
        psychiatric_audit_rate=county.psychiatric_audit_rate,
        suicide_audit_rate=county.suicide_audit_rate,
    )


async def all_versions(session: AsyncSession) -> list[Definition]:
    return list((await session.scalars(select(Definition).order_by(Definition.sort_order, Definition.version))).all())


def in_force(versions: list[Definition], year: int) -> list[Definition]:
    """Per code, the latest version effective in `year` (the earliest one for years before any)."""
    by_code: dict[str, list[Definition]] = {}
    for d in versions:
        by_code.setdefault(d.code, []).append(d)
    chosen = []
    for vs in by_code.values():
        vs.sort(key=lambda d: d.version)
        effective = [d for d in vs if d.effective_from <= year]
        chosen.append(effective[-1] if effective else vs[0])
    return sorted(chosen, key=lambda d: d.sort_order)


async def definitions_for_year(session: AsyncSession, *, year: int) -> list[Definition]:
    """Every indicator's definition in force for `year`, in catalogue order."""
    return in_force(await all_versions(session), year)


async def latest(session: AsyncSession) -> list[Definition]:
    """The newest version of every indicator."""
    versions = await all_versions(session)
    newest: dict[str, Definition] = {}
    for d in versions:
        if d.code not in newest or d.version > newest[d.code].version:
            newest[d.code] = d
    return sorted(newest.values(), key=lambda d: d.sort_order)


async def get_versions(session: AsyncSession, *, code: str) -> list[Definition]:
    rows = list(
        (await session.scalars(select(Definition).where(Definition.code == code).order_by(Definition.version))).all()
    )
    if not rows:
        raise NotFound(f"no indicator {code!r}", code="indicator_not_found")
    return rows


def targets_by_county(definition: Definition, counties: list[County]) -> dict[str, float | None]:
    """The rule resolved for each county where it needs no data (volume or last year's value)."""
    out: dict[str, float | None] = {}
    for c in counties:
        t = resolve_target(definition.targets, profile(c))
        out[c.code] = None if t is None else float(t.threshold)
    return out


CHANGEABLE = ("title", "title_en", "area", "formula", "unit", "period", "direction", "targets", "note")
TARGET_KINDS = {
    "none",
    "at_least",
    "at_most",
    "is_true",
    "by_district_count",
    "by_municipality",
    "by_island",
    "by_county_kind",
    "by_financial_class",
    "by_volume",
    "by_named_counties",
    "below_previous",
    "reduce_previous_by",
}


async def new_version(
    *, session: AsyncSession, code: str, changes: dict[str, Any], effective_from: int, principal: Principal
) -> Definition:
    """A new version of `code` with `changes`; earlier versions (and the scores made with them) stay."""
    versions = await get_versions(session, code=code)
    current = versions[-1]
    if "targets" in changes and changes["targets"].get("kind") not in TARGET_KINDS:
        raise RuleViolation(f"unknown target rule kind; one of {sorted(TARGET_KINDS)}", code="invalid_target_rule")
    if "targets" in changes:
        probe = CountyProfile(
            code="TW-MIA", financial_class=5, is_municipality=False, is_island=False, kind="county", districts=18
        )
        try:
            resolve_target(changes["targets"], probe, volume=100, previous=Decimal(1))
        except (KeyError, TypeError, ValueError, ArithmeticError):
            raise RuleViolation("the target rule lacks a number it needs", code="invalid_target_rule") from None
    if "formula" in changes and changes["formula"].get("kind") not in (
        "ratio",
        "average",
        "count",
        "boolean",
        "yoy_change",
    ):
        raise RuleViolation("formula kind: ratio, average, count, boolean or yoy_change", code="invalid_formula")
    if (
        current.source != "manual"
        and "formula" in changes
        and changes["formula"].get("kind") != current.formula.get("kind")
    ):
        raise RuleViolation("a computed indicator's formula kind is fixed by its code", code="formula_fixed")
    next_version = (await session.scalar(select(func.max(Definition.version)).where(Definition.code == code)) or 0) + 1
    row = Definition(
        **{
            k: getattr(current, k)
            for k in (
                "code",
                "title",
                "title_en",
                "area",
                "formula",
                "unit",
                "period",
                "direction",
                "targets",
                "source",
                "seed_ref",
                "sort_order",
                "note",
            )
        }
    )
    for k, v in changes.items():
        if k in CHANGEABLE and v is not None:
            setattr(row, k, v)
    row.version = next_version
    row.effective_from = effective_from
    row.created_at = clock.now()
    row.created_by = principal.sub
    session.add(row)
    await session.flush()
    return row
