"""Use cases of the monthly sampling: draw (once per county and month), read, verify, policies, commitments.

The draw never loads a month into Python: per unit it counts the month and fixes the k-th lowest
(ticket, id) straight off the index (county, month, unit, ticket). The sample is every record at or
below it: on PostgreSQL its rows are written in one INSERT … SELECT right after the draw commits, and
until then `list_samples` reads the same sample through the index (SQLite writes the rows in the draw).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

import structlog
from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.db import Database, dialect_is_postgres
from carenet_core.errors import Conflict, NotFound, RuleViolation
from carenet_core.outbox import emit
from carenet_core.pagination import Page, decode_cursor, encode_cursor
from carenet_core.trail import record_access
from sqlalchemy import Boolean, Select, Uuid, bindparam, func, literal, select, text, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import TextClause

from ..common.db import lock_months
from ..common.reach import ensure_reach, unit_scope
from ..config import Settings
from ..querylogs.models import QueryLog
from ..querylogs.rules import mask_subject
from ..reviews.models import Anomaly
from ..units.models import ServedCase, Unit
from .models import MonthSeed, Sample, Sampling, SamplingPolicy, SamplingUnit
from .rules import (
    LEGAL_MIN_FLOOR,
    LEGAL_MIN_RATE,
    commitment_of,
    month_has_ended,
    month_of,
    next_month,
    parse_month,
    policy_below_law,
    sample_size,
    ticket,
)
from .schemas import (
    CommitmentOut,
    PolicyIn,
    PolicyOut,
    ReviewProgress,
    SampleOut,
    SamplingList,
    SamplingOut,
    SamplingSummary,
    UnitDraw,
    VerifyCheck,
    VerifyOut,
)
from .seeds import ensure_seeds

FINAL_VERDICTS = ("justified", "unjustified")
log = structlog.get_logger("carenet.household_audit.sampling")

# PostgreSQL: per unit, an index scan that stops after k rows.
_PG_DRAW = """
SELECT q.id, su.unit, q.rn, q.ticket, q.matches_case, q.case_ref
FROM sampling_units su
CROSS JOIN LATERAL (
    SELECT ql.id, ql.ticket, ql.matches_case, ql.case_ref,
           row_number() OVER (ORDER BY ql.ticket, ql.id) AS rn
    FROM query_logs ql
    WHERE ql.county = :county AND ql.month = :month AND ql.unit = su.unit {late}
    ORDER BY ql.ticket, ql.id
    LIMIT su.sample_size
) q
WHERE su.sampling_id = :sid AND su.sample_size > 0
"""
# SQLite (embedded default, small data): the same draw with a window over the month.
_SQLITE_DRAW = """
SELECT x.id, x.unit, x.rn, x.ticket, x.matches_case, x.case_ref
FROM (SELECT ql.id, ql.unit, ql.ticket, ql.matches_case, ql.case_ref,
             row_number() OVER (PARTITION BY ql.unit ORDER BY ql.ticket, ql.id) AS rn
      FROM query_logs ql WHERE ql.county = :county AND ql.month = :month {late}) x
JOIN sampling_units su ON su.sampling_id = :sid AND su.unit = x.unit
WHERE x.rn <= su.sample_size
"""
_INSERT_SAMPLES = """
INSERT INTO samples (id, sampling_id, unit, rank, ticket, matches_case)
SELECT d.id, :sid, d.unit, d.rn, d.ticket,
       d.matches_case
FROM ({draw}) d
WHERE TRUE
"""
# The k-th lowest (ticket, id) of each unit, read off the index: what the draw fixes (PostgreSQL).
_PG_THRESHOLDS = """
UPDATE sampling_units su SET threshold_ticket = t.ticket, threshold_id = t.id
FROM sampling_units s2
CROSS JOIN LATERAL (
    SELECT ql.ticket, ql.id FROM query_logs ql
    WHERE ql.county = :county AND ql.month = :month AND ql.unit = s2.unit
    ORDER BY ql.ticket, ql.id OFFSET s2.sample_size - 1 LIMIT 1
) t
WHERE su.sampling_id = :sid AND s2.sampling_id = :sid AND s2.unit = su.unit AND s2.sample_size > 0
"""
# Each unit's threshold: its sample's last (highest) rank.
_SET_THRESHOLDS = """
UPDATE sampling_units SET threshold_ticket = s.ticket, threshold_id = s.id
FROM samples s
WHERE sampling_units.sampling_id = :sid AND s.sampling_id = :sid AND s.unit = sampling_units.unit
  AND s.rank = sampling_units.sample_size
"""
# Pre-matching against the cases served now (only when the county's units registered any).
_REMATCH = """
UPDATE samples SET matches_case = TRUE
WHERE sampling_id = :sid AND matches_case = FALSE AND EXISTS (
    SELECT 1 FROM query_logs q JOIN served_cases sc ON sc.unit = q.unit AND sc.case_ref = q.case_ref
    WHERE q.id = samples.id AND q.month = :month)
"""


def _draw_sql(session: AsyncSession, *, exclude_late: bool) -> str:
    late = "AND NOT ql.late" if exclude_late else ""
    return (_PG_DRAW if dialect_is_postgres(session) else _SQLITE_DRAW).format(late=late)


def _sid(stmt: str) -> TextClause:
    return text(stmt).bindparams(bindparam("sid", type_=Uuid()))


async def policy_for(session: AsyncSession, county: str, settings: Settings) -> tuple[Decimal, int, bool]:
    """(rate, floor, is_default) of a county, never below the law (a policy stored before the floors were
    enforced is read as the legal minimum)."""
    p = await session.get(SamplingPolicy, county)
    if p is None:
        return settings.sampling_rate, settings.sampling_floor, True
    return max(Decimal(p.rate), LEGAL_MIN_RATE), max(p.floor, LEGAL_MIN_FLOOR), False


async def read_policy(*, session: AsyncSession, county: str, settings: Settings, principal: Principal) -> PolicyOut:
    """The county's rate and floor (the defaults unless it set its own); 404 outside the caller's county."""
    ensure_reach(principal, county, "county")
    rate, floor, default = await policy_for(session, county, settings)
    return PolicyOut(county=county, rate=rate, floor=floor, default=default)


async def set_policy(*, session: AsyncSession, county: str, policy: PolicyIn, principal: Principal) -> PolicyOut:
    """The county's own rate and floor, used by its next draws (each sampling stores what it used)."""
    ensure_reach(principal, county, "county")
    if below := policy_below_law(policy.rate, policy.floor):
        raise RuleViolation("; ".join(below), code="below_legal_minimum")
    p = await session.get(SamplingPolicy, county)
    now = clock.now()
    if p is None:
        session.add(
            SamplingPolicy(
                county=county, rate=policy.rate, floor=policy.floor, updated_at=now, updated_by=principal.sub
            )
        )
    else:
        p.rate, p.floor, p.updated_at, p.updated_by = policy.rate, policy.floor, now, principal.sub
    return PolicyOut(county=county, rate=policy.rate, floor=policy.floor, default=False)


async def draw_sampling(
    *,
    session: AsyncSession,
    county: str,
    month: str,
    settings: Settings,
    actor: str,
    trigger: str = "on_demand",
    now: datetime | None = None,
) -> Sampling:
    """The month's sampling of every unit of the county, drawn once; 409 with the existing id after."""
    now = now or clock.now()
    parse_month(month)
    if not month_has_ended(month, now):
        raise RuleViolation(f"{month} has not ended in Asia/Taipei yet", code="month_not_ended")
    # Exclusive: waits for in-flight batches of the month, and later batches see this sampling.
    await lock_months(session, [(county, month)], shared=False)
    existing = await session.scalar(select(Sampling.id).where(Sampling.county == county, Sampling.month == month))
    if existing is not None:
        raise Conflict(f"the sampling of {county} {month} is already drawn", code="sampling_exists", id=str(existing))
    seed = (await ensure_seeds(session, {(county, month)}, now=now))[(county, month)]
    rate, floor, _ = await policy_for(session, county, settings)

    units = list((await session.scalars(select(Unit.code).where(Unit.county == county).order_by(Unit.code))).all())
    # No late rows exist for a month not yet drawn, so the plain count is the population.
    counts = dict(
        (
            await session.execute(
                select(QueryLog.unit, func.count())
                .where(QueryLog.county == county, QueryLog.month == month)
                .group_by(QueryLog.unit)
            )
        ).all()
    )
    for extra in sorted(set(counts) - set(units)):  # a unit's logs always count, even if moved since
        units.append(extra)
    draws = [(u, counts.get(u, 0), sample_size(counts.get(u, 0), rate, floor)) for u in units]

    sampling = Sampling(
        id=uuid.uuid4(),
        county=county,
        month=month,
        seed=seed.seed,
        commitment=seed.commitment,
        committed_at=seed.committed_at,
        rate=rate,
        floor=floor,
        population=sum(n for _, n, _ in draws),
        sample_total=sum(k for _, _, k in draws),
        trigger=trigger,
        drawn_by=actor,
        drawn_at=now,
        status="in_review",
        samples_ready=False,
        version=1,
    )
    session.add(sampling)
    await session.flush()
    if draws:
        await session.execute(
            SamplingUnit.__table__.insert(),
            [{"sampling_id": sampling.id, "unit": u, "population": n, "sample_size": k} for u, n, k in draws],
        )
    if not sampling.sample_total:
        sampling.samples_ready = True
    elif dialect_is_postgres(session):
        # Only each unit's threshold is fixed here: the sample is every record at or below it, readable
        # through the index at once (`list_samples`); the rows are written right after the draw commits.
        await session.execute(text("SET LOCAL jit = off"))  # compiling costs more than this query runs
        await session.execute(_sid(_PG_THRESHOLDS), {"sid": sampling.id, "county": county, "month": month})
    else:  # SQLite (embedded default, small data): the rows at once
        await _write_samples(session, sampling)
        sampling.samples_ready = True
    await session.execute(
        update(MonthSeed).where(MonthSeed.county == county, MonthSeed.month == month).values(revealed_at=now)
    )
    emit(
        session,
        "sampling.drawn",
        {
            "id": str(sampling.id),
            "county": county,
            "month": month,
            "population": sampling.population,
            "sample_size": sampling.sample_total,
            "trigger": trigger,
        },
    )
    return sampling


async def draw_on_demand(
    *, session: AsyncSession, county: str, month: str, settings: Settings, principal: Principal
) -> tuple[SamplingOut, bool]:
    """The sampling a caller drew (404 outside their county) and whether its rows still wait to be written."""
    ensure_reach(principal, county, "county")
    s = await draw_sampling(session=session, county=county, month=month, settings=settings, actor=principal.sub)
    await session.flush()
    return await sampling_out(session, s, just_drawn=True), not s.samples_ready


async def _write_samples(session: AsyncSession, s: Sampling) -> None:
    """The draw's sample rows in one set-based INSERT … SELECT (per unit an index range scan that stops
    after k entries), then each unit's threshold (its k-th lowest (ticket, id)) read back from them."""
    params = {"sid": s.id, "county": s.county, "month": s.month}
    # No late rows exist for a month not yet drawn, and nothing else writes this sampling's rows.
    await session.execute(_sid(_INSERT_SAMPLES.format(draw=_draw_sql(session, exclude_late=True))), params)
    await _rematch(session, s)
    await session.execute(_sid(_SET_THRESHOLDS), {"sid": s.id})


async def _rematch(session: AsyncSession, s: Sampling) -> None:
    units = select(Unit.code).where(Unit.county == s.county)
    if await session.scalar(select(func.count()).select_from(ServedCase).where(ServedCase.unit.in_(units))):
        await session.execute(_sid(_REMATCH), {"sid": s.id, "month": s.month})


async def materialize_samples(session: AsyncSession, s: Sampling) -> None:
    """Write the sample rows the draw fixed (idempotent; concurrent callers insert each row once)."""
    if s.samples_ready:
        return
    stmt = _INSERT_SAMPLES.format(draw=_draw_sql(session, exclude_late=True))
    stmt += " ON CONFLICT (id) DO NOTHING"
    await session.execute(_sid(stmt), {"sid": s.id, "county": s.county, "month": s.month})
    await _rematch(session, s)
    s.samples_ready = True
    await session.flush()


async def materialize_later(db: Database, sampling_id: uuid.UUID) -> None:
    """After the draw commits: write its sample rows in a transaction of their own."""
    try:
        async with db.transaction() as session:
            s = await session.get(Sampling, sampling_id)
            if s is not None:
                await materialize_samples(session, s)
    except Exception:  # the first read materializes instead
        log.warning("sample_materialization_deferred", sampling_id=str(sampling_id))


async def load_sampling(
    session: AsyncSession, sampling_id: uuid.UUID, principal: Principal, *, materialize: bool = True
) -> Sampling:
    """The sampling with its sample rows written, or 404 when absent or outside the caller's county."""
    s = await session.get(Sampling, sampling_id)
    if s is None:
        raise NotFound("no such sampling", code="sampling_not_found")
    ensure_reach(principal, s.county, "sampling")
    if materialize:
        await materialize_samples(session, s)
    return s


async def sampling_out(
    session: AsyncSession, s: Sampling, *, with_progress: bool = True, just_drawn: bool = False
) -> SamplingOut:
    """`just_drawn`: in the draw's own transaction nothing is late or reviewed yet (no month scan needed)."""
    units = (
        await session.scalars(select(SamplingUnit).where(SamplingUnit.sampling_id == s.id).order_by(SamplingUnit.unit))
    ).all()
    if just_drawn:
        late = 0
        progress = (
            ReviewProgress(total=s.sample_total, reviewed=0, needs_follow_up=0, unjustified=0, open_anomalies=0)
            if with_progress
            else None
        )
    else:
        late = (
            await session.scalar(
                select(func.count())
                .select_from(QueryLog)
                .where(QueryLog.county == s.county, QueryLog.month == s.month, QueryLog.late.is_(True))
            )
            or 0
        )
        progress = await review_progress(session, s) if with_progress else None
    return SamplingOut(
        id=str(s.id),
        month=s.month,
        county=s.county,
        seed=s.seed,
        commitment=s.commitment,
        committed_at=s.committed_at,
        rate=Decimal(s.rate),
        floor=s.floor,
        population=s.population,
        sample_size=s.sample_total,
        trigger=s.trigger,
        drawn_at=s.drawn_at,
        drawn_by=s.drawn_by,
        status=s.status,
        signed_off_by=s.signed_off_by,
        signed_off_at=s.signed_off_at,
        late_records=late,
        version=s.version,
        units=[UnitDraw(unit=u.unit, population=u.population, sample_size=u.sample_size) for u in units],
        progress=progress,
    )


async def review_progress(session: AsyncSession, s: Sampling) -> ReviewProgress:
    row = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(Sample.verdict.in_(FINAL_VERDICTS)),
                func.count().filter(Sample.verdict == "needs_follow_up"),
                func.count().filter(Sample.verdict == "unjustified"),
            ).where(Sample.sampling_id == s.id)
        )
    ).one()
    open_anomalies = (
        await session.scalar(
            select(func.count()).select_from(Anomaly).where(Anomaly.sampling_id == s.id, Anomaly.status != "reported")
        )
        or 0
    )
    return ReviewProgress(
        total=s.sample_total, reviewed=row[1], needs_follow_up=row[2], unjustified=row[3], open_anomalies=open_anomalies
    )


async def list_samplings(
    *, session: AsyncSession, principal: Principal, county: str | None, year: int | None, limit: int
) -> SamplingList:
    """The samplings of the caller's county (a county outside it lists nothing), newest month first,
    each with its review progress — three statements whatever the page size."""
    scope = principal.county_scope()
    county = county or scope
    if county is None:
        raise RuleViolation("say which county", code="county_required")
    if not principal.reaches_county(county):
        return SamplingList(items=[])
    stmt = select(Sampling).where(Sampling.county == county)
    if year is not None:
        stmt = stmt.where(Sampling.month.like(f"{year:04d}-%"))
    rows = list((await session.scalars(stmt.order_by(Sampling.month.desc()).limit(limit))).all())
    ids = [r.id for r in rows]
    counts: dict[uuid.UUID, tuple[int, int, int]] = {}
    anomalies: dict[uuid.UUID, int] = {}
    if ids:
        for sid, reviewed, follow_up, unjustified in (
            await session.execute(
                select(
                    Sample.sampling_id,
                    func.count().filter(Sample.verdict.in_(FINAL_VERDICTS)),
                    func.count().filter(Sample.verdict == "needs_follow_up"),
                    func.count().filter(Sample.verdict == "unjustified"),
                )
                .where(Sample.sampling_id.in_(ids))
                .group_by(Sample.sampling_id)
            )
        ).all():
            counts[sid] = (reviewed, follow_up, unjustified)
        for sid, n in (
            await session.execute(
                select(Anomaly.sampling_id, func.count())
                .where(Anomaly.sampling_id.in_(ids), Anomaly.status != "reported")
                .group_by(Anomaly.sampling_id)
            )
        ).all():
            anomalies[sid] = n
    await record_access(session, principal=principal, action="list", resource=f"samplings?county={county}")
    return SamplingList(
        items=[
            SamplingSummary(
                id=str(r.id),
                month=r.month,
                county=r.county,
                population=r.population,
                sample_size=r.sample_total,
                status=r.status,
                drawn_at=r.drawn_at,
                signed_off_at=r.signed_off_at,
                progress=ReviewProgress(
                    total=r.sample_total,
                    reviewed=counts.get(r.id, (0, 0, 0))[0],
                    needs_follow_up=counts.get(r.id, (0, 0, 0))[1],
                    unjustified=counts.get(r.id, (0, 0, 0))[2],
                    open_anomalies=anomalies.get(r.id, 0),
                ),
            )
            for r in rows
        ]
    )


async def read_sampling(*, session: AsyncSession, sampling_id: uuid.UUID, principal: Principal) -> SamplingOut:
    """The sampling with its units and review progress (the read is trailed)."""
    s = await load_sampling(session, sampling_id, principal)
    await record_access(session, principal=principal, action="read", resource=f"sampling/{s.id}")
    return await sampling_out(session, s)


def sample_rows_stmt(sampling_id: uuid.UUID, month: str) -> Select[Sample, str, datetime, str, str, str | None, bytes]:
    """Samples joined to their query, in review order: those matching no case first."""
    return (
        select(
            Sample,
            QueryLog.user_id,
            QueryLog.queried_at,
            QueryLog.subject_last4,
            QueryLog.purpose,
            QueryLog.case_ref,
            QueryLog.subject_hmac,
        )
        .outerjoin(QueryLog, (QueryLog.id == Sample.id) & (QueryLog.month == month))
        .where(Sample.sampling_id == sampling_id)
        .order_by(Sample.matches_case, Sample.unit, Sample.rank)
    )


def to_sample_out(row: Sequence[Any]) -> SampleOut:
    sample, user_id, queried_at, last4, purpose, case_ref, _ = row
    return SampleOut(
        id=str(sample.id),
        sampling_id=str(sample.sampling_id),
        unit=sample.unit,
        rank=sample.rank,
        ticket=sample.ticket.hex(),
        record_id=str(sample.id),
        user_id=user_id,
        queried_at=queried_at,
        subject=mask_subject(last4),
        purpose=purpose,
        case_ref=case_ref,
        matches_case=sample.matches_case,
        verdict=sample.verdict,
        note=sample.note,
        reviewer=sample.reviewer,
        reviewed_at=sample.reviewed_at,
        explanation=sample.explanation,
    )


async def trail_samples(
    session: AsyncSession, principal: Principal, action: str, rows: Sequence[Sequence[Any]]
) -> None:
    """One access-trail row per sampled record read (the subject as its keyed hash)."""
    for row in rows:
        sample, subject_hmac = row[0], row[-1]
        await record_access(
            session,
            principal=principal,
            action=action,
            resource=f"sample/{sample.id}",
            person_ref=f"subject-hmac:{subject_hmac.hex()}" if subject_hmac else None,
        )


async def list_samples(
    *,
    session: AsyncSession,
    sampling_id: uuid.UUID,
    principal: Principal,
    unit: str | None,
    limit: int,
    cursor: str | None,
) -> Page[SampleOut]:
    """A page of sampled records, those matching no case first (a unit's reviewer: its unit's only); every
    record read is trailed."""
    s = await load_sampling(session, sampling_id, principal, materialize=not dialect_is_postgres(session))
    if (own := unit_scope(principal)) is not None:
        if unit not in (None, own):
            return Page[SampleOut](items=[], next_cursor=None)
        unit = own
    after = decode_cursor(cursor)
    key: tuple[bool, str, int] | None = None
    if after:
        try:
            key = (bool(after[0]), str(after[1]), int(after[2]))
        except (TypeError, ValueError, IndexError):
            from carenet_core.errors import BadRequest

            raise BadRequest("the cursor is not one this service issued", code="invalid_cursor") from None
    if not s.samples_ready:  # rows not written yet: the same sample, read through the index
        rows = await _unwritten_sample_rows(session, s, unit=unit, after=key, limit=limit + 1)
    else:
        stmt = sample_rows_stmt(s.id, s.month)
        if unit:
            stmt = stmt.where(Sample.unit == unit)
        if key:
            stmt = stmt.where(
                tuple_(Sample.matches_case, Sample.unit, Sample.rank)
                > tuple_(literal(key[0], Boolean()), literal(key[1]), literal(key[2]))
            )
        rows = list((await session.execute(stmt.limit(limit + 1))).all())
    more = len(rows) > limit
    rows = rows[:limit]
    await trail_samples(session, principal, "read", rows)
    items = [to_sample_out(r) for r in rows]
    nxt = encode_cursor([items[-1].matches_case, items[-1].unit, items[-1].rank]) if more and items else None
    return Page[SampleOut](items=items, next_cursor=nxt)


# A page of a sample whose rows are not written yet (PostgreSQL): the draw's index range scans, matched
# against the cases served now exactly as `materialize_samples` will, in review order; then the page's records.
_PG_UNWRITTEN_PAGE = """
SELECT p.id, p.unit, p.rn, p.ticket, p.matches_case, q.user_id, q.queried_at, q.subject_last4, q.purpose,
       q.case_ref, q.subject_hmac
FROM (SELECT d.id, d.unit, d.rn, d.ticket, d.matches_case FROM (
        SELECT d0.id, d0.unit, d0.rn, d0.ticket, {matches} AS matches_case FROM ({draw}) d0) d
      WHERE {where}
      ORDER BY d.matches_case, d.unit, d.rn LIMIT :lim) p
JOIN query_logs q ON q.id = p.id AND q.month = :month
ORDER BY p.matches_case, p.unit, p.rn
"""
_SERVED_MATCH = """(d0.matches_case OR EXISTS (
    SELECT 1 FROM query_logs q2 JOIN served_cases sc ON sc.unit = q2.unit AND sc.case_ref = q2.case_ref
    WHERE q2.id = d0.id AND q2.month = :month))"""


async def _unwritten_sample_rows(
    session: AsyncSession, s: Sampling, *, unit: str | None, after: tuple[bool, str, int] | None, limit: int
) -> list[Any]:
    units = select(Unit.code).where(Unit.county == s.county)
    served = await session.scalar(select(func.count()).select_from(ServedCase).where(ServedCase.unit.in_(units)))
    where, params = ["TRUE"], {"sid": s.id, "county": s.county, "month": s.month, "lim": limit}
    if unit:
        where.append("d.unit = :unit")
        params["unit"] = unit
    if after:
        where.append("(d.matches_case, d.unit, d.rn) > (:am, :au, :ar)")
        params.update(am=after[0], au=after[1], ar=after[2])
    await session.execute(text("SET LOCAL jit = off"))
    stmt = _PG_UNWRITTEN_PAGE.format(
        draw=_draw_sql(session, exclude_late=True),
        where=" AND ".join(where),
        matches=_SERVED_MATCH if served else "d0.matches_case",
    )
    out = []
    for r in (await session.execute(_sid(stmt), params)).all():
        sample = Sample(
            id=uuid.UUID(str(r[0])),
            sampling_id=s.id,
            unit=r[1],
            rank=int(r[2]),
            ticket=bytes(r[3]),
            matches_case=bool(r[4]),
        )
        out.append((sample, *r[5:]))
    return out


async def verify_sampling(
    *, session: AsyncSession, sampling_id: uuid.UUID, principal: Principal, full: bool = True
) -> VerifyOut:
    """Redraw from the revealed seed and the stored tickets and populations; `match` only if all agree."""
    s = await load_sampling(session, sampling_id, principal)
    await record_access(session, principal=principal, action="verify", resource=f"sampling/{s.id}")
    checks: list[VerifyCheck] = []

    def check(name: str, ok: bool, detail: str | None = None) -> None:
        checks.append(VerifyCheck(name=name, ok=ok, detail=None if ok else detail))

    published = await session.get(MonthSeed, (s.county, s.month))
    check("commitment", commitment_of(s.seed) == s.commitment, "SHA-256(seed) differs from the sampling's commitment")
    check(
        "published_commitment",
        published is not None and published.commitment == s.commitment and published.committed_at <= s.drawn_at,
        "the seed does not match the commitment published before the draw",
    )

    units = list((await session.scalars(select(SamplingUnit).where(SamplingUnit.sampling_id == s.id))).all())
    wrong_sizes = [u.unit for u in units if u.sample_size != sample_size(u.population, Decimal(s.rate), s.floor)]
    check(
        "sample_sizes",
        not wrong_sizes
        and s.sample_total == sum(u.sample_size for u in units)
        and s.population == sum(u.population for u in units),
        f"sizes off the rule for units {wrong_sizes[:10]}",
    )

    pops = dict(
        (
            await session.execute(
                select(QueryLog.unit, func.count())
                .where(QueryLog.county == s.county, QueryLog.month == s.month, QueryLog.late.is_(False))
                .group_by(QueryLog.unit)
            )
        ).all()
    )
    wrong_pop = [u.unit for u in units if pops.get(u.unit, 0) != u.population]
    wrong_pop += [u for u in pops if u not in {x.unit for x in units}]
    check("populations", not wrong_pop, f"stored population differs from the records for units {wrong_pop[:10]}")

    stored = {
        (str(r.id), r.unit, r.rank, bytes(r.ticket))
        for r in (
            await session.execute(
                select(Sample.id, Sample.unit, Sample.rank, Sample.ticket).where(Sample.sampling_id == s.id)
            )
        ).all()
    }
    bad_tickets = [rid for rid, unit, _, t in stored if ticket(s.seed, unit, s.month, rid) != t]
    check("sample_tickets", not bad_tickets, f"{len(bad_tickets)} sampled tickets do not follow from the seed")

    redraw_stmt = _sid(_draw_sql(session, exclude_late=True))
    redrawn = {
        (str(uuid.UUID(str(r[0]))), r[1], int(r[2]), bytes(r[3]))
        for r in (await session.execute(redraw_stmt, {"sid": s.id, "county": s.county, "month": s.month})).all()
    }
    last = {(unit, rank): (rid, t) for rid, unit, rank, t in redrawn}
    off = [
        u.unit
        for u in units
        if u.sample_size
        and last.get((u.unit, u.sample_size)) != (str(u.threshold_id), bytes(u.threshold_ticket or b""))
    ]
    check("thresholds", not off, f"the drawn thresholds differ from a redraw for units {off[:10]}")
    check("redraw", redrawn == stored, f"{len(stored ^ redrawn)} records differ between the stored sample and a redraw")

    if full:
        bad = await _tickets_off_seed(session, s)
        check("population_tickets", bad == 0, f"{bad} stored tickets of the month do not follow from the seed")
    return VerifyOut(
        match=all(c.ok for c in checks), sampling_id=str(s.id), seed=s.seed, commitment=s.commitment, checks=checks
    )


async def _tickets_off_seed(session: AsyncSession, s: Sampling) -> int:
    """How many non-late records of the month carry a ticket other than SHA-256(seed|unit|month|id)."""
    if dialect_is_postgres(session):
        return int(
            await session.scalar(
                text(
                    "SELECT count(*) FROM query_logs WHERE county = :c AND month = :m AND NOT late AND ticket <> "
                    "sha256(convert_to(:seed || '|' || unit || '|' || month || '|' || id::text, 'UTF8'))"
                ),
                {"c": s.county, "m": s.month, "seed": s.seed},
            )
            or 0
        )
    rows = (
        await session.execute(
            select(QueryLog.id, QueryLog.unit, QueryLog.ticket).where(
                QueryLog.county == s.county, QueryLog.month == s.month, QueryLog.late.is_(False)
            )
        )
    ).all()
    return sum(1 for rid, unit, t in rows if ticket(s.seed, unit, s.month, str(rid)) != bytes(t))


async def get_commitment(
    *, session: AsyncSession, county: str, month: str, settings: Settings, now: datetime | None = None
) -> CommitmentOut:
    """The month's published commitment (created if none yet); the seed only once the month is drawn."""
    now = now or clock.now()
    if month > next_month(month_of(now)):
        raise RuleViolation("commitments are published at most one month ahead", code="month_too_far")
    info = (await ensure_seeds(session, {(county, month)}, now=now))[(county, month)]
    row = await session.get(MonthSeed, (county, month))
    revealed = row is not None and row.revealed_at is not None
    return CommitmentOut(
        county=county,
        month=month,
        commitment=info.commitment,
        committed_at=info.committed_at,
        seed=info.seed if revealed else None,
        revealed_at=row.revealed_at if row else None,
    )
