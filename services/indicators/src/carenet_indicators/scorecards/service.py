"""Scorecards: every indicator of a county and period, computed from the projections and manual facts.

Computed indicators are SQL aggregates grouped by county (one query per input, whatever the
number of counties), so one county or all 22 cost the same handful of queries. A score depends
only on the projections, the facts and the definition version in force — recomputing a past
period with the same inputs gives the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import NotFound, RuleViolation
from sqlalchemy import and_, case, distinct, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..counties.models import County
from ..definitions.models import Definition
from ..definitions.rules import is_met, resolve_target, scale_to_period
from ..definitions.service import definitions_for_year, profile
from ..facts.models import Fact
from ..feed.models import (
    CaseProjection,
    ConferenceProjection,
    DischargePlanProjection,
    DischargeProjection,
    IncidentProjection,
    VisitAuditRecordProjection,
    VisitProjection,
)
from ..feed.service import feed_status
from ..targets.models import CountyTarget
from ..targets.rules import pick_target
from ..targets.service import as_target, overrides_for
from .rules import Period, account_reviews_signed, half_years_ended, parse_period, ratio


@dataclass
class Raw:
    """The inputs of one item before the target is applied."""

    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    volume: int | None = None
    previous: Decimal | None = None
    fact_ids: list[str] = field(default_factory=list)
    not_met_ids: list[str] = field(default_factory=list)
    not_met_count: int | None = None
    pending: int | None = None
    overdue: int | None = None  # ended half-years without a signed-off account review
    as_of: datetime | None = None
    value_period: str | None = None  # a lagged indicator: the period whose data it scores
    previous_period: str | None = None


def period_or_422(text: str) -> Period:
    try:
        return parse_period(text)
    except ValueError as exc:
        raise RuleViolation(str(exc), code="invalid_period") from None


def today_taipei() -> date:
    """Which day it is for the pending count (Asia/Taipei decides "which day")."""
    return clock.today()


def aware(at: datetime | None) -> datetime | None:
    """Instants read back from SQLite lose their offset; they were written in UTC."""
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


def _d(x: Any) -> Decimal:
    return Decimal(0) if x is None else Decimal(str(x))


# --- computed inputs (case-mgmt feed) -------------------------------------------------------------


def _open_in(p: Period) -> Any:
    c = CaseProjection
    return and_(
        or_(c.intake_date.is_(None), c.intake_date <= p.end), or_(c.closed_on.is_(None), c.closed_on >= p.start)
    )


def _in_scope(col: Any, counties: list[str] | None) -> Any:
    return col.in_(counties) if counties is not None else True


def _first_visit_in_time() -> Any:
    """case-mgmt's verdict when it sent one; else a `met` visit of the plan's case between upload and due date."""
    p, v = DischargePlanProjection, VisitProjection
    fallback = exists().where(
        v.case_id == p.case_id, v.visit_date >= p.upload_date, v.visit_date <= p.first_visit_due, v.outcome == "met"
    )
    return case((p.first_visit_within_14_days.is_not(None), p.first_visit_within_14_days), else_=fallback)


def _needs_follow_up() -> Any:
    """A discharge in the upload indicator: a plan's `needs_follow_up` decides when a plan says so,
    else the notice's (feed/rules.py `needs_follow_up`, in SQL)."""
    d, p = DischargeProjection, DischargePlanProjection
    plan_yes = exists().where(p.discharge_id == d.discharge_id, p.needs_follow_up.is_(True))
    plan_no = exists().where(p.discharge_id == d.discharge_id, p.needs_follow_up.is_(False))
    return or_(plan_yes, and_(d.needs_follow_up.is_(True), ~plan_no))


def _plan_in_time() -> Any:
    """A plan of the discharge uploaded on or before the discharge day + 14 (出院後2星期內)."""
    d, p = DischargeProjection, DischargePlanProjection
    return exists().where(p.discharge_id == d.discharge_id, p.upload_date <= d.plan_due)


MEDIA = "media_reported"


def _with_expert() -> Any:
    """A conference counts with an external expert (seed 001 p.53 外部專家督導; p.50 邀請專業督導);
    an event from before wave 2 carries no flag and counts as before."""
    k = ConferenceProjection
    return or_(k.has_external_expert.is_(True), k.has_external_expert.is_(None))


async def computed_inputs(
    session: AsyncSession, *, period: Period, counties: list[str] | None, drill: int = 0
) -> dict[str, dict[str, Raw]]:
    """county → code → Raw for every computed code; `drill` > 0 also lists up to that many not-met ids."""
    out: dict[str, dict[str, Raw]] = defaultdict(dict)
    s, e = period.start, period.end
    P, V, C, A, K = (
        DischargePlanProjection,
        VisitProjection,
        CaseProjection,
        VisitAuditRecordProjection,
        ConferenceProjection,
    )

    # discharge_plan_upload_14d (seed 001 計算公式): discharges needing community follow-up in the
    # period (from the notices; a plan never uploaded still counts) / of them, plan uploaded by day 14.
    D = DischargeProjection
    rows = await session.execute(
        select(D.county, func.count(), func.sum(case((_plan_in_time(), 1), else_=0)))
        .where(_in_scope(D.county, counties), D.discharged_at >= s, D.discharged_at <= e, _needs_follow_up())
        .group_by(D.county)
    )
    for county, den, num in rows:
        out[county]["discharge_plan_upload_14d"] = Raw(numerator=_d(num), denominator=_d(den))

    # discharge_first_visit_14d: plans uploaded in the period; numerator = first visit within 14 days of upload.
    in_time = _first_visit_in_time()
    today = today_taipei()
    rows = await session.execute(
        select(
            P.county,
            func.count(),
            func.sum(case((in_time, 1), else_=0)),
            func.sum(case((and_(P.first_visit_id.is_(None), P.first_visit_due >= today), 1), else_=0)),
        )
        .where(_in_scope(P.county, counties), P.upload_date >= s, P.upload_date <= e)
        .group_by(P.county)
    )
    for county, den, num, pending in rows:
        out[county]["discharge_first_visit_14d"] = Raw(
            numerator=_d(num), denominator=_d(den), pending=int(pending or 0)
        )

    # Visits of the period by kind: average visits (psychiatric) and the audit rates' denominators.
    psy_visits: dict[str, int] = {}
    sui_visits: dict[str, int] = {}
    rows = await session.execute(
        select(
            V.county,
            func.sum(case((V.is_psychiatric.is_(True), 1), else_=0)),
            func.sum(case((V.is_suicide.is_(True), 1), else_=0)),
        )
        .where(_in_scope(V.county, counties), V.visit_date >= s, V.visit_date <= e)
        .group_by(V.county)
    )
    for county, psy, sui in rows:
        psy_visits[county], sui_visits[county] = int(psy or 0), int(sui or 0)

    # Cases open at some point in the period (曾經及目前在案): coverage and the average's denominator.
    psy_cases: dict[str, int] = {}
    if counties is not None and len(counties) <= 3:
        # A few counties: the cases visited in their own county come from one range scan of the
        # county's visits; only the others (not visited there — e.g. transferred) are probed through
        # the (case_id, visit_date) index for a visit anywhere. CASE keeps that order.
        visited_here = (
            select(V.case_id).where(V.county.in_(counties), V.visit_date >= s, V.visit_date <= e).distinct().subquery()
        )
        visited_flag = exists().where(V.case_id == C.case_id, V.visit_date >= s, V.visit_date <= e)
        visited_case = case((visited_here.c.case_id.is_not(None), 1), (visited_flag, 1), else_=0)
        stmt = (
            select(
                C.county, func.count(), func.sum(visited_case), func.sum(case((C.is_psychiatric.is_(True), 1), else_=0))
            )
            .select_from(C)
            .outerjoin(visited_here, visited_here.c.case_id == C.case_id)
        )
    else:
        # Many counties: one hash join on the period's distinct visited cases beats a probe per case.
        visited = select(V.case_id).where(V.visit_date >= s, V.visit_date <= e).distinct().subquery()
        stmt = (
            select(
                C.county,
                func.count(),
                func.count(visited.c.case_id),
                func.sum(case((C.is_psychiatric.is_(True), 1), else_=0)),
            )
            .select_from(C)
            .outerjoin(visited, visited.c.case_id == C.case_id)
        )
    rows = await session.execute(stmt.where(_in_scope(C.county, counties), _open_in(period)).group_by(C.county))
    for county, den, num, psy in rows:
        out[county]["service_coverage"] = Raw(numerator=_d(num), denominator=_d(den))
        psy_cases[county] = int(psy or 0)
    for county in set(psy_visits) | set(psy_cases):
        out[county]["avg_visits_per_psychiatric_case"] = Raw(
            numerator=_d(psy_visits.get(county, 0)), denominator=_d(psy_cases.get(county, 0))
        )

    # Visit-record audits: distinct audited visits of the period's quarters / visits of the period.
    audited: dict[tuple[str, str], int] = {}
    rows = await session.execute(
        select(A.county, A.kind, func.count(distinct(A.visit_id)))
        .where(_in_scope(A.county, counties), A.quarter.in_(period.quarters))
        .group_by(A.county, A.kind)
    )
    for county, kind, n in rows:
        audited[(county, kind)] = int(n)
    quarters = len(period.quarters)
    for county in set(psy_visits) | {c for c, _ in audited}:
        for code, kind, visits in (
            ("psychiatric_visit_audit_rate", "psychiatric", psy_visits),
            ("suicide_visit_audit_rate", "suicide_attempt", sui_visits),
        ):
            den = visits.get(county, 0)
            # The volume class is quarterly: a year is judged on its average quarter.
            out[county][code] = Raw(
                numerator=_d(audited.get((county, kind), 0)), denominator=_d(den), volume=round(den / quarters)
            )

    # Conferences held (個案管理會議): all, psychiatric (+combined), suicide (+combined).
    rows = await session.execute(
        select(K.county, K.kind, func.count())
        .where(_in_scope(K.county, counties), K.held_on >= s, K.held_on <= e, _with_expert())
        .group_by(K.county, K.kind)
    )
    meetings: dict[str, dict[str, int]] = defaultdict(dict)
    for county, kind, n in rows:
        meetings[county][kind] = int(n)
    for county, by_kind in meetings.items():
        total = sum(by_kind.values())
        out[county]["case_management_meetings"] = Raw(value=_d(total))
        out[county]["psychiatric_case_management_meetings"] = Raw(
            value=_d(by_kind.get("psychiatric", 0) + by_kind.get("combined", 0))
        )
        out[county]["suicide_case_management_meetings"] = Raw(
            value=_d(by_kind.get("suicide", 0) + by_kind.get("combined", 0))
        )

    # Media-reported incidents (half-year report): count, flash report and conference on time.
    Inc = IncidentProjection
    today = today_taipei()
    rows = await session.execute(
        select(
            Inc.county,
            func.count(),
            func.sum(case((Inc.flash_report_on_time.is_(True), 1), else_=0)),
            func.sum(case((Inc.conference_on_time.is_(True), 1), else_=0)),
            func.sum(case((and_(Inc.flash_report_filed_on.is_(None), Inc.flash_report_due >= today), 1), else_=0)),
            func.sum(case((and_(Inc.conference_held_on.is_(None), Inc.conference_due >= today), 1), else_=0)),
        )
        .where(_in_scope(Inc.county, counties), Inc.kind == MEDIA, Inc.occurred_on >= s, Inc.occurred_on <= e)
        .group_by(Inc.county)
    )
    for county, n, flash, conf, flash_open, conf_open in rows:
        out[county]["media_reported_incidents"] = Raw(value=_d(n))
        out[county]["media_flash_report_on_time_rate"] = Raw(
            numerator=_d(flash), denominator=_d(n), pending=int(flash_open or 0)
        )
        out[county]["media_conference_on_time_rate"] = Raw(
            numerator=_d(conf), denominator=_d(n), pending=int(conf_open or 0)
        )

    if drill and counties is not None:
        for county in counties:
            for code in (
                "discharge_plan_upload_14d",
                "discharge_first_visit_14d",
                "service_coverage",
                "case_management_meetings",
                "psychiatric_case_management_meetings",
                "suicide_case_management_meetings",
                "media_flash_report_on_time_rate",
                "media_conference_on_time_rate",
            ):
                raw = out[county].get(code)
                if raw is None:
                    continue
                ids = await drill_ids(session, code=code, county=county, period=period, limit=drill)
                if code.endswith("meetings"):
                    raw.fact_ids = ids["included"]
                else:
                    raw.not_met_ids = ids["not_met"]
                    raw.not_met_count = int((raw.denominator or 0) - (raw.numerator or 0))
    return out


async def drill_ids(
    session: AsyncSession, *, code: str, county: str, period: Period, limit: int | None = None
) -> dict[str, list[str]]:
    """The records behind a computed item: `included` (the denominator's or the count's) and `not_met`."""
    s, e = period.start, period.end
    P, V, C, A, K = (
        DischargePlanProjection,
        VisitProjection,
        CaseProjection,
        VisitAuditRecordProjection,
        ConferenceProjection,
    )
    Inc = IncidentProjection
    included: Any = None
    not_met: Any = None
    if code == "discharge_plan_upload_14d":
        D = DischargeProjection
        base = select(D.discharge_id).where(
            D.county == county, D.discharged_at >= s, D.discharged_at <= e, _needs_follow_up()
        )
        included = base
        not_met = base.where(~_plan_in_time())
    elif code == "discharge_first_visit_14d":
        base = select(P.plan_id).where(P.county == county, P.upload_date >= s, P.upload_date <= e)
        included = base
        not_met = base.where(~_first_visit_in_time())
    elif code == "service_coverage":
        visited = exists().where(V.case_id == C.case_id, V.visit_date >= s, V.visit_date <= e)
        base = select(C.case_id).where(C.county == county, _open_in(period))
        included, not_met = base, base.where(~visited)
    elif code == "avg_visits_per_psychiatric_case":
        included = select(C.case_id).where(C.county == county, C.is_psychiatric.is_(True), _open_in(period))
    elif code in ("psychiatric_visit_audit_rate", "suicide_visit_audit_rate"):
        kind = "psychiatric" if code.startswith("psychiatric") else "suicide_attempt"
        included = select(distinct(A.visit_id)).where(
            A.county == county, A.kind == kind, A.quarter.in_(period.quarters)
        )
    elif code.endswith("case_management_meetings"):
        kinds = {
            "case_management_meetings": ("psychiatric", "suicide", "combined"),
            "psychiatric_case_management_meetings": ("psychiatric", "combined"),
            "suicide_case_management_meetings": ("suicide", "combined"),
        }[code]
        included = select(K.conference_id).where(
            K.county == county, K.held_on >= s, K.held_on <= e, K.kind.in_(kinds), _with_expert()
        )
    elif code.startswith("media_"):
        base = select(Inc.incident_id).where(
            Inc.county == county, Inc.kind == MEDIA, Inc.occurred_on >= s, Inc.occurred_on <= e
        )
        included = base
        if code == "media_flash_report_on_time_rate":
            not_met = base.where(~Inc.flash_report_on_time.is_(True))
        elif code == "media_conference_on_time_rate":
            not_met = base.where(~Inc.conference_on_time.is_(True))
    else:
        raise NotFound(f"{code!r} is not computed from case-mgmt; see its facts", code="not_computed")

    async def ids(stmt: Any) -> list[str]:
        if stmt is None:
            return []
        stmt = stmt.order_by(stmt.selected_columns[0])
        if limit:
            stmt = stmt.limit(limit)
        return [str(x) for x in (await session.scalars(stmt)).all()]

    return {"included": await ids(included), "not_met": await ids(not_met)}


# --- manual facts ----------------------------------------------------------------------------------


def _facts_for(facts: list[Fact], period: Period) -> list[Fact]:
    """The facts that report `period`: for a year, its year-level facts if any, else its quarters';
    for a half-year, its two quarters'."""
    if period.kind == "quarter":
        return [f for f in facts if f.period == period.label]
    if period.kind == "half":
        return [f for f in facts if f.period in period.quarters]
    whole = [f for f in facts if f.period == period.label]
    return whole or [f for f in facts if f.year == period.year and f.period != period.label]


def manual_raw(defn: Definition, facts: list[Fact], period: Period, county: County) -> Raw:
    """Combine a county's facts for one indicator and period into the item's inputs."""
    chosen = sorted(_facts_for(facts, period), key=lambda f: (f.period, f.id))
    raw = Raw(fact_ids=[f.id for f in chosen], as_of=aware(max((f.updated_at for f in chosen), default=None)))
    if not chosen:
        return raw
    kind = defn.formula.get("kind")
    latest = max(chosen, key=lambda f: (f.updated_at, f.id))
    if kind == "count":
        raw.value = sum((_d(f.value) for f in chosen), Decimal(0))
        return raw
    if kind == "boolean":
        raw.value = _d(latest.value)
        return raw
    with_parts = [f for f in chosen if f.numerator is not None]
    if with_parts:
        raw.numerator = sum((_d(f.numerator) for f in with_parts), Decimal(0))
        dens = [f.denominator for f in with_parts if f.denominator is not None]
        if dens:
            raw.denominator = sum((_d(x) for x in dens), Decimal(0))
        elif defn.formula.get("default_denominator") == "districts":
            raw.denominator = Decimal(county.districts)  # seed 001: 全縣(市)鄉鎮市區數
        raw.value = ratio(raw.numerator, raw.denominator, scale=int(defn.formula.get("scale", 100)))
    else:
        raw.value = _d(latest.value)
    return raw


def half_years_raw(facts: list[Fact], period: Period, today: date) -> Raw:
    """`half_years_signed` items (account_review_half_yearly): the period's half-years ended by `today` and,
    of them, those with a signed-off review (a workforce fact of value ≥ 1 for the half-year). Computed at
    every read — the day decides which half-years are due, so nothing of it is stored."""
    ended = half_years_ended(period, today)
    counted = sorted((f for f in facts if f.period in ended and _d(f.value) >= 1), key=lambda f: (f.period, f.id))
    numerator, denominator, overdue = account_reviews_signed(ended=ended, signed={f.period for f in counted})
    return Raw(
        numerator=Decimal(numerator),
        denominator=Decimal(denominator),
        # nothing due yet: no value, so the item is neither met nor missed
        value=Decimal(overdue) if denominator else None,
        overdue=overdue,
        fact_ids=[f.id for f in counted],
        as_of=aware(max((f.updated_at for f in counted), default=None)),
    )


async def _facts(
    session: AsyncSession, *, counties: list[str] | None, years: list[int]
) -> dict[tuple[str, str], list[Fact]]:
    stmt = select(Fact).where(Fact.status == "active", Fact.year.in_(years)).order_by(Fact.period, Fact.id)
    if counties is not None:
        stmt = stmt.where(Fact.county.in_(counties))
    grouped: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in (await session.scalars(stmt)).all():
        grouped[(f.county, f.code)].append(f)
    return grouped


# --- scorecards ------------------------------------------------------------------------------------


def _num(x: Decimal | None) -> int | float | None:
    if x is None:
        return None
    return int(x) if x == x.to_integral_value() else float(x)


def score_item(
    defn: Definition,
    raw: Raw,
    county: County,
    period: Period,
    feed_as_of: datetime | None,
    override: tuple[CountyTarget, Period] | None = None,
) -> dict[str, Any]:
    """One scorecard line: value, target (and where it came from), met, and the facts behind it."""
    kind = defn.formula.get("kind")
    if defn.source == "case_mgmt" and kind in ("ratio", "average") and raw.value is None:
        raw.value = ratio(raw.numerator, raw.denominator, scale=int(defn.formula.get("scale", 100)))
    if defn.source == "case_mgmt" and kind == "count" and raw.value is None:
        raw.value = Decimal(0)
    target = resolve_target(defn.targets, profile(county), volume=raw.volume, previous=raw.previous)
    target = scale_to_period(
        target,
        natural=defn.period,
        scoring=period.kind,
        formula_kind=kind or "",
        prorate=bool(defn.formula.get("prorate")),
    )
    county_target = None
    if override is not None:
        row, set_for = override
        county_target = scale_to_period(
            as_target(row),
            natural=set_for.kind,
            scoring=period.kind,
            formula_kind=kind or "",
            prorate=bool(defn.formula.get("prorate")),
        )
    yoy = defn.targets.get("kind") in ("below_previous", "reduce_previous_by")
    target, target_source = pick_target(
        class_target=target, county_target=county_target, class_source="previous_year" if yoy else "class"
    )
    item: dict[str, Any] = {
        "code": defn.code,
        "title": defn.title,
        "area": defn.area,
        "unit": defn.unit,
        "source": defn.source,
        "value": _num(raw.value),
        "numerator": _num(raw.numerator),
        "denominator": _num(raw.denominator),
        "target": _num(target.threshold) if target else None,
        "target_op": target.op if target else None,
        "target_source": target_source,
        "met": is_met(raw.value, target),
        "as_of": feed_as_of if defn.source == "case_mgmt" else raw.as_of,
        "definition_version": defn.version,
        "fact_ids": raw.fact_ids,
        "not_met_ids": raw.not_met_ids,
        "not_met_count": raw.not_met_count,
        "drill_down": f"/indicators/v1/scorecards/{county.code}/items/{defn.code}?period={period.label}",
    }
    if raw.pending is not None:
        item["pending"] = raw.pending
    if raw.overdue is not None:
        item["overdue"] = raw.overdue
    if defn.formula.get("informational"):
        item["informational"] = True
    if raw.previous is not None:
        item["previous"] = _num(raw.previous)
    if raw.value_period is not None:
        item["value_period"] = raw.value_period
    if raw.previous_period is not None:
        item["previous_period"] = raw.previous_period
    return item


async def _counties(session: AsyncSession, codes: list[str] | None) -> list[County]:
    stmt = select(County).order_by(County.code)
    if codes is not None:
        stmt = stmt.where(County.code.in_(codes))
    return list((await session.scalars(stmt)).all())


async def build_scorecards(
    session: AsyncSession, *, period: Period, counties: list[str] | None, drill: int = 0
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Scorecards of `counties` (None = all 22) for `period`, and the feed's freshness."""
    county_rows = await _counties(session, counties)
    codes = [c.code for c in county_rows]
    definitions = await definitions_for_year(session, year=period.year)
    computed = await computed_inputs(session, period=period, counties=codes, drill=drill)
    max_lag = max((int(d.formula.get("lag_years", 0)) for d in definitions), default=0)
    facts = await _facts(session, counties=codes, years=[period.year - n for n in range(max_lag + 2)])
    status = await feed_status(session)
    feed_as_of = aware(status.caught_up_at) if status else None
    overrides = await overrides_for(session, counties=codes, period=period)
    today = today_taipei()
    cards = []
    for county in county_rows:
        items = []
        for defn in definitions:
            if defn.source == "case_mgmt":
                raw = computed.get(county.code, {}).get(defn.code) or Raw()
            elif defn.formula.get("kind") == "half_years_signed":
                raw = half_years_raw(facts.get((county.code, defn.code), []), period, today)
            else:
                county_facts = facts.get((county.code, defn.code), [])
                # seed 001 p.56: the 109 plan judges 108 against 107 (`lag_years`: data come a year late)
                lag = int(defn.formula.get("lag_years", 0))
                scored = period.years_earlier(lag)
                raw = manual_raw(defn, county_facts, scored, county)
                if lag:
                    raw.value_period = scored.label
                if defn.targets.get("kind") in ("below_previous", "reduce_previous_by"):
                    earlier = scored.years_earlier(1)
                    raw.previous = manual_raw(defn, county_facts, earlier, county).value
                    raw.previous_period = earlier.label
            items.append(score_item(defn, raw, county, period, feed_as_of, overrides.get((county.code, defn.code))))
        # informational items (not graded by the plan) show met/not met but stay out of the count
        judged = [i for i in items if i["target"] is not None and not i.get("informational")]
        cards.append(
            {
                "county": county.code,
                "county_name": county.name,
                "period": period.label,
                "items": items,
                "met_count": sum(1 for i in judged if i["met"] is True),
                "total": len(judged),
                "as_of": feed_as_of,
            }
        )
    feed = {
        "as_of": feed_as_of,
        "last_seq": status.last_seq if status else 0,
        "last_error": status.last_error if status else None,
        "last_error_at": aware(status.last_error_at) if status else None,
    }
    return cards, feed


def visible_county(principal: Principal, county: str) -> None:
    """404 for a county outside the caller's jurisdiction (ministry sees every county)."""
    scope = principal.county_scope()
    if scope is not None and scope != county:
        raise NotFound(f"no scorecard for {county!r}", code="scorecard_not_found")


async def county_scorecard(
    *, session: AsyncSession, county: str, period: str, principal: Principal, drill: int
) -> dict[str, Any]:
    """One county's scorecard for a year or a quarter (404 outside the caller's county)."""
    visible_county(principal, county)
    p = period_or_422(period)
    if await session.get(County, county) is None:
        raise NotFound(f"no county {county!r}", code="county_not_found")
    cards, feed = await build_scorecards(session, period=p, counties=[county], drill=drill)
    return {**cards[0], "feed": feed}


async def all_scorecards(*, session: AsyncSession, period: str, principal: Principal) -> dict[str, Any]:
    """Every county the caller may see (the ministry: all 22) side by side for one period."""
    p = period_or_422(period)
    scope = principal.county_scope()
    cards, feed = await build_scorecards(session, period=p, counties=None if scope is None else [scope])
    return {"period": p.label, "as_of": feed["as_of"], "feed": feed, "items": cards, "next_cursor": None}


async def item_drill_down(
    *, session: AsyncSession, county: str, code: str, period: str, principal: Principal, limit: int
) -> dict[str, Any]:
    """One item of a scorecard with every record behind it (drill-down)."""
    card = await county_scorecard(session=session, county=county, period=period, principal=principal, drill=0)
    item = next((i for i in card["items"] if i["code"] == code), None)
    if item is None:
        raise NotFound(f"no indicator {code!r}", code="indicator_not_found")
    p = period_or_422(period)
    if item["source"] == "case_mgmt":
        ids = await drill_ids(session, code=code, county=county, period=p, limit=limit)
        item["included_ids"], item["not_met_ids"] = ids["included"], ids["not_met"]
        if code.endswith("meetings"):
            item["fact_ids"] = ids["included"]
    else:
        item["included_ids"] = item["fact_ids"]
    item["county"], item["period"] = county, p.label
    return item
