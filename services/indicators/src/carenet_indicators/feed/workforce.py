"""Applying workforce's `staffing.fact` events: each is the fact for (county, period, code), source
`workforce` (docs/events.md, wave 2).

A later event for the same key replaces the earlier one (the fact is edited, its history keeps the
old numbers); a replayed or older event changes nothing (`source_seq`). A manual fact for the same
key is withdrawn, with the reason in its history: the staffing records are the better source.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import structlog
from carenet_core import clock
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..definitions.models import Definition
from ..facts.models import Fact, FactRevision
from ..scorecards.rules import parse_period

log = structlog.get_logger("carenet.indicators.feed")
WORKFORCE_FEED = "workforce"
ACTOR = "feed:workforce"
FIELDS = ("value", "numerator", "denominator", "evidence", "status")


def _number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None


def _snapshot(f: Fact) -> dict[str, Any]:
    return {k: (float(v) if isinstance(v, Decimal) else v) for k in FIELDS if (v := getattr(f, k)) is not None}


def _at(value: Any) -> datetime:
    try:
        at = datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        at = None
    return at if at is not None and at.tzinfo is not None else clock.now()


async def apply_staffing_fact(session: AsyncSession, event: dict[str, Any]) -> None:
    """Store one `staffing.fact` as the workforce fact of its county, period and code (idempotent)."""
    if event.get("type") != "staffing.fact":
        return
    seq = int(event["seq"])
    d = event.get("data") or {}
    try:
        county, code = str(d["county"]), str(d["code"])
        period = parse_period(str(d["period"]))
        value, numerator, denominator = (
            _number(d.get("value")),
            _number(d.get("numerator")),
            _number(d.get("denominator")),
        )
    except (KeyError, ValueError) as exc:
        log.warning("feed_event_skipped", feed=WORKFORCE_FEED, seq=seq, error=type(exc).__name__)
        return
    if await session.scalar(select(Definition.code).where(Definition.code == code).limit(1)) is None:
        log.warning("feed_event_skipped", feed=WORKFORCE_FEED, seq=seq, error="unknown_indicator")
        return
    if numerator is not None and denominator is not None and denominator != 0:
        value = None  # the scorecard computes the ratio from its parts, as for a manual fact
    else:
        numerator = denominator = None
    evidence = str(d.get("evidence") or "workforce staffing records")[:500]
    at = _at(d.get("computed_at"))
    active = (
        await session.scalars(
            select(Fact).where(
                Fact.county == county, Fact.period == period.label, Fact.code == code, Fact.status == "active"
            )
        )
    ).all()
    mine = next((f for f in active if f.source == "workforce"), None)
    if mine is not None and (mine.source_seq or 0) >= seq:
        return  # a replay, or older than what we have
    for manual in (f for f in active if f.source != "workforce"):
        _revise(session, manual, action="withdrawn", at=at, reason="replaced by workforce staffing.fact")
        manual.status = "withdrawn"
    if mine is None:
        mine = Fact(
            id=str(uuid.uuid4()),
            county=county,
            period=period.label,
            year=period.year,
            code=code,
            status="active",
            source="workforce",
            version=0,
            created_at=at,
            created_by=ACTOR,
        )
        session.add(mine)
    before = _snapshot(mine) if mine.version else None
    mine.value, mine.numerator, mine.denominator, mine.evidence = value, numerator, denominator, evidence
    mine.source_seq = seq
    mine.version = (mine.version or 0) + 1
    mine.updated_at, mine.updated_by = at, ACTOR
    await session.flush()
    session.add(
        FactRevision(
            fact_id=mine.id,
            version=mine.version,
            action="created" if before is None else "edited",
            at=at,
            by=ACTOR,
            reason=f"staffing.fact seq {seq}",
            before=before,
            after=_snapshot(mine),
        )
    )


def _revise(session: AsyncSession, fact: Fact, *, action: str, at: datetime, reason: str) -> None:
    before = _snapshot(fact)
    fact.version += 1
    fact.updated_at, fact.updated_by = at, ACTOR
    after = {**before, "status": "withdrawn"}
    session.add(
        FactRevision(
            fact_id=fact.id,
            version=fact.version,
            action=action,
            at=at,
            by=ACTOR,
            reason=reason,
            before=before,
            after=after,
        )
    )
