"""Applying case-mgmt's events to the projections: upsert by id, never counting anything twice.

Each row keeps the `seq` of the event that last wrote it and is only overwritten by an event with
an equal or later `seq`, so replaying a page (after a crash, a restart, or a reset cursor) leaves
the projections exactly as they were. Events carry ids, dates and outcomes — never names or IDs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import structlog
from carenet_core import clock
from carenet_core.db import dialect_is_postgres
from sqlalchemy import Table, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from .models import (
    CaseProjection,
    ConferenceProjection,
    DischargePlanProjection,
    DischargeProjection,
    FeedStatus,
    IncidentProjection,
    TierChangeProjection,
    VisitAuditProjection,
    VisitAuditRecordProjection,
    VisitProjection,
)
from .rules import own_notice_id, plan_upload_due

log = structlog.get_logger("carenet.indicators.feed")
FEED_NAME = "case-mgmt"


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return date.fromisoformat(str(value)[:10])


def _kinds(data: dict[str, Any]) -> tuple[bool, bool]:
    kinds = data.get("kinds") or []
    if isinstance(kinds, str):
        kinds = [kinds]
    return "psychiatric" in kinds, "suicide_attempt" in kinds


_PENDING = "indicators_feed_pending"  # session.info key: upserts held back while a page is applied


def _upsert_stmt(
    session: AsyncSession, table: Table, columns: tuple[str, ...], keys: tuple[str, ...], placeholder: bool = False
) -> Any:
    ins = (pg_insert if dialect_is_postgres(session) else sqlite_insert)(table)
    changes = {k: ins.excluded[k] for k in columns if k not in keys}
    # A placeholder (a notice a plan stands in for) only ever replaces another placeholder.
    guard = table.c.from_plan.is_(True) if placeholder else table.c.seq <= ins.excluded.seq
    return ins.on_conflict_do_update(index_elements=list(keys), set_=changes, where=guard)


async def _upsert(
    session: AsyncSession, table: Table, values: dict[str, Any], keys: list[str], *, placeholder: bool = False
) -> None:
    """Insert, or replace the row's other columns — unless the stored row came from a later event.

    While a page is applied (`apply_events`) the upsert is held back and sent with the page's other
    upserts of the same table in one statement; of two events for one row the later `seq` is kept,
    which is what applying them one by one leaves (every write is guarded by `seq`).
    """
    pending: dict[tuple[Any, ...], dict[tuple[Any, ...], dict[str, Any]]] | None = session.info.get(_PENDING)
    if pending is None:
        await session.execute(_upsert_stmt(session, table, tuple(values), tuple(keys), placeholder).values(**values))
        return
    rows = pending.setdefault((table, tuple(values), tuple(keys), placeholder), {})
    key = tuple(values[k] for k in keys)
    held = rows.get(key)
    if held is None or held["seq"] <= values["seq"]:
        rows[key] = values


async def _flush_upserts(session: AsyncSession) -> None:
    """Send the held-back upserts: one (cached) statement per table, executed for many rows at once."""
    pending = session.info.get(_PENDING)
    if not pending:
        return
    for (table, columns, keys, placeholder), rows in pending.items():
        await session.execute(_upsert_stmt(session, table, columns, keys, placeholder), list(rows.values()))
    pending.clear()


async def _update(session: AsyncSession, table: Table, where: Any, values: dict[str, Any], seq: int) -> int:
    await _flush_upserts(session)  # an update acts on rows earlier events may have inserted
    result = await session.execute(update(table).where(where, table.c.seq <= seq).values(**values, seq=seq))
    return int(getattr(result, "rowcount", 0) or 0)


async def _case_opened(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    psy, sui = _kinds(d)
    await _upsert(
        session,
        CaseProjection.__table__,
        {
            "case_id": str(d["case_id"]),
            "county": d["county"],
            "district": d.get("district"),
            "is_psychiatric": psy,
            "is_suicide": sui,
            "source": d.get("source"),
            "intake_date": _date(d.get("intake_date")),
            "tier": d.get("tier"),
            "closed_on": None,
            "seq": seq,
        },
        ["case_id"],
    )


async def _tier_changed(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    t = CaseProjection.__table__
    await _update(session, t, t.c.case_id == str(d["case_id"]), {"tier": d.get("to_tier")}, seq)
    await _upsert(
        session,
        TierChangeProjection.__table__,
        {
            "case_id": str(d["case_id"]),
            "changed_at": str(d.get("changed_at") or seq),
            "county": d["county"],
            "from_tier": d.get("from_tier"),
            "to_tier": d["to_tier"],
            "visit_id": d.get("visit_id"),
            "seq": seq,
        },
        ["case_id", "changed_at"],
    )


async def _case_closed(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    t = CaseProjection.__table__
    await _update(session, t, t.c.case_id == str(d["case_id"]), {"closed_on": _date(d.get("closed_on"))}, seq)


async def _case_transferred(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    # The receiver accepted: from now on the case is the receiving county's (its past visits stay where made).
    t = CaseProjection.__table__
    await _update(session, t, t.c.case_id == str(d["case_id"]), {"county": d["to_county"]}, seq)


async def _visit(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    psy, sui = _kinds(d)
    visit_date = _date(d.get("visit_date")) or _date(d.get("visited_at"))
    await _upsert(
        session,
        VisitProjection.__table__,
        {
            "visit_id": str(d["visit_id"]),
            "case_id": str(d["case_id"]),
            "county": d["county"],
            "district": d.get("district"),
            "is_psychiatric": psy,
            "is_suicide": sui,
            "visit_date": visit_date,
            "method": d.get("method"),
            "outcome": d.get("outcome") or "met",
            "face_to_face": bool(d.get("face_to_face")),
            "late": bool(d.get("late")),
            "seq": seq,
        },
        ["visit_id"],
    )


async def _discharge_notified(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    discharged_at = _date(d["discharged_at"])
    if discharged_at is None:
        raise ValueError("a discharge notice without its discharge date")
    await _upsert(
        session,
        DischargeProjection.__table__,
        _notice_row(
            discharge_id=str(d["discharge_id"]),
            county=d["county"],
            discharged_at=discharged_at,
            needs_follow_up=bool(d.get("needs_follow_up", True)),
            hospital=d.get("hospital"),
            compulsory=bool(d.get("compulsory")),
            notified_at=_instant(d.get("notified_at")),
            from_plan=False,
            seq=seq,
        ),
        ["discharge_id"],
    )


def _notice_row(**values: Any) -> dict[str, Any]:
    return {**values, "plan_due": plan_upload_due(values["discharged_at"])}


def _instant(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


async def _plan_uploaded(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    # A plan with no notice (or from before wave 2) is its own notice: the discharge it describes happened.
    plan_id = str(d["plan_id"])
    discharge_id = str(d.get("discharge_id") or own_notice_id(plan_id))
    discharged_at = _date(d.get("discharged_at"))
    if discharged_at is not None:
        await _upsert(
            session,
            DischargeProjection.__table__,
            _notice_row(
                discharge_id=discharge_id,
                county=d["county"],
                discharged_at=discharged_at,
                needs_follow_up=d.get("needs_follow_up") is not False,
                hospital=d.get("hospital"),
                compulsory=bool(d.get("compulsory")),
                notified_at=None,
                from_plan=True,
                seq=0,
            ),
            ["discharge_id"],
            placeholder=True,
        )
    # Not in the upsert: first_visit_* (set by a later event; an upload replay must not erase them).
    await _upsert(
        session,
        DischargePlanProjection.__table__,
        {
            "plan_id": plan_id,
            "case_id": d.get("case_id"),
            "county": d["county"],
            "discharged_at": _date(d.get("discharged_at")),
            "upload_date": _date(d.get("upload_date")) or _date(d.get("uploaded_at")),
            "uploaded_within_14_days": d.get("uploaded_within_14_days"),
            "first_visit_due": _date(d.get("first_visit_due")),
            "discharge_id": discharge_id,
            "needs_follow_up": d.get("needs_follow_up"),
            "seq": seq,
        },
        ["plan_id"],
    )


async def _plan_linked(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    t = DischargePlanProjection.__table__
    values = {"case_id": d.get("case_id")}
    if d.get("county"):
        values["county"] = d["county"]  # the plan follows its case's county
    await _update(session, t, t.c.plan_id == str(d["plan_id"]), values, seq)


async def _plan_first_visited(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    t = DischargePlanProjection.__table__
    await _update(
        session,
        t,
        t.c.plan_id == str(d["plan_id"]),
        {
            "case_id": d.get("case_id"),
            "first_visit_id": d.get("visit_id"),
            "first_visit_date": _date(d.get("visit_date")),
            "first_visit_within_14_days": d.get("within_14_days"),
        },
        seq,
    )


async def _conference(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    held_on = _date(d.get("held_on")) or _date(f"{d['month']}-01")
    await _upsert(
        session,
        ConferenceProjection.__table__,
        {
            "conference_id": str(d["conference_id"]),
            "county": d["county"],
            "month": d.get("month"),
            "held_on": held_on,
            "kind": d.get("kind") or "combined",
            "has_external_expert": d.get("has_external_expert"),
            "seq": seq,
        },
        ["conference_id"],
    )


async def _incident_recorded(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    # Not in the upsert: the filing and the conference (later events; a replay must not erase them).
    occurred_on = _date(d["occurred_on"])
    if occurred_on is None:
        raise ValueError("an incident without its date")
    await _upsert(
        session,
        IncidentProjection.__table__,
        {
            "incident_id": str(d["incident_id"]),
            "case_id": d.get("case_id"),
            "county": d["county"],
            "kind": d["kind"],
            "occurred_on": occurred_on,
            "flash_report_due": _date(d.get("flash_report_due")),
            "conference_due": _date(d.get("conference_due")),
            "seq": seq,
        },
        ["incident_id"],
    )


async def _incident_flash_report(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    t = IncidentProjection.__table__
    values = {"flash_report_filed_on": _date(d.get("filed_on")), "flash_report_on_time": d.get("on_time")}
    await _update(session, t, t.c.incident_id == str(d["incident_id"]), values, seq)


async def _incident_conference(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    t = IncidentProjection.__table__
    values = {
        "conference_held_on": _date(d.get("held_on")),
        "conference_on_time": d.get("on_time"),
        "conference_id": d.get("conference_id"),
    }
    await _update(session, t, t.c.incident_id == str(d["incident_id"]), values, seq)


async def _audit_drawn(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    rate = d.get("rate")
    await _upsert(
        session,
        VisitAuditProjection.__table__,
        {
            "audit_id": str(d["audit_id"]),
            "county": d["county"],
            "quarter": d["quarter"],
            "kind": d["kind"],
            "population": d.get("population"),
            "sample_size": d.get("sample_size"),
            "rate": None if rate is None else Decimal(str(rate)),
            "seq": seq,
        },
        ["audit_id"],
    )


async def _audit_recorded(session: AsyncSession, d: dict[str, Any], seq: int) -> None:
    await _upsert(
        session,
        VisitAuditRecordProjection.__table__,
        {
            "audit_id": str(d["audit_id"]),
            "visit_id": str(d["visit_id"]),
            "county": d["county"],
            "quarter": d["quarter"],
            "kind": d["kind"],
            "result": d.get("result"),
            "seq": seq,
        },
        ["audit_id", "visit_id"],
    )


HANDLERS: dict[str, Callable[[AsyncSession, dict[str, Any], int], Awaitable[None]]] = {
    "case.opened": _case_opened,
    "case.tier_changed": _tier_changed,
    "case.closed": _case_closed,
    "case.transferred": _case_transferred,
    "visit.recorded": _visit,
    "visit.updated": _visit,
    "discharge.notified": _discharge_notified,
    "discharge_plan.uploaded": _plan_uploaded,
    "discharge_plan.linked": _plan_linked,
    "discharge_plan.first_visited": _plan_first_visited,
    "conference.held": _conference,
    "incident.recorded": _incident_recorded,
    "incident.flash_report_filed": _incident_flash_report,
    "incident.conference_held": _incident_conference,
    "visit_audit.drawn": _audit_drawn,
    "visit_audit.recorded": _audit_recorded,
}


async def apply_event(session: AsyncSession, event: dict[str, Any]) -> None:
    """Apply one feed event to the projections (idempotent; unknown types are skipped)."""
    handler = HANDLERS.get(str(event.get("type")))
    if handler is None:
        return
    try:
        await handler(session, event.get("data") or {}, int(event["seq"]))
    except (KeyError, ValueError, TypeError) as exc:
        # A malformed event must not wedge the feed for every later one: skip it loudly.
        log.warning("feed_event_skipped", seq=event.get("seq"), type=event.get("type"), error=type(exc).__name__)


def begin_page(session: AsyncSession) -> None:
    """From here on, hold upserts back to send them per table (see `_upsert`) until `end_page`."""
    session.info[_PENDING] = {}


async def end_page(session: AsyncSession) -> None:
    await _flush_upserts(session)
    session.info.pop(_PENDING, None)


async def apply_events(session: AsyncSession, events: list[dict[str, Any]]) -> None:
    """Apply a page of events in order, exactly as `apply_event` one by one would, with far fewer
    round trips: upserts are batched per table; updates see every earlier event applied."""
    begin_page(session)
    try:
        for event in events:
            await apply_event(session, event)
    finally:
        await end_page(session)


async def record_progress(
    session: AsyncSession,
    *,
    name: str = FEED_NAME,
    caught_up_at: datetime | None,
    last_seq: int | None = None,
    last_event_at: datetime | None = None,
    error: str | None = None,
) -> None:
    """Remember how fresh the projections are (`as_of`) and the last error reading the feed."""
    row = await session.get(FeedStatus, name)
    if row is None:
        row = FeedStatus(name=name, last_seq=0)
        session.add(row)
    if caught_up_at is not None:
        row.caught_up_at = caught_up_at
    if last_seq is not None and last_seq > (row.last_seq or 0):
        row.last_seq = last_seq
        row.last_event_at = last_event_at
    if error is not None:
        row.last_error, row.last_error_at = error[:500], clock.now()
    elif caught_up_at is not None:
        row.last_error = None


async def feed_status(session: AsyncSession, name: str = FEED_NAME) -> FeedStatus | None:
    return await session.get(FeedStatus, name)
