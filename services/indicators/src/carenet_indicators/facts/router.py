"""HTTP: manual facts (縣市填報)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import etag, set_etag
from carenet_core.idempotency import IdempotencyDep
from carenet_core.pagination import Cursor, Limit
from fastapi import APIRouter, Header, Query, Response
from fastapi.responses import JSONResponse

from . import service
from .models import Fact
from .schemas import FactIn, FactOut, FactPage, FactPatch, HistoryOut, RevisionOut

router = APIRouter(prefix="/v1/facts", tags=["facts"])
Writer = Annotated[Principal, require_roles("county_admin", "ministry")]
Reader = Annotated[Principal, require_roles("county_admin", "supervisor", "ministry")]


def _out(fact: Fact) -> FactOut:
    return FactOut.model_validate(fact)


@router.post("", status_code=201, response_model=FactOut, responses=problems(403, 409, 422))
async def create_fact(body: FactIn, session: SessionDep, principal: Writer, idem: IdempotencyDep) -> JSONResponse:
    """Report a manual fact with its evidence (county admins for their county, the ministry for any)."""
    if (replay := await idem.replay(session)) is not None:
        return replay
    fact = await service.create_fact(session=session, body=body, principal=principal)
    return await idem.respond(session, 201, _out(fact).model_dump(mode="json"), headers={"ETag": etag(fact.version)})


@router.get("", response_model=FactPage, responses=problems(403, 422))
async def list_facts(
    session: SessionDep,
    principal: Reader,
    limit: Limit = 50,
    cursor: Cursor = None,
    county: str | None = None,
    period: str | None = None,
    code: str | None = None,
    include_withdrawn: bool = False,
) -> FactPage:
    """Facts of the caller's county (the ministry: any), newest first."""
    rows, nxt = await service.list_facts(
        session=session,
        principal=principal,
        county=county,
        period=period,
        code=code,
        include_withdrawn=include_withdrawn,
        limit=limit,
        cursor=cursor,
    )
    return FactPage(items=[_out(r) for r in rows], next_cursor=nxt)


@router.get("/{fact_id}", response_model=FactOut, responses=problems(403, 404))
async def get_fact(fact_id: str, session: SessionDep, principal: Reader, response: Response) -> FactOut:
    """One fact, with its ETag for edits."""
    fact = await service.get_fact(session=session, fact_id=fact_id, principal=principal)
    set_etag(response, fact.version)
    return _out(fact)


@router.patch("/{fact_id}", response_model=FactOut, responses=problems(403, 404, 409, 412, 422))
async def edit_fact(
    fact_id: str,
    patch: FactPatch,
    session: SessionDep,
    principal: Writer,
    response: Response,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> FactOut:
    """Edit a fact; the old values go into its history (412 when If-Match is stale)."""
    fact = await service.edit_fact(
        session=session, fact_id=fact_id, patch=patch, principal=principal, if_match=if_match
    )
    set_etag(response, fact.version)
    return _out(fact)


@router.delete("/{fact_id}", response_model=FactOut, responses=problems(403, 404, 412))
async def withdraw_fact(
    fact_id: str,
    session: SessionDep,
    principal: Writer,
    response: Response,
    reason: Annotated[str | None, Query(max_length=500)] = None,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> FactOut:
    """Withdraw a fact: it stays on record with its history but no longer counts."""
    fact = await service.withdraw_fact(
        session=session, fact_id=fact_id, principal=principal, reason=reason, if_match=if_match
    )
    set_etag(response, fact.version)
    return _out(fact)


@router.get("/{fact_id}/history", response_model=HistoryOut, responses=problems(403, 404))
async def fact_history(fact_id: str, session: SessionDep, principal: Reader) -> HistoryOut:
    """Every version of the fact: who, when, why, before and after."""
    revs = await service.history(session=session, fact_id=fact_id, principal=principal)
    return HistoryOut(fact_id=fact_id, items=[RevisionOut.model_validate(r) for r in revs])
