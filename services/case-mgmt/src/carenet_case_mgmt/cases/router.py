"""HTTP of cases: intake, read, list, change facts, close, tier changes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import check_if_match, etag
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit
from fastapi import APIRouter, Query, Request, Response
from fastapi.encoders import jsonable_encoder

from ..common.deps import IfMatch, person_secret
from ..tiers import service as tiers
from . import service
from .access import load_case
from .schemas import CaseIn, CaseOut, CasePage, CasePatch, CloseIn, TierChangeIn, TierChangeOut, TierHistoryOut

router = APIRouter(prefix="/v1/cases", tags=["cases"])


@router.post("", status_code=201, response_model=CaseOut, responses=problems(400, 403, 409, 422))
async def open_case(
    body: CaseIn,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
    idem: IdempotencyDep,
):
    """Intake: a new case at tier 1, locked for 3 months. 422 for an invalid national ID, 409 with the existing `id`."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    case = await service.open_case(session=session, principal=principal, body=body, secret=person_secret(request))
    out = await service.view(session, case, principal)
    return await idem.respond(
        session, 201, jsonable_encoder(out), headers={"ETag": etag(case.version), "Location": f"/v1/cases/{case.id}"}
    )


@router.get("", response_model=CasePage, responses=problems(400, 403, 422))
async def list_cases(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
    limit: Limit = 50,
    cursor: Cursor = None,
    county: str | None = None,
    district: str | None = None,
    tier: Annotated[int | None, Query(ge=1, le=5)] = None,
    kind: Literal["psychiatric", "suicide_attempt", "bereaved_family"] | None = None,
    status: Literal["open", "closed"] | None = None,
    overdue: bool | None = None,
    due_before: date | None = None,
) -> CasePage:
    """Cases in your jurisdiction (national IDs and names masked), with `next_visit_due` and `overdue` computed today."""
    filters = {
        "county": county,
        "district": district,
        "tier": tier,
        "kind": kind,
        "status": status,
        "overdue": overdue,
        "due_before": due_before,
    }
    return await service.list_cases(session=session, principal=principal, filters=filters, limit=limit, cursor=cursor)


@router.get("/{case_id}", response_model=CaseOut, responses=problems(400, 403, 404))
async def read_case(
    case_id: str,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
) -> CaseOut:
    """The case with its tier, flags, `next_visit_due`, `overdue`, `consecutive_not_met`, `status` (ETag = version)."""
    case = await load_case(session, case_id, principal)
    response.headers["ETag"] = etag(case.version)
    return await service.view(session, case, principal)


@router.patch("/{case_id}", response_model=CaseOut, responses=problems(400, 403, 404, 409, 412, 422, 428))
async def patch_case(
    case_id: str,
    body: CasePatch,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
    if_match: IfMatch = None,
) -> CaseOut:
    """Change the case's facts (district, household, flags, situation, refusal); needs `If-Match` (412 on mismatch)."""
    case = await load_case(session, case_id, principal, write=True, action="update", for_update=True)
    check_if_match(if_match, case.version)
    await service.patch_case(session=session, principal=principal, case=case, patch=body)
    response.headers["ETag"] = etag(case.version)
    return await service.view(session, case, principal)


@router.post("/{case_id}/close", response_model=CaseOut, responses=problems(400, 403, 404, 409, 422))
async def close_case(
    case_id: str,
    body: CloseIn,
    response: Response,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("supervisor")],
) -> CaseOut:
    """Close the case with a `reason` (supervisor)."""
    case = await load_case(session, case_id, principal, write=True, action="close", for_update=True)
    await service.close_case(
        session=session, principal=principal, case=case, reason=body.reason, closed_on=body.closed_on
    )
    response.headers["ETag"] = etag(case.version)
    return await service.view(session, case, principal)


@router.post(
    "/{case_id}/tier-changes",
    status_code=201,
    response_model=TierChangeOut,
    responses=problems(400, 403, 404, 409, 422),
)
async def change_tier(
    case_id: str,
    body: TierChangeIn,
    session: SessionDep,
    idem: IdempotencyDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor")],
):
    """Step up any time; step down one tier, after the lock, with a met face-to-face visit since the last change.

    422 `tier_locked` before `tier_locked_until`; 422 `face_to_face_required` for a step-down without one.
    """
    if (replay := await idem.replay(session)) is not None:
        return replay
    case = await load_case(session, case_id, principal, write=True, action="tier_change", for_update=True)
    change = await tiers.change_tier(
        session=session,
        case=case,
        principal=principal,
        to_tier=body.to_tier,
        reason=body.reason,
        visit_id=body.visit_id,
        exception_reason=body.exception_reason,
    )
    out = TierChangeOut(
        id=change.id,
        case_id=case.id,
        from_tier=change.from_tier,
        to_tier=change.to_tier,
        tier=case.tier,
        changed_at=change.changed_at,
        changed_by=change.changed_by,
        reason=change.reason,
        visit_id=change.visit_id,
        exception_reason=change.exception_reason,
    )
    return await idem.respond(session, 201, jsonable_encoder(out))


@router.get("/{case_id}/tier-changes", response_model=TierHistoryOut, responses=problems(400, 403, 404))
async def tier_history(
    case_id: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin")],
) -> TierHistoryOut:
    """The tier history: who, when, why, and the visit each change rests on."""
    case = await load_case(session, case_id, principal, resource=f"case/{case_id}/tier-changes")
    rows = await tiers.tier_history(session, case.id)
    return TierHistoryOut(
        items=[
            TierChangeOut(
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
            for r in rows
        ]
    )
