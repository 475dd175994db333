"""HTTP routes of the ministry's submission lists (彙整): what every county submitted, without personal data."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.pagination import Cursor, Limit, Page
from fastapi import APIRouter, Query

from . import service
from .schemas import AnomalySubmissionOut, AuditSubmissionOut

router = APIRouter(tags=["submissions"])


@router.get("/v1/submissions/internal-audits", response_model=Page[AuditSubmissionOut], responses=problems(403, 422))
async def list_audit_submissions(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("ministry", "county_admin")],
    limit: Limit = 50,
    cursor: Cursor = None,
    county: Annotated[str | None, Query(pattern=r"^TW-[A-Z]{3}$")] = None,
    half: Annotated[str | None, Query(pattern=r"^20\d{2}-H[12]$")] = None,
) -> Page[AuditSubmissionOut]:
    """Submitted internal audits of all counties (a county admin: their own), oldest submission first."""
    return await service.list_audit_submissions(
        session=session, principal=principal, county=county, half=half, limit=limit, cursor=cursor
    )


@router.get("/v1/submissions/anomalies", response_model=Page[AnomalySubmissionOut], responses=problems(403, 422))
async def list_anomaly_submissions(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("ministry", "county_admin")],
    limit: Limit = 50,
    cursor: Cursor = None,
    county: Annotated[str | None, Query(pattern=r"^TW-[A-Z]{3}$")] = None,
    month: Annotated[str | None, Query(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$")] = None,
) -> Page[AnomalySubmissionOut]:
    """Anomalies whose investigation and outcome counties submitted (no subject, user or outcome text)."""
    return await service.list_anomaly_submissions(
        session=session, principal=principal, county=county, month=month, limit=limit, cursor=cursor
    )
