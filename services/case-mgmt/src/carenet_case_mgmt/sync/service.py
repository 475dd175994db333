"""Phone sync: the caller's assigned cases changed in a window of the change sequence, whole, and those that left."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from carenet_core import clock
from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.errors import RuleViolation
from carenet_core.outbox import OutboxEvent
from carenet_core.pagination import decode_cursor, encode_cursor
from carenet_core.trail import record_access
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..assignments.models import CaseAssignment
from ..cases.models import Case
from ..cases.service import case_out
from ..cases.standing import standings
from ..common.privacy import mask_national_id
from ..tiers.models import TierChange, TierPolicyVersion
from ..visits.models import Visit
from ..visits.service import visit_out
from .rules import Position, counties_with_new_policy, page, touched_cases
from .schemas import CaseOut, SyncPage, TierChangeOut

CHUNK = 1000


def _position(since: str | None) -> Position | None:
    if since is None:
        return None
    try:
        return Position.from_json(decode_cursor(since))
    except (ValueError, TypeError, RuleViolation):
        raise RuleViolation("`since` is not a position this service issued", code="invalid_since") from None


async def _in_hands(session: AsyncSession, principal: Principal) -> dict[str, str]:
    """The caller's cases now: open, assigned to the caller, inside the caller's jurisdiction (id → county)."""
    stmt = select(Case.id, Case.county).where(Case.status == "open", Case.assigned_to == principal.sub)
    rows = await session.execute(scope_to_jurisdiction(stmt, principal, Case.county, Case.district))
    return {cid: county for cid, county in rows.all()}


async def _touched(session: AsyncSession, *, since: int, upto: int) -> tuple[set[str], set[str]]:
    """Cases named by changes in (since, upto], and counties whose tier policy changed in that window."""
    cases: set[str] = set()
    policy_counties: set[str] = set()
    last = since
    while True:
        rows = (
            await session.execute(
                select(OutboxEvent.seq, OutboxEvent.type, OutboxEvent.data)
                .where(OutboxEvent.seq > last, OutboxEvent.seq <= upto)
                .order_by(OutboxEvent.seq)
                .limit(5000)
            )
        ).all()
        if not rows:
            return cases, policy_counties
        cases |= touched_cases(d for _, _, d in rows if isinstance(d, dict))
        policy_counties |= {d["county"] for _, t, d in rows if t == "tier_policy.versioned" and d.get("county")}
        last = rows[-1][0]


async def _ever_held(session: AsyncSession, principal: Principal, ids: set[str]) -> set[str]:
    """Those of `ids` the caller held at some time (so a phone of theirs may hold them)."""
    out: set[str] = set()
    id_list = sorted(ids)
    for i in range(0, len(id_list), CHUNK):
        rows = await session.scalars(
            select(CaseAssignment.case_id).where(
                CaseAssignment.case_id.in_(id_list[i : i + CHUNK]), CaseAssignment.to_sub == principal.sub
            )
        )
        out |= set(rows.all())
    return out


def _tier_change_out(r: TierChange) -> TierChangeOut:
    return TierChangeOut(
        id=r.id,
        case_id=r.case_id,
        from_tier=r.from_tier,
        to_tier=r.to_tier,
        tier=r.to_tier,
        changed_at=r.changed_at,
        changed_by=r.changed_by,
        reason=r.reason,
        visit_id=r.visit_id,
        exception_reason=r.exception_reason,
    )


async def _whole(session: AsyncSession, principal: Principal, ids: list[str]) -> tuple[list, list, list]:
    """The cases (masked national ID), all their visits and tier history; a trail row per case."""
    if not ids:
        return [], [], []
    cases = list((await session.scalars(select(Case).where(Case.id.in_(ids)).order_by(Case.id))).all())
    st = await standings(session, cases)
    out_cases: list[CaseOut] = []
    for c in cases:
        o = case_out(c, st[c.id])
        o.national_id = mask_national_id(c.national_id)
        out_cases.append(o)
        await record_access(
            session, principal=principal, action="sync", resource=f"case/{c.id}", person_ref=c.person_key
        )
    visits = (
        await session.scalars(select(Visit).where(Visit.case_id.in_(ids)).order_by(Visit.case_id, Visit.visited_at))
    ).all()
    changes = (
        await session.scalars(
            select(TierChange).where(TierChange.case_id.in_(ids)).order_by(TierChange.case_id, TierChange.changed_at)
        )
    ).all()
    return out_cases, [visit_out(v) for v in visits], [_tier_change_out(t) for t in changes]


async def sync(
    *,
    session: AsyncSession,
    principal: Principal,
    since: str | None,
    limit: int,
    publish: Callable[[], Awaitable[int]] | None = None,
) -> SyncPage:
    """One page of the caller's changes after `since`; `next_since` never goes back and misses no commit."""
    pos = _position(since)
    today = clock.today()
    if pos is not None and pos.upto is not None:
        upto = pos.upto  # a window being paged keeps its bounds
    else:
        if publish is not None:
            await publish()  # number what has committed, so the window ends at the latest commit
        upto = int(await session.scalar(select(func.coalesce(func.max(OutboxEvent.seq), 0))) or 0)
    hands = await _in_hands(session, principal)
    if pos is None or (pos.seq == 0 and pos.day is None):
        send, gone = set(hands), set()
        since_seq, since_day = 0, None
    else:
        since_seq, since_day = pos.seq, pos.day
        touched, policy_counties = await _touched(session, since=since_seq, upto=upto)
        versions = (
            await session.execute(
                select(TierPolicyVersion.county, TierPolicyVersion.effective_from).where(
                    TierPolicyVersion.county.in_(set(hands.values()))
                )
            )
        ).all()
        policy_counties |= counties_with_new_policy(versions, since_day=since_day, today=today)
        send = {cid for cid in touched if cid in hands} | {cid for cid, c in hands.items() if c in policy_counties}
        gone = await _ever_held(session, principal, touched - set(hands))
    after = pos.after if pos is not None and pos.upto is not None else None
    ids, more = page(send | gone, after=after, limit=limit)
    cases, visits, changes = await _whole(session, principal, [i for i in ids if i in send])
    if more:
        nxt = Position(seq=since_seq, day=since_day, upto=upto, after=ids[-1])
    else:
        nxt = Position(seq=upto, day=today)
    return SyncPage(
        cases=cases,
        visits=visits,
        tier_changes=changes,
        removed=[i for i in ids if i in gone],
        next_since=encode_cursor(nxt.to_json()),
        more=more,
    )
