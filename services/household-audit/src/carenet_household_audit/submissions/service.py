"""The ministry's view of what counties submitted: internal audits and reported anomalies, newest last."""

from __future__ import annotations

from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.pagination import Page, page_of
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..audits.models import InternalAudit
from ..audits.rules import AuditStatus
from ..audits.schemas import MonthResult
from ..common.cursor import instant_and_id
from ..reviews.models import Anomaly
from ..reviews.rules import AnomalyStatus
from .schemas import AnomalySubmissionOut, AuditSubmissionOut


async def list_audit_submissions(
    *,
    session: AsyncSession,
    principal: Principal,
    county: str | None,
    half: str | None,
    limit: int,
    cursor: str | None,
) -> Page[AuditSubmissionOut]:
    """Submitted internal audits of every county in reach (the ministry: all 22), by submission time."""
    stmt = scope_to_jurisdiction(
        select(InternalAudit).where(InternalAudit.status == AuditStatus.SUBMITTED.value),
        principal,
        InternalAudit.county,
    )
    if county:
        stmt = stmt.where(InternalAudit.county == county)
    if half:
        stmt = stmt.where(InternalAudit.half == half)
    if cursor:
        at, after = instant_and_id(cursor)
        stmt = stmt.where(
            (InternalAudit.submitted_at > at) | ((InternalAudit.submitted_at == at) & (InternalAudit.id > after))
        )
    rows = (await session.scalars(stmt.order_by(InternalAudit.submitted_at, InternalAudit.id).limit(limit + 1))).all()
    items = [
        AuditSubmissionOut(
            id=str(a.id),
            county=a.county,
            half=a.half,
            passed=a.passed,
            submitted_at=a.submitted_at,
            results=[MonthResult.model_validate(r) for r in a.results],
        )
        for a in rows
        if a.submitted_at is not None
    ]
    return page_of(items, limit, lambda x: [x.submitted_at.isoformat(), x.id])


async def list_anomaly_submissions(
    *,
    session: AsyncSession,
    principal: Principal,
    county: str | None,
    month: str | None,
    limit: int,
    cursor: str | None,
) -> Page[AnomalySubmissionOut]:
    """Anomalies whose outcome was submitted, of every county in reach, by submission time."""
    stmt = scope_to_jurisdiction(
        select(Anomaly).where(Anomaly.status == AnomalyStatus.REPORTED.value), principal, Anomaly.county
    )
    if county:
        stmt = stmt.where(Anomaly.county == county)
    if month:
        stmt = stmt.where(Anomaly.month == month)
    if cursor:
        at, after = instant_and_id(cursor)
        stmt = stmt.where(
            (Anomaly.reported_to_ministry_at > at) | ((Anomaly.reported_to_ministry_at == at) & (Anomaly.id > after))
        )
    rows = (await session.scalars(stmt.order_by(Anomaly.reported_to_ministry_at, Anomaly.id).limit(limit + 1))).all()
    items = [
        AnomalySubmissionOut(
            id=str(a.id),
            county=a.county,
            month=a.month,
            unit=a.unit,
            sampling_id=str(a.sampling_id),
            opened_at=a.opened_at,
            concluded_at=a.concluded_at,
            submitted_at=a.reported_to_ministry_at,
            report_ref=a.report_ref,
        )
        for a in rows
        if a.reported_to_ministry_at is not None
    ]
    return page_of(items, limit, lambda x: [x.submitted_at.isoformat(), x.id])
