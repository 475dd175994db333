"""HTTP route of the BSRS-5 self-check: open to anyone, with or without a token."""

from __future__ import annotations

from typing import Annotated

from carenet_core import clock
from carenet_core.auth import CurrentPrincipal, Principal, optional_principal
from carenet_core.clock import TAIPEI
from carenet_core.db import SessionDep
from carenet_core.errors import RuleViolation, problems
from fastapi import APIRouter, Depends, Request
from sqlalchemy import select

from ..common import new_id
from .models import SelfCheckResult
from .rules import bsrs5_band, bsrs5_refer, bsrs5_total
from .schemas import Bsrs5In, Bsrs5Out, KeptList, KeptResult, Resource

router = APIRouter(prefix="/v1", tags=["self-checks"])


def resources(booking_link: str) -> list[Resource]:
    return [
        Resource(name="安心專線 1925 (24h, free)", contact="1925"),
        Resource(name="員工協助方案 預約 (EAP booking)", contact=booking_link),
        Resource(name="緊急救護 (emergency)", contact="119"),
        Resource(name="報案 (police)", contact="110"),
    ]


@router.post("/self-checks/bsrs5", response_model=Bsrs5Out, responses=problems(422))
async def bsrs5(
    request: Request,
    body: Bsrs5In,
    session: SessionDep,
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Bsrs5Out:
    """簡式健康量表: total, band, referral advice and help resources. Anonymous unless you ask to keep it."""
    total = bsrs5_total(body.items)
    band = bsrs5_band(total)
    refer = bsrs5_refer(total, body.suicide_ideation)
    if body.keep and principal is None:
        raise RuleViolation("keeping a result needs a login", code="login_required_to_keep")
    # Always an anonymous tally (month, band) for programme statistics; the login only when asked.
    session.add(
        SelfCheckResult(
            id=new_id(),
            month=clock.now().astimezone(TAIPEI).strftime("%Y-%m"),
            total=total,
            suicide_ideation=body.suicide_ideation,
            band=band.value,
            refer=refer,
            subject_sub=principal.sub if body.keep and principal else None,
        )
    )
    return Bsrs5Out(
        total=total,
        band=band.value,
        refer=refer,
        kept=body.keep,
        resources=resources(request.app.state.settings.booking_link),
    )


@router.get("/self-checks/bsrs5/mine", response_model=KeptList, responses=problems())
async def my_results(session: SessionDep, principal: CurrentPrincipal) -> KeptList:
    """The results you asked to keep."""
    rows = (
        await session.scalars(
            select(SelfCheckResult)
            .where(SelfCheckResult.subject_sub == principal.sub)
            .order_by(SelfCheckResult.month.desc())
            .limit(500)
        )
    ).all()
    return KeptList(items=[KeptResult(month=r.month, total=r.total, band=r.band, refer=r.refer) for r in rows])
