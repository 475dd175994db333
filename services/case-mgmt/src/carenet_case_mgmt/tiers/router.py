"""HTTP of the tier policy (per county, versioned)."""

from __future__ import annotations

from typing import Annotated

from carenet_core import clock
from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import Forbidden, NotFound, problems
from fastapi import APIRouter

from . import service
from .models import TierPolicyVersion
from .rules import TierPolicy
from .schemas import PolicyHistory, PolicyIn, PolicyOut

router = APIRouter(prefix="/v1/tier-policies", tags=["tier policy"])


def _out(county: str, row: TierPolicyVersion | None, policy: TierPolicy) -> PolicyOut:
    return PolicyOut(
        id=row.id if row else None,
        county=county,
        effective_from=row.effective_from if row else None,
        intervals=policy.intervals,
        not_met_retry_days=policy.not_met_retry_days,
        lock_months=policy.lock_months,
        transfer_expiry_days=policy.transfer_expiry_days,
        late_after_days=policy.late_after_days,
    )


async def _history(session, county: str) -> PolicyHistory:
    rows = await service.list_policy_versions(session, county=county)
    in_force = [r for r in rows if r.effective_from <= clock.today()]
    cur = in_force[-1] if in_force else None
    return PolicyHistory(
        county=county,
        current=_out(county, cur, service.policy_from_row(cur)),
        versions=[_out(county, r, service.policy_from_row(r)) for r in rows],
    )


@router.get("/{county}", response_model=PolicyHistory, responses=problems(400, 403, 404))
async def read_policy(
    county: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("case_worker", "supervisor", "county_admin", "ministry")],
) -> PolicyHistory:
    """The county's policy in force today and every version (past due dates use the version that held then)."""
    if principal.county_scope() not in (None, county):
        raise NotFound("no such county in your jurisdiction", code="county_not_found")
    return await _history(session, county)


@router.post("/{county}", status_code=201, response_model=PolicyHistory, responses=problems(400, 403, 409, 422))
async def add_version(
    county: str, body: PolicyIn, session: SessionDep, principal: Annotated[Principal, require_roles("county_admin")]
) -> PolicyHistory:
    """A new policy version from `effective_from` (today or later) — no deploy needed."""
    if principal.county_scope() not in (None, county):
        raise Forbidden("you may set the policy of your own county only", code="outside_jurisdiction")
    policy = TierPolicy(
        intervals=dict(body.intervals),
        not_met_retry_days=body.not_met_retry_days,
        lock_months=body.lock_months,
        transfer_expiry_days=body.transfer_expiry_days,
        late_after_days=body.late_after_days,
    )
    await service.add_policy_version(
        session=session, principal=principal, county=county, effective_from=body.effective_from, policy=policy
    )
    await session.flush()
    return await _history(session, county)
