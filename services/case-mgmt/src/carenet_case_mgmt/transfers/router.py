"""HTTP of transfers."""

from __future__ import annotations

from typing import Annotated, Literal

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit
from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder

from ..cases.access import load_case
from . import service
from .schemas import DecisionIn, TransferIn, TransferOut, TransferPage

router = APIRouter(tags=["transfers"])


@router.post(
    "/v1/cases/{case_id}/transfers",
    status_code=201,
    response_model=TransferOut,
    responses=problems(400, 403, 404, 409, 422),
)
async def offer_transfer(
    case_id: str,
    body: TransferIn,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "supervisor")],
    idem: IdempotencyDep,
):
    """Offer the case to another county; the sender keeps it (and its due dates) until the receiver accepts."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    case = await load_case(session, case_id, principal, write=True, action="transfer_offer", for_update=True)
    t = await service.offer(session=session, principal=principal, case=case, body=body)
    return await idem.respond(session, 201, jsonable_encoder(service.transfer_out(t)))


@router.get("/v1/transfers", response_model=TransferPage, responses=problems(400, 403))
async def list_transfers(
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "supervisor")],
    limit: Limit = 50,
    cursor: Cursor = None,
    direction: Literal["incoming", "outgoing"] | None = None,
) -> TransferPage:
    """Transfers your county sends or receives, newest first (`state` shows `expired` once 14 days pass)."""
    return await service.list_transfers(
        session=session, principal=principal, direction=direction, limit=limit, cursor=cursor
    )


@router.get("/v1/transfers/{transfer_id}", response_model=TransferOut, responses=problems(400, 403, 404))
async def read_transfer(
    transfer_id: str, session: SessionDep, principal: Annotated[Principal, require_roles("county_admin", "supervisor")]
) -> TransferOut:
    """One transfer."""
    return service.transfer_out(await service.load(session, principal=principal, transfer_id=transfer_id))


@router.post(
    "/v1/transfers/{transfer_id}/accept", response_model=TransferOut, responses=problems(400, 403, 404, 409, 422)
)
async def accept_transfer(
    transfer_id: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "supervisor")],
    body: DecisionIn | None = None,
) -> TransferOut:
    """The receiving county accepts: the case moves there; the sender becomes read-only."""
    t = await service.load(session, principal=principal, transfer_id=transfer_id, for_update=True)
    body = body or DecisionIn()
    await service.accept(session=session, principal=principal, transfer=t, district=body.district, note=body.note)
    return service.transfer_out(t)


@router.post("/v1/transfers/{transfer_id}/reject", response_model=TransferOut, responses=problems(400, 403, 404, 409))
async def reject_transfer(
    transfer_id: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "supervisor")],
    body: DecisionIn | None = None,
) -> TransferOut:
    """The receiving county declines; the case stays with the sender."""
    t = await service.load(session, principal=principal, transfer_id=transfer_id, for_update=True)
    await service.decline(
        session=session, principal=principal, transfer=t, as_state="rejected", note=(body or DecisionIn()).note
    )
    return service.transfer_out(t)


@router.post("/v1/transfers/{transfer_id}/revoke", response_model=TransferOut, responses=problems(400, 403, 404, 409))
async def revoke_transfer(
    transfer_id: str,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("county_admin", "supervisor")],
    body: DecisionIn | None = None,
) -> TransferOut:
    """The sending county withdraws the offer."""
    t = await service.load(session, principal=principal, transfer_id=transfer_id, for_update=True)
    await service.decline(
        session=session, principal=principal, transfer=t, as_state="revoked", note=(body or DecisionIn()).note
    )
    return service.transfer_out(t)
