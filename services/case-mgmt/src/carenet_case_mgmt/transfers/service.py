"""Use cases of transfers: offer, accept, reject, revoke; the sender keeps the case until acceptance."""

from __future__ import annotations

import uuid
from datetime import datetime

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import taipei_date
from carenet_core.errors import Conflict, Forbidden, NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.pagination import decode_cursor, encode_cursor
from carenet_core.trail import record_access
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..assignments.service import set_assignee
from ..cases.facts import set_due
from ..cases.models import Case
from ..tiers.service import policy_on
from . import rules
from .models import Transfer
from .schemas import TransferIn, TransferOut, TransferPage

UNASSIGNED_DISTRICT = "unassigned"


def transfer_out(t: Transfer) -> TransferOut:
    state = rules.effective_state(t.state, expires=t.expires_at, now=clock.now())
    return TransferOut(
        id=t.id,
        case_id=t.case_id,
        from_county=t.from_county,
        to_county=t.to_county,
        to_district=t.to_district,
        reason=t.reason,
        state=state,
        offered_at=t.offered_at,  # type: ignore[arg-type]
        offered_by=t.offered_by,
        expires_at=t.expires_at,
        decided_at=t.decided_at,
        decided_by=t.decided_by,
        decision_note=t.decision_note,
    )


async def _expire_stale(session: AsyncSession, case_id: str) -> None:
    await session.execute(
        update(Transfer)
        .where(Transfer.case_id == case_id, Transfer.state == "offered", Transfer.expires_at <= clock.now())
        .values(state="expired")
    )


async def offer(*, session: AsyncSession, principal: Principal, case: Case, body: TransferIn) -> Transfer:
    """Offer the case to another county (one open transfer per case: 409 with its id)."""
    if case.status != "open":
        raise Conflict("the case is closed", code="case_closed")
    if body.to_county == case.county:
        raise RuleViolation("the case is already in that county", code="same_county")
    await _expire_stale(session, case.id)
    open_one = await session.scalar(select(Transfer.id).where(Transfer.case_id == case.id, Transfer.state == "offered"))
    if open_one is not None:
        raise Conflict("the case already has an open transfer", code="transfer_open", id=open_one)
    now = clock.now()
    policy = await policy_on(session, county=case.county, on=taipei_date(now))
    t = Transfer(
        id=str(uuid.uuid4()),
        case_id=case.id,
        from_county=case.county,
        from_district=case.district,
        to_county=body.to_county,
        to_district=body.to_district,
        reason=body.reason,
        state="offered",
        offered_at=now,
        offered_by=principal.sub,
        expires_at=rules.expires_at(now, policy.transfer_expiry_days),
    )
    try:
        async with session.begin_nested():
            session.add(t)
            await session.flush()
    except IntegrityError:
        raise Conflict("the case already has an open transfer", code="transfer_open") from None
    emit(
        session,
        "transfer.offered",
        {
            "transfer_id": t.id,
            "case_id": case.id,
            "from_county": t.from_county,
            "to_county": t.to_county,
            "expires_at": t.expires_at.isoformat(),
        },
    )
    return t


async def load(session: AsyncSession, *, principal: Principal, transfer_id: str, for_update: bool = False) -> Transfer:
    """A transfer the caller's county sends or receives (404 otherwise)."""
    stmt = select(Transfer).where(Transfer.id == transfer_id)
    if for_update:
        stmt = stmt.with_for_update()
    t = await session.scalar(stmt)
    scope = principal.county_scope()
    if t is None or (scope is not None and scope not in (t.from_county, t.to_county)):
        raise NotFound("no such transfer", code="transfer_not_found")
    return t


def _must_be_open(t: Transfer) -> None:
    state = rules.effective_state(t.state, expires=t.expires_at, now=clock.now())
    if state == "expired":
        raise Conflict("the offer expired; the sender may offer again", code="transfer_expired")
    if state != "offered":
        raise Conflict(f"the transfer is already {state}", code="transfer_settled", state=state)


async def accept(
    *, session: AsyncSession, principal: Principal, transfer: Transfer, district: str | None, note: str | None
) -> Transfer:
    """The receiving county takes the case: it moves there and `case.transferred` is emitted."""
    if principal.county_scope() not in (None, transfer.to_county):
        raise Forbidden("only the receiving county accepts", code="not_receiver")
    _must_be_open(transfer)
    # without a district the case waits, county-wide, for the receiver's supervisor to place it
    new_district = district or transfer.to_district or UNASSIGNED_DISTRICT
    case = await session.scalar(select(Case).where(Case.id == transfer.case_id).with_for_update())
    assert case is not None
    if case.status != "open":
        raise Conflict("the case is closed", code="case_closed")
    now = clock.now()
    transfer.state, transfer.decided_at, transfer.decided_by, transfer.decision_note = (
        "accepted",
        now,
        principal.sub,
        note,
    )
    transfer.to_district = new_district
    case.county, case.district = transfer.to_county, new_district
    set_due(case, await policy_on(session, county=case.county, on=clock.today()))  # the receiver's policy
    if case.assigned_to is not None:
        # the sending county's worker no longer holds it: the receiver's supervisor assigns it
        set_assignee(session, case=case, to_sub=None, by=principal.sub, reason="transfer accepted")
    case.version += 1
    emit(
        session,
        "case.transferred",
        {
            "case_id": case.id,
            "from_county": transfer.from_county,
            "to_county": transfer.to_county,
            "transfer_id": transfer.id,
            "accepted_at": now.isoformat(),
        },
    )
    await record_access(
        session, principal=principal, action="transfer_accept", resource=f"case/{case.id}", person_ref=case.person_key
    )
    return transfer


async def decline(
    *, session: AsyncSession, principal: Principal, transfer: Transfer, as_state: str, note: str | None
) -> Transfer:
    """`rejected` by the receiver or `revoked` by the sender."""
    scope = principal.county_scope()
    side = transfer.to_county if as_state == "rejected" else transfer.from_county
    if scope not in (None, side):
        raise Forbidden("only the receiving county rejects; only the sending county revokes", code="wrong_side")
    _must_be_open(transfer)
    transfer.state, transfer.decided_at, transfer.decided_by, transfer.decision_note = (
        as_state,
        clock.now(),
        principal.sub,
        note,
    )
    emit(
        session,
        f"transfer.{as_state}",
        {
            "transfer_id": transfer.id,
            "case_id": transfer.case_id,
            "from_county": transfer.from_county,
            "to_county": transfer.to_county,
        },
    )
    case = await session.get(Case, transfer.case_id)
    if case is not None:
        await record_access(
            session,
            principal=principal,
            action=f"transfer_{as_state}",
            resource=f"case/{case.id}",
            person_ref=case.person_key,
        )
    return transfer


async def list_transfers(
    *, session: AsyncSession, principal: Principal, direction: str | None, limit: int, cursor: str | None
) -> TransferPage:
    """Transfers the caller's county sends or receives, newest first."""
    stmt = select(Transfer).order_by(Transfer.offered_at.desc(), Transfer.id.desc()).limit(limit + 1)
    scope = principal.county_scope()
    if scope is not None:
        if direction == "incoming":
            stmt = stmt.where(Transfer.to_county == scope)
        elif direction == "outgoing":
            stmt = stmt.where(Transfer.from_county == scope)
        else:
            stmt = stmt.where(or_(Transfer.to_county == scope, Transfer.from_county == scope))
    after = decode_cursor(cursor)
    if after:
        at = datetime.fromisoformat(after[0])
        stmt = stmt.where(or_(Transfer.offered_at < at, and_(Transfer.offered_at == at, Transfer.id < after[1])))
    rows = list((await session.scalars(stmt)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor([rows[-1].offered_at.isoformat(), rows[-1].id]) if more and rows else None
    return TransferPage(items=[transfer_out(t) for t in rows], next_cursor=nxt)
