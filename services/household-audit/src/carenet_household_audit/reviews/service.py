"""Use cases of the review: verdicts, follow-up explanations, anomalies, sign-off."""

from __future__ import annotations

import uuid
from datetime import datetime

from carenet_core import clock
from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.errors import Conflict, Forbidden, NotFound, RuleViolation
from carenet_core.etag import check_if_match
from carenet_core.outbox import emit
from carenet_core.pagination import Page, page_of
from carenet_core.trail import record_access
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..common.cursor import instant_and_id
from ..common.reach import ensure_reach, ensure_unit_reach, unit_scope
from ..querylogs.models import QueryLog
from ..sampling.models import Sample, Sampling
from ..sampling.schemas import SamplingOut
from ..sampling.service import load_sampling, materialize_samples, sampling_out
from .models import Anomaly, SampleReview
from .rules import AnomalyStatus, Verdict, can_move, is_final, is_self_review
from .schemas import AnomalyOut, AnomalyPatch, ExplanationOut, ReviewIn, ReviewOut


async def _load_sample(session: AsyncSession, sample_id: uuid.UUID, principal: Principal) -> tuple[Sample, Sampling]:
    sample = await _sample(session, sample_id)
    sampling = await session.get(Sampling, sample.sampling_id)
    assert sampling is not None
    ensure_reach(principal, sampling.county, "sample")
    ensure_unit_reach(principal, sample.unit, "sample")
    return sample, sampling


async def _sample(session: AsyncSession, sample_id: uuid.UUID) -> Sample:
    """The sample, writing its sampling's rows first if the draw has not been materialized yet."""
    sample = await session.get(Sample, sample_id)
    if sample is None:
        where = await session.execute(select(QueryLog.county, QueryLog.month).where(QueryLog.id == sample_id))
        row = where.first()
        if row is not None:
            s = await session.scalar(select(Sampling).where(Sampling.county == row[0], Sampling.month == row[1]))
            if s is not None and not s.samples_ready:
                await materialize_samples(session, s)
                sample = await session.get(Sample, sample_id)
    if sample is None:
        raise NotFound("no such sample", code="sample_not_found")
    return sample


async def review_sample(
    *, session: AsyncSession, sample_id: uuid.UUID, review: ReviewIn, principal: Principal
) -> ReviewOut:
    """The sample's new verdict (history kept); `unjustified` opens its anomaly once."""
    sample, sampling = await _load_sample(session, sample_id, principal)
    queried_by = await session.scalar(
        select(QueryLog.user_id).where(QueryLog.id == sample.id, QueryLog.month == sampling.month)
    )
    if is_self_review(reviewer=principal.sub, queried_by=queried_by):
        raise Forbidden("a reviewer may not review a query made under their own account", code="self_review")
    if sampling.status == "complete":
        raise Conflict("the sampling is signed off; its verdicts are final", code="sampling_signed_off")
    now = clock.now()
    sampling.version += 1
    sample.verdict, sample.note, sample.reviewer, sample.reviewed_at = (
        review.verdict.value,
        review.note,
        principal.sub,
        now,
    )
    session.add(
        SampleReview(
            sample_id=sample.id, verdict=review.verdict.value, note=review.note, reviewer=principal.sub, at=now
        )
    )
    await record_access(session, principal=principal, action="review", resource=f"sample/{sample.id}")
    emit(
        session,
        "sample.reviewed",
        {"sample_id": str(sample.id), "sampling_id": str(sampling.id), "verdict": review.verdict.value},
    )
    anomaly_id = None
    if review.verdict == Verdict.UNJUSTIFIED:
        anomaly = await session.scalar(select(Anomaly).where(Anomaly.sample_id == sample.id))
        if anomaly is None:
            anomaly = Anomaly(
                id=uuid.uuid4(),
                sample_id=sample.id,
                sampling_id=sampling.id,
                county=sampling.county,
                month=sampling.month,
                unit=sample.unit,
                status=AnomalyStatus.OPEN.value,
                opened_at=now,
                opened_by=principal.sub,
                version=1,
            )
            session.add(anomaly)
            emit(
                session,
                "anomaly.opened",
                {"id": str(anomaly.id), "county": sampling.county, "month": sampling.month, "unit": sample.unit},
            )
        anomaly_id = str(anomaly.id)
    follow_up = review.verdict == Verdict.NEEDS_FOLLOW_UP
    if follow_up:
        user_id = await session.scalar(
            select(QueryLog.user_id).where(QueryLog.id == sample.id, QueryLog.month == sampling.month)
        )
        # the querying user's system picks this up from the feed and asks them to explain
        emit(
            session,
            "sample.follow_up_requested",
            {"sample_id": str(sample.id), "unit": sample.unit, "user_id": user_id, "county": sampling.county},
        )
    await session.flush()
    return ReviewOut(
        sample_id=str(sample.id),
        sampling_id=str(sampling.id),
        verdict=review.verdict,
        note=review.note,
        reviewer=principal.sub,
        reviewed_at=now,
        final=is_final(review.verdict.value),
        follow_up_requested=follow_up,
        anomaly_id=anomaly_id,
    )


async def explain_sample(
    *, session: AsyncSession, sample_id: uuid.UUID, explanation: str, principal: Principal
) -> ExplanationOut:
    """The querying user's explanation of a record under `needs_follow_up` (the user, or a system/auditor relaying it)."""
    sample = await _sample(session, sample_id)
    sampling = await session.get(Sampling, sample.sampling_id)
    assert sampling is not None
    user_id = await session.scalar(
        select(QueryLog.user_id).where(QueryLog.id == sample.id, QueryLog.month == sampling.month)
    )
    relays = principal.has("auditor", "county_admin", "system")
    if not (principal.sub == user_id or relays):
        raise NotFound("no such sample", code="sample_not_found")
    if relays and principal.sub != user_id:
        ensure_reach(principal, sampling.county, "sample")
        ensure_unit_reach(principal, sample.unit, "sample")
    if sample.verdict != Verdict.NEEDS_FOLLOW_UP.value:
        raise Conflict("no explanation was asked for this record", code="no_follow_up_requested")
    now = clock.now()
    sample.explanation, sample.explained_at = explanation, now
    sampling.version += 1
    emit(session, "sample.explained", {"sample_id": str(sample.id), "sampling_id": str(sampling.id)})
    return ExplanationOut(sample_id=str(sample.id), explanation=explanation, explained_at=now)


async def sign_off(
    *, session: AsyncSession, sampling_id: uuid.UUID, principal: Principal, note: str | None
) -> SamplingOut:
    """The sampling, complete: every sample has a final verdict and a supervisor signed it off."""
    s = await load_sampling(session, sampling_id, principal)
    if s.status == "complete":
        raise Conflict("the sampling is already signed off", code="sampling_signed_off", id=str(s.id))
    pending = (
        await session.scalar(
            select(func.count())
            .select_from(Sample)
            .where(
                Sample.sampling_id == s.id,
                (Sample.verdict.is_(None)) | (Sample.verdict == Verdict.NEEDS_FOLLOW_UP.value),
            )
        )
        or 0
    )
    if pending:
        raise RuleViolation(
            f"{pending} sampled records have no final verdict yet", code="review_incomplete", pending=pending
        )
    s.status, s.signed_off_by, s.signed_off_at, s.sign_off_note = ("complete", principal.sub, clock.now(), note)
    s.version += 1
    emit(session, "sampling.signed_off", {"id": str(s.id), "county": s.county, "month": s.month})
    await session.flush()
    return await sampling_out(session, s)


def anomaly_out(a: Anomaly) -> AnomalyOut:
    return AnomalyOut(
        id=str(a.id),
        sample_id=str(a.sample_id),
        sampling_id=str(a.sampling_id),
        county=a.county,
        month=a.month,
        unit=a.unit,
        status=AnomalyStatus(a.status),
        opened_at=a.opened_at,
        opened_by=a.opened_by,
        investigation_started_at=a.investigation_started_at,
        outcome=a.outcome,
        concluded_at=a.concluded_at,
        reported_to_ministry_at=a.reported_to_ministry_at,
        report_ref=a.report_ref,
        reported_by=a.reported_by,
        version=a.version,
    )


async def get_anomaly(*, session: AsyncSession, anomaly_id: uuid.UUID, principal: Principal) -> Anomaly:
    a = await session.get(Anomaly, anomaly_id)
    if a is None:
        raise NotFound("no such anomaly", code="anomaly_not_found")
    ensure_reach(principal, a.county, "anomaly")
    ensure_unit_reach(principal, a.unit, "anomaly")
    return a


async def list_anomalies(
    *,
    session: AsyncSession,
    principal: Principal,
    county: str | None,
    status: str | None,
    limit: int,
    cursor: str | None,
) -> Page[AnomalyOut]:
    """Anomalies of the caller's reach, oldest first."""
    stmt = select(Anomaly)
    stmt = scope_to_jurisdiction(stmt, principal, Anomaly.county)
    if (own := unit_scope(principal)) is not None:
        stmt = stmt.where(Anomaly.unit == own)
    if county:
        stmt = stmt.where(Anomaly.county == county)
    if status:
        stmt = stmt.where(Anomaly.status == status)
    if cursor:
        at, anomaly_id = instant_and_id(cursor)
        stmt = stmt.where((Anomaly.opened_at > at) | ((Anomaly.opened_at == at) & (Anomaly.id > anomaly_id)))
    rows = (await session.scalars(stmt.order_by(Anomaly.opened_at, Anomaly.id).limit(limit + 1))).all()
    return page_of([anomaly_out(a) for a in rows], limit, lambda a: [a.opened_at.isoformat(), a.id])


async def update_anomaly(
    *, session: AsyncSession, anomaly_id: uuid.UUID, patch: AnomalyPatch, principal: Principal, if_match: str | None
) -> Anomaly:
    """The anomaly moved along open → investigating → concluded (outcome) → reported (to the ministry)."""
    a = await get_anomaly(session=session, anomaly_id=anomaly_id, principal=principal)
    if if_match is not None:  # the contract honours If-Match without requiring it
        check_if_match(if_match, a.version)
    if not principal.has("auditor", "county_admin", "supervisor"):
        raise Forbidden("requires one of: auditor, county_admin, supervisor")
    now = clock.now()
    if patch.outcome is not None:
        a.outcome = patch.outcome
    if patch.report_ref is not None:
        a.report_ref = patch.report_ref
    if patch.status is not None and patch.status.value != a.status:
        if not can_move(a.status, patch.status.value):
            raise RuleViolation(
                f"an anomaly cannot go from {a.status} to {patch.status.value}", code="invalid_transition"
            )
        if patch.status in (AnomalyStatus.CONCLUDED, AnomalyStatus.REPORTED) and not a.outcome:
            raise RuleViolation("an outcome is needed before concluding", code="outcome_required")
        a.status = patch.status.value
        if patch.status == AnomalyStatus.INVESTIGATING:
            a.investigation_started_at = now
        elif patch.status == AnomalyStatus.CONCLUDED:
            a.concluded_at = now
        elif patch.status == AnomalyStatus.REPORTED:
            await _reported(session, a, principal, now)
    a.version += 1
    await session.flush()
    return a


async def _reported(session: AsyncSession, a: Anomaly, principal: Principal, now: datetime) -> None:
    a.reported_to_ministry_at, a.reported_by = now, principal.sub
    # the sampling's open-anomaly count changes with it
    await session.execute(update(Sampling).where(Sampling.id == a.sampling_id).values(version=Sampling.version + 1))
    emit(session, "anomaly.reported", {"id": str(a.id), "county": a.county, "month": a.month, "unit": a.unit})


async def submit_anomaly(
    *, session: AsyncSession, anomaly_id: uuid.UUID, report_ref: str | None, principal: Principal, if_match: str | None
) -> Anomaly:
    """The concluded anomaly, submitted to the ministry (who and when kept): 409 when already, 422 before concluded."""
    a = await get_anomaly(session=session, anomaly_id=anomaly_id, principal=principal)
    if if_match is not None:
        check_if_match(if_match, a.version)
    if a.status == AnomalyStatus.REPORTED:
        raise Conflict("the anomaly was already submitted to the ministry", code="already_submitted", id=str(a.id))
    if not can_move(a.status, AnomalyStatus.REPORTED) or not a.outcome:
        raise RuleViolation("only a concluded anomaly (with its outcome) is submitted", code="not_concluded")
    if report_ref is not None:
        a.report_ref = report_ref
    a.status = AnomalyStatus.REPORTED.value
    await _reported(session, a, principal, clock.now())
    a.version += 1
    await session.flush()
    return a
