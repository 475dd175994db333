"""Manual facts: validated against the indicator's formula, scoped to the reporter's county, with history."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from carenet_core import clock
from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.errors import Conflict, Forbidden, NotFound, RuleViolation
from carenet_core.etag import check_if_match
from carenet_core.pagination import encode_cursor, keyset_after
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..counties.models import County
from ..definitions.models import Definition
from ..definitions.service import get_versions, in_force
from ..scorecards.rules import parse_period
from .models import Fact, FactRevision
from .schemas import FactIn, FactPatch

# One fact per county, period and indicator for these kinds (a second report is an edit, not an addition).
SINGLE_FACT_KINDS = ("boolean", "yoy_change")
FIELDS = ("value", "numerator", "denominator", "evidence", "note", "status")


def _snapshot(f: Fact) -> dict[str, Any]:
    return {k: (float(v) if isinstance(v, Decimal) else v) for k in FIELDS if (v := getattr(f, k)) is not None}


def _value(v: Decimal | bool | None) -> Decimal | None:
    if isinstance(v, bool):
        return Decimal(1 if v else 0)
    return v


def check_inputs(
    defn: Definition, *, value: Decimal | None, numerator: Decimal | None, denominator: Decimal | None
) -> None:
    """What a fact must carry for its indicator's formula (422 otherwise)."""
    kind = defn.formula.get("kind")
    if kind == "count":
        if value is None or numerator is not None or denominator is not None:
            raise RuleViolation(f"{defn.code} is a count: give `value` only", code="value_required")
        if value < 0 or value != value.to_integral_value():
            raise RuleViolation("a count is a whole number ≥ 0", code="invalid_value")
    elif kind == "boolean":
        if value not in (Decimal(0), Decimal(1)) or numerator is not None or denominator is not None:
            raise RuleViolation(f"{defn.code} is yes/no: give `value` true/false", code="value_required")
    else:  # ratio, yoy_change
        if value is None and numerator is None:
            raise RuleViolation(f"{defn.code}: give `value` or `numerator`/`denominator`", code="value_required")
        if value is not None and numerator is not None:
            raise RuleViolation("give either `value` or `numerator`/`denominator`, not both", code="ambiguous_value")
        if numerator is not None and denominator is None and defn.formula.get("default_denominator") is None:
            raise RuleViolation("a numerator needs its denominator", code="denominator_required")
        if denominator is not None and denominator == 0:
            raise RuleViolation("the denominator must be greater than 0", code="invalid_value")
        if denominator is not None and numerator is None:
            raise RuleViolation("a denominator needs its numerator", code="numerator_required")


def can_write(principal: Principal, county: str) -> None:
    scope = principal.county_scope()
    if scope is not None and scope != county:
        raise Forbidden("a county reports its own facts only", code="out_of_jurisdiction")


async def _definition(session: AsyncSession, code: str, year: int) -> Definition:
    try:
        versions = await get_versions(session, code=code)
    except NotFound:
        raise RuleViolation(f"no indicator {code!r}", code="unknown_indicator") from None
    return in_force(versions, year)[0]


async def create_fact(*, session: AsyncSession, body: FactIn, principal: Principal) -> Fact:
    """A new active fact with its first history entry (409 when the indicator takes one fact per period)."""
    can_write(principal, body.county)
    if await session.get(County, body.county) is None:
        raise RuleViolation(f"no county {body.county!r}", code="unknown_county")
    try:
        period = parse_period(body.period)
    except ValueError as exc:
        raise RuleViolation(str(exc), code="invalid_period") from None
    if period.kind == "half":  # a half-year is scored from its quarters' facts, never reported itself
        raise RuleViolation("facts are reported per year (YYYY) or quarter (YYYY-Qn)", code="invalid_period")
    defn = await _definition(session, body.code, period.year)
    if defn.source == "case_mgmt":  # workforce's codes take a manual fact until its feed replaces it
        raise RuleViolation(
            f"{defn.code} is computed from case-mgmt's records; it takes no manual facts", code="computed_indicator"
        )
    if defn.formula.get("kind") == "half_years_signed":  # only a sign-off in workforce says a half-year was reviewed
        raise RuleViolation(
            f"{defn.code} comes from workforce's account-review sign-offs; it takes no manual facts",
            code="computed_indicator",
        )
    if defn.period == "year" and period.kind != "year":
        raise RuleViolation(f"{defn.code} is reported per year (YYYY)", code="period_granularity")
    value = _value(body.value)
    check_inputs(defn, value=value, numerator=body.numerator, denominator=body.denominator)
    if defn.formula.get("kind") in SINGLE_FACT_KINDS:
        existing = await session.scalar(
            select(Fact.id).where(
                Fact.county == body.county, Fact.period == period.label, Fact.code == body.code, Fact.status == "active"
            )
        )
        if existing is not None:
            raise Conflict(
                "this indicator already has a fact for the period; edit it instead", code="fact_exists", id=existing
            )
    now = clock.now()
    fact = Fact(
        id=str(uuid.uuid4()),
        county=body.county,
        period=period.label,
        year=period.year,
        code=body.code,
        value=value,
        numerator=body.numerator,
        denominator=body.denominator,
        evidence=body.evidence,
        note=body.note,
        status="active",
        version=1,
        created_at=now,
        created_by=principal.sub,
        updated_at=now,
        updated_by=principal.sub,
    )
    session.add(fact)
    await session.flush()
    session.add(
        FactRevision(
            fact_id=fact.id,
            version=1,
            action="created",
            at=now,
            by=principal.sub,
            reason=None,
            before=None,
            after=_snapshot(fact),
        )
    )
    return fact


async def get_fact(*, session: AsyncSession, fact_id: str, principal: Principal) -> Fact:
    """The fact, or 404 (also outside the caller's county)."""
    fact = await session.get(Fact, fact_id)
    scope = principal.county_scope()
    if fact is None or (scope is not None and fact.county != scope):
        raise NotFound("no such fact", code="fact_not_found")
    return fact


def _check_if_match(fact: Fact, if_match: str | None) -> None:
    """A stale If-Match is 412 (core scheme); an edit without If-Match is still accepted, as before."""
    if if_match is not None:
        check_if_match(if_match, fact.version)


async def edit_fact(
    *, session: AsyncSession, fact_id: str, patch: FactPatch, principal: Principal, if_match: str | None
) -> Fact:
    """Apply an edit (412 on a stale If-Match) and record before/after in the history."""
    fact = await get_fact(session=session, fact_id=fact_id, principal=principal)
    can_write(principal, fact.county)
    if fact.status != "active":
        raise Conflict("a withdrawn fact cannot be edited", code="fact_withdrawn")
    _check_if_match(fact, if_match)
    changes = patch.model_dump(exclude_unset=True)
    reason = changes.pop("reason", None)
    if "value" in changes:
        changes["value"] = _value(changes["value"])
    merged = {k: changes.get(k, getattr(fact, k)) for k in ("value", "numerator", "denominator")}
    # Switching between a plain value and numerator/denominator: the side not given is cleared.
    if "value" in changes and changes["value"] is not None:
        merged["numerator"] = merged["denominator"] = None
    elif "numerator" in changes and changes["numerator"] is not None:
        merged["value"] = None
    defn = await _definition(session, fact.code, fact.year)
    check_inputs(defn, **merged)
    if changes.get("evidence", "") is None:
        raise RuleViolation("evidence cannot be removed", code="evidence_required")
    before = _snapshot(fact)
    for k, v in {**merged, **{k: v for k, v in changes.items() if k in ("evidence", "note")}}.items():
        setattr(fact, k, v)
    fact.version += 1
    fact.updated_at = clock.now()
    fact.updated_by = principal.sub
    session.add(
        FactRevision(
            fact_id=fact.id,
            version=fact.version,
            action="edited",
            at=fact.updated_at,
            by=principal.sub,
            reason=reason,
            before=before,
            after=_snapshot(fact),
        )
    )
    await session.flush()
    return fact


async def withdraw_fact(
    *, session: AsyncSession, fact_id: str, principal: Principal, reason: str | None, if_match: str | None
) -> Fact:
    """Withdraw a fact (kept, with history; no longer counted)."""
    fact = await get_fact(session=session, fact_id=fact_id, principal=principal)
    can_write(principal, fact.county)
    _check_if_match(fact, if_match)
    if fact.status == "withdrawn":
        return fact
    before = _snapshot(fact)
    fact.status = "withdrawn"
    fact.version += 1
    fact.updated_at = clock.now()
    fact.updated_by = principal.sub
    session.add(
        FactRevision(
            fact_id=fact.id,
            version=fact.version,
            action="withdrawn",
            at=fact.updated_at,
            by=principal.sub,
            reason=reason,
            before=before,
            after=_snapshot(fact),
        )
    )
    await session.flush()
    return fact


async def history(*, session: AsyncSession, fact_id: str, principal: Principal) -> list[FactRevision]:
    fact = await get_fact(session=session, fact_id=fact_id, principal=principal)
    return list(
        (
            await session.scalars(
                select(FactRevision).where(FactRevision.fact_id == fact.id).order_by(FactRevision.version)
            )
        ).all()
    )


async def list_facts(
    *,
    session: AsyncSession,
    principal: Principal,
    county: str | None,
    period: str | None,
    code: str | None,
    include_withdrawn: bool,
    limit: int,
    cursor: str | None,
) -> tuple[list[Fact], str | None]:
    """Facts the caller may see, newest first (keyset on created_at, id)."""
    stmt = select(Fact)
    stmt = scope_to_jurisdiction(stmt, principal, Fact.county)
    if county:
        stmt = stmt.where(Fact.county == county)
    if period:
        stmt = stmt.where(Fact.period == period)
    if code:
        stmt = stmt.where(Fact.code == code)
    if not include_withdrawn:
        stmt = stmt.where(Fact.status == "active")
    stmt = keyset_after(stmt, [Fact.created_at, Fact.id], cursor, descending=True, types=[datetime.min, ""])
    rows = list((await session.scalars(stmt.limit(limit + 1))).all())
    nxt = encode_cursor([rows[limit - 1].created_at.isoformat(), rows[limit - 1].id]) if len(rows) > limit else None
    return rows[:limit], nxt
