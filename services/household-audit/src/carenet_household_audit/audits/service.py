"""The semiannual internal audit (內部稽核) of the monthly sampling: plan, re-verification, results."""

from __future__ import annotations

import uuid
from datetime import datetime

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import Conflict, NotFound, RuleViolation
from carenet_core.etag import check_if_match
from carenet_core.outbox import emit
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..common.exports import ExportFormat, file_response
from ..common.reach import ensure_reach
from ..config import Settings
from ..reviews.models import Anomaly
from ..reviews.rules import AnomalyStatus
from ..sampling.models import Sample, Sampling
from ..sampling.rules import half_has_ended, months_of_half, sampling_due
from ..sampling.service import verify_sampling
from .models import InternalAudit
from .rules import AuditStatus, can_submit
from .schemas import InternalAuditOut, MonthResult

CHECKS = ["on_time", "sizes_verified", "reviews_complete", "signed_off", "anomalies_handled"]


async def run_internal_audit(
    *,
    session: AsyncSession,
    half: str,
    county: str,
    principal: Principal,
    settings: Settings,
    now: datetime | None = None,
) -> InternalAudit:
    """The stored audit of the half's six monthly samplings; 409 with the existing id when already run."""
    now = now or clock.now()
    ensure_reach(principal, county, "county")
    months = months_of_half(half)
    if not half_has_ended(half, now):
        raise RuleViolation(f"{half} has not ended yet", code="half_not_ended")
    existing = await session.scalar(
        select(InternalAudit.id).where(InternalAudit.county == county, InternalAudit.half == half)
    )
    if existing is not None:
        raise Conflict(f"the internal audit of {county} {half} exists", code="internal_audit_exists", id=str(existing))
    plan = {
        "scope": f"{county} {months[0]} … {months[-1]} 每月戶役政資料查詢抽樣",
        "months": months,
        "checks": CHECKS,
        "criteria": {
            "on_time": f"drawn within {settings.sampling_due_days} days after the month ends (Asia/Taipei)",
            "sizes_verified": "sizes follow max(ceil(rate × n), floor); a redraw from the revealed seed matches",
            "reviews_complete": "every sampled record has a final verdict (justified / unjustified)",
            "signed_off": "a supervisor signed the sampling off",
            "anomalies_handled": "every anomaly's outcome was reported to the ministry",
        },
        "auditor": principal.sub,
        "planned_at": now.isoformat(),
    }
    results = [await _audit_month(session, county, m, principal, settings) for m in months]
    audit = InternalAudit(
        id=uuid.uuid4(),
        county=county,
        half=half,
        plan=plan,
        results=[r.model_dump(mode="json") for r in results],
        passed=all(not r.findings for r in results),
        created_by=principal.sub,
        created_at=now,
        version=1,
        status=AuditStatus.DRAFT.value,
    )
    session.add(audit)
    await session.flush()
    emit(
        session,
        "internal_audit.completed",
        {"id": str(audit.id), "county": county, "half": half, "passed": audit.passed},
    )
    return audit


async def _audit_month(
    session: AsyncSession, county: str, month: str, principal: Principal, settings: Settings
) -> MonthResult:
    due = sampling_due(month, settings.sampling_due_days)
    s = await session.scalar(select(Sampling).where(Sampling.county == county, Sampling.month == month))
    if s is None:
        return MonthResult(
            month=month,
            sampling_id=None,
            drawn=False,
            drawn_at=None,
            due=due,
            on_time=False,
            sizes_verified=False,
            reviews_complete=False,
            signed_off=False,
            anomalies=0,
            anomalies_handled=0,
            findings=["未辦理抽樣 (no sampling drawn)"],
        )
    on_time = s.drawn_at <= due
    verified = (await verify_sampling(session=session, sampling_id=s.id, principal=principal, full=True)).match
    pending = (
        await session.scalar(
            select(func.count())
            .select_from(Sample)
            .where(Sample.sampling_id == s.id, Sample.verdict.is_(None) | (Sample.verdict == "needs_follow_up"))
        )
        or 0
    )
    total_anomalies = (
        await session.scalar(select(func.count()).select_from(Anomaly).where(Anomaly.sampling_id == s.id)) or 0
    )
    handled = (
        await session.scalar(
            select(func.count())
            .select_from(Anomaly)
            .where(Anomaly.sampling_id == s.id, Anomaly.status == AnomalyStatus.REPORTED.value)
        )
        or 0
    )
    findings = []
    if not on_time:
        findings.append("逾期抽樣 (drawn late)")
    if not verified:
        findings.append("抽樣無法重現 (sizes or redraw do not verify)")
    if pending:
        findings.append(f"審查未完成 {pending} 筆 (reviews incomplete)")
    if s.status != "complete":
        findings.append("未經主管簽核 (not signed off)")
    if handled < total_anomalies:
        findings.append(f"異常未結報 {total_anomalies - handled} 件 (anomalies not reported)")
    return MonthResult(
        month=month,
        sampling_id=str(s.id),
        drawn=True,
        drawn_at=s.drawn_at,
        due=due,
        on_time=on_time,
        sizes_verified=verified,
        reviews_complete=pending == 0,
        signed_off=s.status == "complete",
        anomalies=total_anomalies,
        anomalies_handled=handled,
        findings=findings,
    )


async def submit_audit(
    *, session: AsyncSession, audit_id: uuid.UUID, principal: Principal, if_match: str | None
) -> InternalAuditOut:
    """The audit, submitted to the ministry once (who and when kept); 409 when it already was."""
    a = await get_audit(session=session, audit_id=audit_id, principal=principal)
    if if_match is not None:
        check_if_match(if_match, a.version)
    if not can_submit(a.status):
        raise Conflict(
            f"the internal audit of {a.county} {a.half} was already submitted", code="already_submitted", id=str(a.id)
        )
    a.status, a.submitted_by, a.submitted_at = AuditStatus.SUBMITTED.value, principal.sub, clock.now()
    a.version += 1
    await session.flush()
    emit(
        session,
        "internal_audit.submitted",
        {"id": str(a.id), "county": a.county, "half": a.half, "passed": a.passed},
    )
    return audit_out(a)


def audit_out(a: InternalAudit) -> InternalAuditOut:
    return InternalAuditOut(
        id=str(a.id),
        county=a.county,
        half=a.half,
        plan=a.plan,
        results=[MonthResult.model_validate(r) for r in a.results],
        passed=a.passed,
        created_by=a.created_by,
        created_at=a.created_at,
        version=a.version,
        status=a.status,
        submitted_by=a.submitted_by,
        submitted_at=a.submitted_at,
    )


async def get_audit(*, session: AsyncSession, audit_id: uuid.UUID, principal: Principal) -> InternalAudit:
    a = await session.get(InternalAudit, audit_id)
    if a is None:
        raise NotFound("no such internal audit", code="internal_audit_not_found")
    ensure_reach(principal, a.county, "internal audit")
    return a


AUDIT_HEADERS = [
    "縣市",
    "半年度",
    "月份",
    "抽樣編號",
    "已抽樣",
    "抽樣時間",
    "期限",
    "準時",
    "樣本數經重新驗證",
    "審查完成",
    "主管已簽核",
    "異常件數",
    "異常已結報",
    "發現事項",
]


def audit_rows(a: InternalAudit) -> list[list[object]]:
    out: list[list[object]] = []
    for r in a.results:
        m = MonthResult.model_validate(r)
        out.append(
            [
                a.county,
                a.half,
                m.month,
                m.sampling_id,
                m.drawn,
                m.drawn_at,
                m.due,
                m.on_time,
                m.sizes_verified,
                m.reviews_complete,
                m.signed_off,
                m.anomalies,
                m.anomalies_handled,
                "；".join(m.findings),
            ]
        )
    return out


async def export_audit(
    *, session: AsyncSession, audit_id: uuid.UUID, principal: Principal, fmt: ExportFormat
) -> Response:
    """The audit's results as a file, one row per month, for the report to the ministry."""
    a = await get_audit(session=session, audit_id=audit_id, principal=principal)
    return file_response(
        fmt,
        AUDIT_HEADERS,
        audit_rows(a),
        filename=f"internal-audit-{a.county}-{a.half}",
        sheet=f"{a.half} 內部稽核",
        dated=("抽樣時間", "期限"),
    )
