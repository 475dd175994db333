"""The worklist: the caller's jurisdiction's open cases due within N days, overdue or flagged, most overdue first."""

from __future__ import annotations

from datetime import date, timedelta

from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.pagination import decode_cursor, encode_cursor
from carenet_core.trail import record_access
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from ..cases.standing import standings
from ..common.privacy import mask_name, mask_national_id
from ..common.time import now_utc
from ..discharge.models import DischargePlan
from ..tiers.rules import needs_worklist
from ..transfers.models import Transfer
from .schemas import WorkItem, Worklist


async def worklist(
    *, session: AsyncSession, principal: Principal, on: date, days: int, limit: int, cursor: str | None
) -> Worklist:
    """Work items ordered by next due date (most overdue first), then case id."""
    stmt = scope_to_jurisdiction(select(Case).where(Case.status == "open"), principal, Case.county, Case.district)
    cases = list((await session.scalars(stmt)).all())
    first_visit_due: dict[str, date] = {}
    for i in range(0, len(cases), 1000):
        rows = (
            await session.execute(
                select(DischargePlan.case_id, DischargePlan.first_visit_due).where(
                    DischargePlan.case_id.in_([c.id for c in cases[i : i + 1000]]),
                    DischargePlan.first_visit_id.is_(None),
                    DischargePlan.needs_follow_up.is_(True),
                )
            )
        ).all()
        for cid, due in rows:
            if cid is not None:
                first_visit_due[cid] = min(due, first_visit_due.get(cid, due))
    # an offer the receiving county left unanswered past its expiry is flagged to the sender
    expired_offers: set[str] = set()
    for i in range(0, len(cases), 1000):
        expired = await session.scalars(
            select(Transfer.case_id).where(
                Transfer.case_id.in_([c.id for c in cases[i : i + 1000]]),
                Transfer.state == "offered",
                Transfer.expires_at <= now_utc(),
            )
        )
        expired_offers.update(expired.all())
    items: list[tuple[WorkItem, Case]] = []
    for i in range(0, len(cases), 1000):
        chunk = cases[i : i + 1000]
        st = await standings(session, chunk, on=on, window_days=days)
        for c in chunk:
            s = st[c.id]
            reasons = list(s.reasons)
            plan_due = first_visit_due.get(c.id)
            if plan_due is not None and plan_due <= on + timedelta(days=days):
                reasons.append("discharge_first_visit")
            if c.id in expired_offers:
                reasons.append("transfer_expired")
            if not (needs_worklist(s, days=days) or {"discharge_first_visit", "transfer_expired"} & set(reasons)):
                continue
            items.append(
                (
                    WorkItem(
                        case_id=c.id,
                        national_id=mask_national_id(c.national_id),
                        name=mask_name(c.name),
                        county=c.county,
                        district=c.district,
                        kinds=c.kinds,
                        tier=s.tier,
                        next_visit_due=s.next_visit_due,
                        overdue=s.overdue,
                        days_overdue=s.days_overdue,
                        consecutive_not_met=s.consecutive_not_met,
                        last_visit_date=s.last_visit_date,
                        reasons=reasons,
                    ),
                    c,
                )
            )
    items.sort(key=lambda p: (p[0].next_visit_due, p[0].case_id))
    after = decode_cursor(cursor)
    if after:
        items = [p for p in items if (p[0].next_visit_due.isoformat(), p[0].case_id) > (after[0], after[1])]
    page, more = items[:limit], len(items) > limit
    for _item, c in page:
        await record_access(
            session, principal=principal, action="list", resource=f"worklist/case/{c.id}", person_ref=c.person_key
        )
    nxt = encode_cursor([page[-1][0].next_visit_due.isoformat(), page[-1][0].case_id]) if more and page else None
    return Worklist(on=on, days=days, items=[p[0] for p in page], next_cursor=nxt)
