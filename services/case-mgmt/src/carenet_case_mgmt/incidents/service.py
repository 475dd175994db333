"""Use cases of incidents: record with deadlines, file the flash report, close the conference deadline, list, report."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from datetime import date
from typing import cast

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import parse_half, roc_date
from carenet_core.errors import Conflict, NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.pagination import encode_cursor, keyset_after
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..calendar.rules import WorkingCalendar
from ..calendar.service import working_calendar
from ..cases.access import load_case
from . import rules
from .models import Incident
from .rules import IncidentKind
from .schemas import (
    FlashReportIn,
    HalfYearReport,
    IncidentIn,
    IncidentOut,
    IncidentPage,
    Kind,
    KindStats,
    ReportRow,
)

KIND_LABELS = {"media_reported": "媒體報導", "filicide_suicide": "殺子後自殺", "group_suicide": "集體自殺"}


class Calendars:
    """Working calendars by (county, year of the event), loaded once per request."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._cache: dict[tuple[str, int], WorkingCalendar] = {}

    async def for_event(self, county: str, occurred_on: date) -> WorkingCalendar:
        key = (county, occurred_on.year)
        if key not in self._cache:
            self._cache[key] = await working_calendar(self._session, county=county, first=occurred_on, last=occurred_on)
        return self._cache[key]


async def deadlines_of(inc: Incident, calendars: Calendars) -> rules.Deadlines:
    calendar = await calendars.for_event(inc.county, inc.occurred_on)
    return rules.deadlines(
        kind=IncidentKind(inc.kind), occurred_on=inc.occurred_on, recorded_on=inc.recorded_on, calendar=calendar
    )


def incident_out(inc: Incident, d: rules.Deadlines, today: date) -> IncidentOut:
    flash_over = rules.overdue(due=d.flash_report_due, done_on=inc.flash_report_filed_on, today=today)
    conf_over = rules.overdue(due=d.conference_due, done_on=inc.conference_held_on, today=today)
    done = inc.flash_report_filed_on is not None and inc.conference_held_on is not None
    return IncidentOut(
        id=inc.id,
        case_id=inc.case_id,
        county=inc.county,
        kind=cast(Kind, inc.kind),
        occurred_on=inc.occurred_on,
        persons=inc.persons,
        note=inc.note,
        recorded_on=inc.recorded_on,
        flash_report_due=d.flash_report_due,
        conference_due=d.conference_due,
        flash_report_filed_on=inc.flash_report_filed_on,
        flash_report_reference=inc.flash_report_reference,
        conference_held_on=inc.conference_held_on,
        conference_id=inc.conference_id,
        flash_report_overdue=flash_over,
        conference_overdue=conf_over,
        overdue=flash_over or conf_over,
        status="closed" if done else "open",
        calendar_missing=d.calendar_missing,
    )


async def view(session: AsyncSession, inc: Incident) -> IncidentOut:
    """The incident with its deadlines computed today in its county's calendar."""
    return incident_out(inc, await deadlines_of(inc, Calendars(session)), clock.today())


async def record_incident(*, session: AsyncSession, principal: Principal, case_id: str, body: IncidentIn) -> Incident:
    """Record an incident on a case with its deadlines (emits `incident.recorded`)."""
    case = await load_case(
        session, case_id, principal, write=True, action="create", resource=f"case/{case_id}/incident"
    )
    kind = IncidentKind(body.kind)
    today = clock.today()
    if body.occurred_on > today:
        raise RuleViolation("the incident cannot have occurred in the future", code="occurred_in_future")
    if (code := rules.persons_problem(kind, body.persons)) is not None:
        raise RuleViolation("a group suicide (集體自殺) involves 3 or more persons", code=code)
    inc = Incident(
        id=str(uuid.uuid4()),
        case_id=case.id,
        county=case.county,
        kind=kind.value,
        occurred_on=body.occurred_on,
        persons=body.persons,
        note=body.note,
        recorded_on=today,
        recorded_at=clock.now(),
        recorded_by=principal.sub,
    )
    session.add(inc)
    await session.flush()
    d = await deadlines_of(inc, Calendars(session))
    emit(
        session,
        "incident.recorded",
        {
            "incident_id": inc.id,
            "case_id": inc.case_id,
            "county": inc.county,
            "kind": inc.kind,
            "occurred_on": inc.occurred_on.isoformat(),
            "flash_report_due": d.flash_report_due.isoformat(),
            "conference_due": d.conference_due.isoformat(),
        },
    )
    return inc


async def _load_for(session: AsyncSession, principal: Principal, incident_id: str, *, write: bool) -> Incident:
    inc = await session.scalar(
        select(Incident).where(Incident.id == incident_id).with_for_update()
        if write
        else select(Incident).where(Incident.id == incident_id)
    )
    if inc is None:
        raise NotFound("no such incident", code="incident_not_found")
    try:
        await load_case(session, inc.case_id, principal, write=write, resource=f"incident/{inc.id}")
    except NotFound:
        raise NotFound("no such incident", code="incident_not_found") from None
    return inc


async def get_incident(*, session: AsyncSession, principal: Principal, incident_id: str) -> Incident:
    """The incident if its case is in the caller's jurisdiction (404 otherwise)."""
    return await _load_for(session, principal, incident_id, write=False)


async def file_flash_report(
    *, session: AsyncSession, principal: Principal, incident_id: str, body: FlashReportIn
) -> Incident:
    """Mark the flash report (速報單) filed (409 when already filed; emits `incident.flash_report_filed`)."""
    inc = await _load_for(session, principal, incident_id, write=True)
    today = clock.today()
    filed_on = body.filed_on or today
    if filed_on > today:
        raise RuleViolation("a flash report cannot be filed in the future", code="filed_in_future")
    if filed_on < inc.occurred_on:
        raise RuleViolation("a flash report cannot precede the incident", code="filed_before_incident")
    if inc.flash_report_filed_on is not None:
        raise Conflict("the flash report is already filed", code="flash_report_filed", id=inc.id)
    inc.flash_report_filed_on, inc.flash_report_reference, inc.flash_report_filed_by = (
        filed_on,
        body.reference,
        principal.sub,
    )
    d = await deadlines_of(inc, Calendars(session))
    emit(
        session,
        "incident.flash_report_filed",
        {
            "incident_id": inc.id,
            "county": inc.county,
            "kind": inc.kind,
            "filed_on": filed_on.isoformat(),
            "on_time": rules.on_time(due=d.flash_report_due, done_on=filed_on),
        },
    )
    return inc


async def hold_conference(
    session: AsyncSession, *, incident_ids: Sequence[str], county: str, held_on: date, conference_id: str
) -> None:
    """A conference held for incidents closes their conference deadline (emits `incident.conference_held`).

    422 `unknown_incidents` for ids that are not incidents of the county; an incident whose deadline a
    conference already closed keeps the first one.
    """
    ids = list(dict.fromkeys(incident_ids))
    if not ids:
        return
    rows = {
        i.id: i
        for i in (
            await session.scalars(
                select(Incident).where(Incident.id.in_(ids), Incident.county == county).with_for_update()
            )
        ).all()
    }
    missing = [i for i in ids if i not in rows]
    if missing:
        raise RuleViolation("some incidents are not incidents of the county", code="unknown_incidents", ids=missing)
    if early := [i for i in ids if held_on < rows[i].occurred_on]:
        raise RuleViolation("a conference cannot precede its incident", code="held_before_incident", ids=early)
    calendars = Calendars(session)
    for i in ids:
        inc = rows[i]
        if inc.conference_held_on is not None:
            continue
        inc.conference_held_on, inc.conference_id = held_on, conference_id
        d = await deadlines_of(inc, calendars)
        emit(
            session,
            "incident.conference_held",
            {
                "incident_id": inc.id,
                "county": inc.county,
                "kind": inc.kind,
                "held_on": held_on.isoformat(),
                "on_time": rules.on_time(due=d.conference_due, done_on=held_on),
                "conference_id": conference_id,
            },
        )


def _matches(out: IncidentOut, status: str | None) -> bool:
    if status == "overdue":
        return out.overdue
    return status is None or out.status == status


async def list_incidents(
    *,
    session: AsyncSession,
    principal: Principal,
    county: str | None,
    status: str | None,
    limit: int,
    cursor: str | None,
) -> IncidentPage:
    """Incidents of the caller's county, latest event first, each with `overdue` per deadline."""
    scope = principal.county_scope()
    county = county or scope
    if scope is not None and county != scope:
        return IncidentPage(items=[])
    base = select(Incident)
    if county:
        base = base.where(Incident.county == county)
    if status == "closed":
        base = base.where(Incident.flash_report_filed_on.is_not(None), Incident.conference_held_on.is_not(None))
    elif status in ("open", "overdue"):
        base = base.where((Incident.flash_report_filed_on.is_(None)) | (Incident.conference_held_on.is_(None)))
    calendars, today = Calendars(session), clock.today()
    found: list[tuple[Incident, IncidentOut]] = []
    position = cursor
    chunk = limit + 1
    while len(found) <= limit:
        stmt = keyset_after(
            base, [Incident.occurred_on, Incident.id], position, descending=True, types=[date.min, ""]
        ).limit(chunk)
        rows = list((await session.scalars(stmt)).all())
        for inc in rows:
            out = incident_out(inc, await deadlines_of(inc, calendars), today)
            if _matches(out, status):
                found.append((inc, out))
        if len(rows) < chunk:
            break
        position = encode_cursor([rows[-1].occurred_on.isoformat(), rows[-1].id])
    page = found[:limit]
    nxt = encode_cursor([page[-1][0].occurred_on.isoformat(), page[-1][0].id]) if len(found) > limit else None
    return IncidentPage(items=[o for _, o in page], next_cursor=nxt)


async def open_incidents(session: AsyncSession, *, county: str, on: date) -> list[IncidentOut]:
    """The county's incidents with a deadline still open on a day, earliest deadline first (for the agenda)."""
    rows = (
        await session.scalars(
            select(Incident)
            .where(
                Incident.county == county,
                Incident.occurred_on <= on,
                (Incident.flash_report_filed_on.is_(None)) | (Incident.conference_held_on.is_(None)),
            )
            .order_by(Incident.occurred_on, Incident.id)
        )
    ).all()
    calendars = Calendars(session)
    outs = [incident_out(i, await deadlines_of(i, calendars), on) for i in rows]
    return sorted(outs, key=lambda o: (min(o.flash_report_due, o.conference_due), o.id))


def _stats(kind: str, rows: list[ReportRow]) -> KindStats:
    mine = [r for r in rows if r.kind == kind]
    return KindStats(
        kind=cast(Kind, kind),
        incidents=len(mine),
        flash_reports_filed=sum(r.flash_report_filed_on is not None for r in mine),
        flash_reports_on_time=sum(r.flash_report_on_time is True for r in mine),
        flash_reports_late=sum(r.flash_report_on_time is False for r in mine),
        flash_reports_outstanding=sum(r.flash_report_filed_on is None for r in mine),
        conferences_held=sum(r.conference_held_on is not None for r in mine),
        conferences_on_time=sum(r.conference_on_time is True for r in mine),
        conferences_outstanding=sum(r.conference_held_on is None for r in mine),
    )


async def half_year_report(*, session: AsyncSession, principal: Principal, county: str, half: str) -> HalfYearReport:
    """附件10: the half-year's incidents of a county and their flash-report and conference follow-up."""
    if principal.county_scope() not in (None, county):
        raise NotFound("no such county in your jurisdiction", code="county_not_found")
    try:
        first, last = parse_half(half)
    except ValueError:
        raise RuleViolation("half must be YYYY-H1 or YYYY-H2", code="invalid_half") from None
    incidents = (
        await session.scalars(
            select(Incident)
            .where(Incident.county == county, Incident.occurred_on >= first, Incident.occurred_on <= last)
            .order_by(Incident.occurred_on, Incident.id)
        )
    ).all()
    calendars = Calendars(session)
    rows: list[ReportRow] = []
    for inc in incidents:
        d = await deadlines_of(inc, calendars)
        filed, held = inc.flash_report_filed_on, inc.conference_held_on
        rows.append(
            ReportRow(
                incident_id=inc.id,
                case_id=inc.case_id,
                kind=cast(Kind, inc.kind),
                occurred_on=inc.occurred_on,
                flash_report_due=d.flash_report_due,
                flash_report_filed_on=filed,
                flash_report_on_time=None if filed is None else rules.on_time(due=d.flash_report_due, done_on=filed),
                flash_report_reference=inc.flash_report_reference,
                conference_due=d.conference_due,
                conference_held_on=held,
                conference_on_time=None if held is None else rules.on_time(due=d.conference_due, done_on=held),
            )
        )
    by_kind = [_stats(k.value, rows) for k in IncidentKind]
    return HalfYearReport(
        county=county, half=half, computed_for=clock.today(), media_reported=by_kind[0], by_kind=by_kind, rows=rows
    )


def _both(d: date | None) -> list[str]:
    return ["", ""] if d is None else [roc_date(d), d.isoformat()]


def _yes_no(v: bool | None) -> str:
    return "" if v is None else ("是" if v else "否")


def report_csv(report: HalfYearReport) -> bytes:
    """The report as a UTF-8 (BOM) CSV with Traditional Chinese headers and ROC dates beside ISO."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["縣市", report.county, "期間", report.half, "統計日(民國)", roc_date(report.computed_for)])
    w.writerow(
        [
            "事件類別",
            "事件數",
            "速報單已提報",
            "如期提報",
            "逾期提報",
            "尚未提報",
            "已辦個案討論會",
            "如期辦理",
            "尚未辦理",
        ]
    )
    for s in report.by_kind:
        w.writerow(
            [
                KIND_LABELS[s.kind],
                s.incidents,
                s.flash_reports_filed,
                s.flash_reports_on_time,
                s.flash_reports_late,
                s.flash_reports_outstanding,
                s.conferences_held,
                s.conferences_on_time,
                s.conferences_outstanding,
            ]
        )
    w.writerow([])
    w.writerow(
        [
            "事件編號",
            "個案編號",
            "事件類別",
            "事件發生日(民國)",
            "事件發生日",
            "速報單期限(民國)",
            "速報單期限",
            "速報單提報日(民國)",
            "速報單提報日",
            "速報單如期",
            "速報單字號",
            "個案討論會期限(民國)",
            "個案討論會期限",
            "個案討論會辦理日(民國)",
            "個案討論會辦理日",
            "個案討論會如期",
        ]
    )
    for r in report.rows:
        w.writerow(
            [
                r.incident_id,
                r.case_id,
                KIND_LABELS[r.kind],
                *_both(r.occurred_on),
                *_both(r.flash_report_due),
                *_both(r.flash_report_filed_on),
                _yes_no(r.flash_report_on_time),
                r.flash_report_reference or "",
                *_both(r.conference_due),
                *_both(r.conference_held_on),
                _yes_no(r.conference_on_time),
            ]
        )
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
