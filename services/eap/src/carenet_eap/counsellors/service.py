"""Use cases of counsellors: register, list, publish slots, set availability, find free slots."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.clock import TAIPEI, to_utc
from carenet_core.db import get_or_404
from carenet_core.errors import Conflict, Forbidden, NotFound, RuleViolation
from carenet_core.etag import check_if_match
from carenet_core.outbox import emit
from carenet_core.pagination import keyset_after
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import KINDS, Kind, new_id
from ..config import Settings
from . import rules
from .models import AvailabilityException, Counsellor, CounsellorKind, Slot, WeeklyHours
from .schemas import AvailabilityIn, CounsellorIn, CounsellorPatch, SlotIn


async def kinds_of(*, session: AsyncSession, counsellor_ids: Sequence[str]) -> dict[str, list[Kind]]:
    """Each counsellor's kinds, in the canonical order."""
    out: dict[str, list[Kind]] = {cid: [] for cid in counsellor_ids}
    if counsellor_ids:
        rows = await session.execute(
            select(CounsellorKind.counsellor_id, CounsellorKind.kind).where(
                CounsellorKind.counsellor_id.in_(list(counsellor_ids))
            )
        )
        for cid, kind in rows:
            out[cid].append(kind)
    return {cid: sorted(ks, key=KINDS.index) for cid, ks in out.items()}


async def create_counsellor(*, session: AsyncSession, body: CounsellorIn, settings: Settings) -> Counsellor:
    """A new counsellor with their kinds; a `user_sub` already linked to another counsellor is 409."""
    if body.user_sub and await session.scalar(select(Counsellor.id).where(Counsellor.user_sub == body.user_sub)):
        raise Conflict("this login is already linked to a counsellor", code="user_sub_taken")
    c = Counsellor(
        id=new_id(),
        name=body.name,
        gender=body.gender,
        modes=list(body.modes),
        languages=list(body.languages),
        location=body.location,
        user_sub=body.user_sub,
        session_minutes=body.session_minutes or settings.default_session_minutes,
        buffer_minutes=body.buffer_minutes if body.buffer_minutes is not None else settings.default_buffer_minutes,
        active=True,
        created_at=clock.now(),
    )
    session.add(c)
    session.add_all([CounsellorKind(counsellor_id=c.id, kind=k) for k in body.kinds])
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("this login is already linked to a counsellor", code="user_sub_taken") from None
    emit(session, "counsellor.registered", {"id": c.id, "kinds": list(body.kinds)})
    return c


async def list_counsellors(
    *, session: AsyncSession, kind: str | None, gender: str | None, limit: int, cursor: str | None
) -> list[tuple[Counsellor, list[Kind]]]:
    """Active counsellors with their kinds (limit + 1 rows, keyset on name then id)."""
    stmt = select(Counsellor).where(Counsellor.active.is_(True))
    if kind:
        stmt = stmt.where(Counsellor.id.in_(select(CounsellorKind.counsellor_id).where(CounsellorKind.kind == kind)))
    if gender:
        stmt = stmt.where(Counsellor.gender == gender)
    stmt = keyset_after(stmt, [Counsellor.name, Counsellor.id], cursor)
    rows = list((await session.scalars(stmt.limit(limit + 1))).all())
    kinds = await kinds_of(session=session, counsellor_ids=[c.id for c in rows])
    return [(c, kinds[c.id]) for c in rows]


async def read_counsellor(*, session: AsyncSession, counsellor_id: str) -> tuple[Counsellor, list[Kind]]:
    """One counsellor (any state) with their kinds; 404 when unknown."""
    c = await load_counsellor(session=session, counsellor_id=counsellor_id)
    return c, (await kinds_of(session=session, counsellor_ids=[c.id]))[c.id]


async def load_counsellor(*, session: AsyncSession, counsellor_id: str, lock: bool = False) -> Counsellor:
    """The counsellor row (locked FOR UPDATE with `lock`); 404 when unknown."""
    stmt = select(Counsellor).where(Counsellor.id == counsellor_id)
    if lock:
        stmt = stmt.with_for_update()
    c = await session.scalar(stmt)
    if c is None:
        raise NotFound("no such counsellor", code="counsellor_not_found")
    return c


async def counsellor_of(*, session: AsyncSession, principal: Principal) -> Counsellor | None:
    """The counsellor whose login is the caller (None when the caller is no counsellor)."""
    if not principal.has("counsellor"):
        return None
    return await session.scalar(select(Counsellor).where(Counsellor.user_sub == principal.sub))


def ensure_may_manage(principal: Principal, counsellor: Counsellor) -> None:
    """eap_admin manages every counsellor; a counsellor only their own hours."""
    if principal.has("eap_admin"):
        return
    if principal.has("counsellor") and counsellor.user_sub is not None and counsellor.user_sub == principal.sub:
        return
    raise Forbidden("a counsellor may manage only their own hours", code="not_own_counsellor")


async def add_slots(
    *, session: AsyncSession, counsellor_id: str, slots: Sequence[SlotIn], principal: Principal
) -> list[Slot]:
    """New free slots; any overlap with the counsellor's live slots (or within the batch) is 409, nothing stored."""
    # The counsellor row lock serialises slot publishing per counsellor, so two overlapping
    # batches cannot both pass the overlap check.
    c = await load_counsellor(session=session, counsellor_id=counsellor_id, lock=True)
    ensure_may_manage(principal, c)
    for i, s in enumerate(slots):
        if s.mode not in c.modes:
            raise RuleViolation(
                f"slots[{i}]: this counsellor does not offer mode '{s.mode}'", code="mode_not_offered", index=i
            )
    new = [rules.Interval(to_utc(s.starts_at), to_utc(s.ends_at)) for s in slots]
    existing = await _live_intervals(session, c.id, min(n.starts_at for n in new), max(n.ends_at for n in new))
    hit = rules.first_conflict(new, existing)
    if hit is not None:
        i, other = hit
        raise Conflict(
            f"slots[{i}] overlaps another slot of this counsellor",
            code="slot_overlap",
            index=i,
            overlaps={"starts_at": other.starts_at.isoformat(), "ends_at": other.ends_at.isoformat()},
        )
    now = clock.now()
    rows = [
        Slot(
            id=new_id(),
            counsellor_id=c.id,
            starts_at=n.starts_at,
            ends_at=n.ends_at,
            mode=s.mode,
            status="free",
            created_at=now,
        )
        for n, s in zip(new, slots, strict=True)
    ]
    session.add_all(rows)
    await session.flush()
    emit(session, "slots.published", {"counsellor_id": c.id, "count": len(rows)})
    return rows


async def _live_intervals(
    session: AsyncSession, counsellor_id: str, start: datetime, end: datetime, margin: timedelta = timedelta(hours=8)
) -> list[rules.Interval]:
    rows = await session.execute(
        select(Slot.starts_at, Slot.ends_at).where(
            Slot.counsellor_id == counsellor_id,
            Slot.status != "withdrawn",
            Slot.starts_at < end + margin,
            Slot.ends_at > start - margin,
        )
    )
    return [rules.Interval(to_utc(a), to_utc(b)) for a, b in rows]


def _t(s: str | None) -> time | None:
    return time.fromisoformat(s) if s else None


async def set_availability(
    *, session: AsyncSession, counsellor_id: str, body: AvailabilityIn, principal: Principal
) -> tuple[Counsellor, list[WeeklyHours], list[AvailabilityException]]:
    """Replace the weekly hours, add the dated exceptions (one per date: the newest wins)."""
    c = await load_counsellor(session=session, counsellor_id=counsellor_id, lock=True)
    ensure_may_manage(principal, c)
    for h in body.weekly:
        if h.mode not in c.modes:
            raise RuleViolation(f"this counsellor does not offer mode '{h.mode}'", code="mode_not_offered")
    if body.session_minutes is not None:
        c.session_minutes = body.session_minutes
    if body.buffer_minutes is not None:
        c.buffer_minutes = body.buffer_minutes
    c.version += 1
    await session.execute(delete(WeeklyHours).where(WeeklyHours.counsellor_id == c.id))
    session.add_all(
        [
            WeeklyHours(
                id=new_id(),
                counsellor_id=c.id,
                weekday=h.weekday,
                start_time=h.start.strftime("%H:%M"),
                end_time=h.end.strftime("%H:%M"),
                mode=h.mode,
            )
            for h in body.weekly
        ]
    )
    if body.exceptions:
        await session.execute(
            delete(AvailabilityException).where(
                AvailabilityException.counsellor_id == c.id,
                AvailabilityException.on_date.in_([e.on for e in body.exceptions]),
            )
        )
        session.add_all(
            [
                AvailabilityException(
                    id=new_id(),
                    counsellor_id=c.id,
                    on_date=e.on,
                    closed=e.closed,
                    start_time=e.start.strftime("%H:%M") if e.start else None,
                    end_time=e.end.strftime("%H:%M") if e.end else None,
                    mode=e.mode,
                )
                for e in body.exceptions
            ]
        )
    await session.flush()
    return await get_availability(session=session, counsellor=c)


async def read_availability(
    *, session: AsyncSession, counsellor_id: str, principal: Principal
) -> tuple[Counsellor, list[WeeklyHours], list[AvailabilityException]]:
    """The counsellor's weekly hours and exceptions, for the counsellor themself or eap_admin (403 otherwise)."""
    c = await load_counsellor(session=session, counsellor_id=counsellor_id)
    ensure_may_manage(principal, c)
    return await get_availability(session=session, counsellor=c)


async def counsellor_slots(
    *, session: AsyncSession, counsellor_id: str, principal: Principal, start: datetime | None, end: datetime | None
) -> list[Slot]:
    """Every slot of the counsellor (free, booked, withdrawn) starting in [start, end), soonest first."""
    c = await load_counsellor(session=session, counsellor_id=counsellor_id)
    ensure_may_manage(principal, c)
    stmt = select(Slot).where(Slot.counsellor_id == c.id)
    if start:
        stmt = stmt.where(Slot.starts_at >= to_utc(start))
    if end:
        stmt = stmt.where(Slot.starts_at < to_utc(end))
    return list((await session.scalars(stmt.order_by(Slot.starts_at).limit(2000))).all())


async def get_availability(
    *, session: AsyncSession, counsellor: Counsellor
) -> tuple[Counsellor, list[WeeklyHours], list[AvailabilityException]]:
    """The counsellor's weekly hours (by weekday) and dated exceptions (by date)."""
    weekly = (
        await session.scalars(
            select(WeeklyHours)
            .where(WeeklyHours.counsellor_id == counsellor.id)
            .order_by(WeeklyHours.weekday, WeeklyHours.start_time)
        )
    ).all()
    exc = (
        await session.scalars(
            select(AvailabilityException)
            .where(AvailabilityException.counsellor_id == counsellor.id)
            .order_by(AvailabilityException.on_date)
        )
    ).all()
    return counsellor, list(weekly), list(exc)


async def materialise_slots(
    *, session: AsyncSession, counsellor_id: str, start: date, end: date, principal: Principal
) -> tuple[list[Slot], int]:
    """Turn weekly hours and exceptions into free slots; planned sessions that collide or are past are skipped."""
    c = await load_counsellor(session=session, counsellor_id=counsellor_id, lock=True)
    ensure_may_manage(principal, c)
    _, weekly, exceptions = await get_availability(session=session, counsellor=c)
    plan = rules.materialise(
        weekly=[
            rules.WorkingHours(h.weekday, time.fromisoformat(h.start_time), time.fromisoformat(h.end_time), h.mode)
            for h in weekly
        ],
        exceptions=[
            rules.DatedException(e.on_date, e.closed, _t(e.start_time), _t(e.end_time), e.mode) for e in exceptions
        ],
        start=start,
        end=end,
        session_minutes=c.session_minutes,
        buffer_minutes=c.buffer_minutes,
        tz=TAIPEI,
    )
    now = clock.now()
    if not plan:
        return [], 0
    pool = await _live_intervals(session, c.id, to_utc(plan[0].starts_at), to_utc(plan[-1].ends_at))
    created: list[Slot] = []
    skipped = 0
    for p in plan:
        iv = rules.Interval(to_utc(p.starts_at), to_utc(p.ends_at))
        if iv.starts_at <= now or any(rules.conflicts(iv, o) for o in pool):
            skipped += 1
            continue
        pool.append(iv)
        created.append(
            Slot(
                id=new_id(),
                counsellor_id=c.id,
                starts_at=iv.starts_at,
                ends_at=iv.ends_at,
                mode=p.mode,
                status="free",
                created_at=now,
            )
        )
    session.add_all(created)
    await session.flush()
    if created:
        emit(session, "slots.published", {"counsellor_id": c.id, "count": len(created)})
    return created, skipped


async def withdraw_slot(*, session: AsyncSession, slot_id: str, principal: Principal) -> Slot:
    """Withdraw a free slot (a booked one must be cancelled by its employee first: 409)."""
    slot = await get_or_404(session, Slot, slot_id, detail="no such slot", code="slot_not_found")
    c = await load_counsellor(session=session, counsellor_id=slot.counsellor_id)
    ensure_may_manage(principal, c)
    if slot.status != "free":
        raise Conflict("only a free slot can be withdrawn", code="slot_not_free")
    slot.status = "withdrawn"
    return slot


async def free_slots(
    *,
    session: AsyncSession,
    kind: str | None,
    gender: str | None,
    mode: str | None,
    language: str | None,
    start: datetime | None,
    end: datetime | None,
    min_notice_minutes: int,
    limit: int,
    cursor: str | None,
) -> list[tuple[Slot, Counsellor, list[Kind]]]:
    """Free slots of active counsellors from now plus the minimum notice, soonest first (limit + 1 rows)."""
    earliest = clock.now() + timedelta(minutes=min_notice_minutes)
    lo = max(to_utc(start), earliest) if start else earliest
    stmt = (
        select(Slot, Counsellor)
        .join(Counsellor, Counsellor.id == Slot.counsellor_id)
        .where(Slot.status == "free", Counsellor.active.is_(True), Slot.starts_at >= lo)
    )
    if end is not None:
        stmt = stmt.where(Slot.starts_at < to_utc(end))
    if kind:
        stmt = stmt.where(Counsellor.id.in_(select(CounsellorKind.counsellor_id).where(CounsellorKind.kind == kind)))
    if gender:
        stmt = stmt.where(Counsellor.gender == gender)
    if mode:
        stmt = stmt.where(Slot.mode == mode)
    stmt = keyset_after(stmt, [Slot.starts_at, Slot.id], cursor, types=[datetime.min, ""])
    rows = [(s, c) for s, c in (await session.execute(stmt.limit((limit + 1) if not language else 5000))).all()]
    if language:  # languages are a short JSON list; filtering here keeps the query portable
        rows = [(s, c) for s, c in rows if language in (c.languages or [])][: limit + 1]
    kinds = await kinds_of(session=session, counsellor_ids=list({c.id for _, c in rows}))
    return [(s, c, kinds[c.id]) for s, c in rows]


async def update_counsellor(
    *, session: AsyncSession, counsellor_id: str, patch: CounsellorPatch, if_match: str | None
) -> tuple[Counsellor, list[Kind]]:
    """The changed counsellor and kinds, one version on; a stale `If-Match` is 412 and changes nothing.

    `active: false` hides them (and their free slots) from employees.
    """
    c = await load_counsellor(session=session, counsellor_id=counsellor_id, lock=True)
    if if_match is not None:  # the contract makes If-Match optional on this PATCH; when sent it must match
        check_if_match(if_match, c.version)
    fields = patch.model_dump(exclude_unset=True)
    for key in ("name", "languages", "location", "active"):
        if key in fields and (fields[key] is not None or key == "location"):
            setattr(c, key, fields[key])
    if patch.modes is not None:
        c.modes = list(dict.fromkeys(patch.modes))
    if patch.kinds is not None:
        await session.execute(delete(CounsellorKind).where(CounsellorKind.counsellor_id == c.id))
        session.add_all([CounsellorKind(counsellor_id=c.id, kind=k) for k in dict.fromkeys(patch.kinds)])
    c.version += 1
    await session.flush()
    return c, (await kinds_of(session=session, counsellor_ids=[c.id]))[c.id]
