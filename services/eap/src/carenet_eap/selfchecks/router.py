"""HTTP route of the BSRS-5 self-check: open to anyone, with or without a token."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import CurrentPrincipal, Principal, optional_principal
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Depends, Request

from . import service
from .schemas import Bsrs5In, Bsrs5Out, KeptList, KeptResult, resources

router = APIRouter(prefix="/v1", tags=["self-checks"])


@router.post("/self-checks/bsrs5", response_model=Bsrs5Out, responses=problems(422))
async def bsrs5(
    request: Request,
    body: Bsrs5In,
    session: SessionDep,
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Bsrs5Out:
    """簡式健康量表: total, band, referral advice and help resources. Anonymous unless you ask to keep it."""
    total, band, refer = await service.self_check(session=session, body=body, principal=principal)
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
    rows = await service.kept_results(session=session, principal=principal)
    return KeptList(items=[KeptResult(month=r.month, total=r.total, band=r.band, refer=r.refer) for r in rows])
