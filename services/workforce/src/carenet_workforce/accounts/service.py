"""Use cases of account review: take in activity, open a six-monthly review with its flags, decide, sign off."""

from __future__ import annotations

import uuid
from datetime import datetime

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import Conflict, NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.pagination import Page, decode_cursor, page_of
from carenet_core.trail import record_access
from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from ..staff.models import Staff
from ..staff.service import ensure_own_county
from .models import AccountActivity, AccountReview, ReviewFlag
from .rules import StaffRecord, flags_for, last_ended_half, review_overdue
from .schemas import (
    AccountOut,
    ActivityBatch,
    ActivityOut,
    ActivityResult,
    DecisionIn,
    FlagOut,
    ReviewIn,
    ReviewOut,
    ReviewStatus,
)


async def record_activity(*, session: AsyncSession, batch: ActivityBatch) -> ActivityResult:
    """Each (county, sub) keeps its earliest and latest time seen: a replayed batch changes nothing."""
    latest: dict[tuple[str, str], tuple[datetime, datetime, set[str]]] = {}
    for r in batch.records:
        key = (r.county, r.sub)
        seen = clock.to_utc(r.last_seen)
        lo, hi, roles = latest.get(key, (seen, seen, set()))
        latest[key] = (min(lo, seen), max(hi, seen), roles | set(r.roles))
    if latest:
        existing = {
            (a.county, a.sub): a
            for a in (
                await session.scalars(
                    select(AccountActivity).where(tuple_(AccountActivity.county, AccountActivity.sub).in_(list(latest)))
                )
            ).all()
        }
        now = clock.now()
        for (county, sub), (lo, hi, roles) in latest.items():
            row = existing.get((county, sub))
            if row is None:
                session.add(
                    AccountActivity(
                        county=county,
                        sub=sub,
                        first_seen=lo,
                        last_seen=hi,
                        roles=",".join(sorted(roles)),
                        reported_at=now,
                    )
                )
                continue
            row.first_seen = min(clock.to_utc(row.first_seen), lo)
            row.last_seen = max(clock.to_utc(row.last_seen), hi)
            row.roles = ",".join(sorted(set(filter(None, row.roles.split(","))) | roles))[:300]
            row.reported_at = now
    return ActivityResult(accepted=len(batch.records), accounts=len(latest))


async def list_activity(
    *, session: AsyncSession, principal: Principal, county: str, limit: int, cursor: str | None
) -> Page[ActivityOut]:
    """Every account seen in the county with its first and last activity, by `sub` (404 outside the county)."""
    if not principal.can_see(county):
        raise NotFound("no such county in your jurisdiction", code="county_not_found")
    stmt = select(AccountActivity).where(AccountActivity.county == county)
    after = decode_cursor(cursor)
    if after is not None:
        if not isinstance(after, str):
            raise RuleViolation("the cursor is not one this service issued", code="invalid_cursor")
        stmt = stmt.where(AccountActivity.sub > after)
    rows = (await session.scalars(stmt.order_by(AccountActivity.sub).limit(limit + 1))).all()
    await record_access(session, principal=principal, action="list", resource=f"account-activity?county={county}")
    return page_of([ActivityOut.model_validate(r) for r in rows], limit, lambda a: a.sub)


async def _flags(session: AsyncSession, review_id: uuid.UUID) -> list[ReviewFlag]:
    return list(
        (
            await session.scalars(
                select(ReviewFlag).where(ReviewFlag.review_id == review_id).order_by(ReviewFlag.sub, ReviewFlag.reason)
            )
        ).all()
    )


def _out(review: AccountReview, flags: list[ReviewFlag], accounts: list[AccountOut] | None = None) -> ReviewOut:
    return ReviewOut(
        id=review.id,
        county=review.county,
        half=review.half,
        reviewed_on=review.reviewed_on,
        idle_days=review.idle_days,
        accounts_reviewed=review.accounts,
        accounts=accounts,
        flags=[FlagOut.model_validate(f) for f in flags],
        undecided=sum(1 for f in flags if f.decision is None),
        signed_at=review.signed_at,
        signed_by=review.signed_by,
    )


async def open_review(*, session: AsyncSession, body: ReviewIn, idle_days: int, principal: Principal) -> ReviewOut:
    """The review with every account seen in the county and its flags; 409 `review_exists` for the same half."""
    ensure_own_county(principal, body.county)
    first, _last = clock.parse_half(body.half)
    today = clock.today()
    if first > today:
        raise RuleViolation("that half-year has not begun", code="half_not_started")
    existing = await session.scalar(
        select(AccountReview.id).where(AccountReview.county == body.county, AccountReview.half == body.half)
    )
    if existing is not None:
        raise Conflict("this half-year's review already exists", code="review_exists", id=str(existing))
    now = clock.now()
    review = AccountReview(
        id=uuid.uuid4(),
        county=body.county,
        half=body.half,
        reviewed_on=today,
        idle_days=idle_days,
        accounts=0,
        created_at=now,
        created_by=principal.sub,
    )
    session.add(review)
    activity = (
        await session.scalars(
            select(AccountActivity).where(AccountActivity.county == body.county).order_by(AccountActivity.sub)
        )
    ).all()
    staff = {s.sub: s for s in (await session.scalars(select(Staff).where(Staff.county == body.county))).all()}
    accounts: list[AccountOut] = []
    flags: list[ReviewFlag] = []
    for a in activity:
        person = staff.get(a.sub)
        record = None if person is None else StaffRecord(person.started_on, person.ended_on)
        last_seen = clock.as_aware(a.last_seen)
        reasons = flags_for(last_seen=clock.taipei_date(last_seen), staff=record, review_day=today, idle_days=idle_days)
        accounts.append(
            AccountOut(sub=a.sub, last_seen=last_seen, staff_id=person.id if person else None, flags=reasons)
        )
        flags.extend(ReviewFlag(review_id=review.id, sub=a.sub, reason=r.value, last_seen=last_seen) for r in reasons)
    review.accounts = len(accounts)
    await session.flush()
    session.add_all(flags)
    await session.flush()
    await record_access(session, principal=principal, action="create", resource=f"account-reviews/{review.id}")
    return _out(review, await _flags(session, review.id), accounts)


async def review_status(*, session: AsyncSession, county: str, principal: Principal) -> ReviewStatus:
    """Whether the county's last ended half-year has a signed-off review (404 outside the county)."""
    if not principal.can_see(county):
        raise NotFound("no such county in your jurisdiction", code="county_not_found")
    halves = (
        await session.scalars(
            select(AccountReview.half).where(AccountReview.county == county, AccountReview.signed_at.is_not(None))
        )
    ).all()
    today = clock.today()
    signed = set(halves)
    return ReviewStatus(
        county=county,
        due_half=last_ended_half(today),
        signed_halves=sorted(signed, reverse=True),
        overdue=review_overdue(today=today, signed_halves=signed),
    )


async def _review(session: AsyncSession, review_id: uuid.UUID, principal: Principal) -> AccountReview:
    review = await session.get(AccountReview, review_id)
    if review is None or not principal.can_see(review.county):
        raise NotFound("no such account review", code="review_not_found")
    return review


async def get_review(*, session: AsyncSession, review_id: uuid.UUID, principal: Principal) -> ReviewOut:
    """The review with its flags and decisions (404 outside the caller's county); the read is trailed."""
    review = await _review(session, review_id, principal)
    await record_access(session, principal=principal, action="read", resource=f"account-reviews/{review.id}")
    return _out(review, await _flags(session, review.id))


async def decide(*, session: AsyncSession, review_id: uuid.UUID, body: DecisionIn, principal: Principal) -> ReviewOut:
    """The review with the decision recorded on the account's flag(s); 409 once signed, 422 for an unflagged sub."""
    review = await _review(session, review_id, principal)
    if review.signed_at is not None:
        raise Conflict("the review is signed off", code="review_signed")
    targets = [
        f
        for f in await _flags(session, review.id)
        if f.sub == body.sub and (body.reason is None or f.reason == body.reason.value)
    ]
    if not targets:
        raise RuleViolation("this account has no such flag in the review", code="flag_not_found")
    now = clock.now()
    for f in targets:
        f.decision = body.decision.value
        f.note = body.note
        f.decided_at = now
        f.decided_by = principal.sub
    await session.flush()
    await record_access(session, principal=principal, action="decide", resource=f"account-reviews/{review.id}")
    return _out(review, await _flags(session, review.id))


async def sign_off(*, session: AsyncSession, review_id: uuid.UUID, principal: Principal) -> ReviewOut:
    """The signed review; 409 `flags_undecided` (with the subs) until every flag has a decision.

    In the same transaction it emits `staffing.fact` `account_review_half_yearly` for the county and
    half-year (value 1; docs/events.md), so indicators' scorecard counts the half-year as reviewed.
    """
    review = await _review(session, review_id, principal)
    if review.signed_at is not None:
        raise Conflict("the review is already signed off", code="review_signed")
    flags = await _flags(session, review.id)
    undecided = sorted({f.sub for f in flags if f.decision is None})
    if undecided:
        raise Conflict(
            f"{len(undecided)} flagged accounts have no decision", code="flags_undecided", undecided=undecided
        )
    now = clock.now()
    review.signed_at = now
    review.signed_by = principal.sub
    await record_access(session, principal=principal, action="sign_off", resource=f"account-reviews/{review.id}")
    emit(session, "staffing.fact", signed_off_fact(review, flags, signed_at=now), occurred_at=now)
    return _out(review, flags)


def signed_off_fact(review: AccountReview, flags: list[ReviewFlag], *, signed_at: datetime) -> dict[str, object]:
    """The `staffing.fact` of a signed-off review: county C reviewed its accounts for half-year H (value 1)."""
    return {
        "county": review.county,
        "period": review.half,
        "code": "account_review_half_yearly",
        "value": 1,
        "numerator": None,
        "denominator": None,
        "evidence": f"account review {review.id} of {review.half} signed off by {review.signed_by} at "
        f"{signed_at.isoformat()}: {review.accounts} accounts reviewed, {len(flags)} flags decided",
        "computed_at": signed_at.isoformat(),
    }
