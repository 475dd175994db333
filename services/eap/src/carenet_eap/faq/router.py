"""HTTP routes of the FAQ assistant (anyone, anonymous included) and of its editing (eap_admin)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, optional_principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.etag import set_etag
from carenet_core.pagination import Cursor, Limit, Page, page_of
from fastapi import APIRouter, Depends, Header, Query, Request, Response

from . import service
from .schemas import (
    FaqEntryIn,
    FaqEntryOut,
    FaqEntryPatch,
    FaqResult,
    FaqRevisionList,
    entry_out,
    revision_out,
)

router = APIRouter(prefix="/v1", tags=["faq"])
Admin = Annotated[Principal, require_roles("eap_admin")]
IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=200)]


@router.get("/faq", response_model=FaqResult, responses=problems(422))
async def ask(
    request: Request,
    session: SessionDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="your question, in Chinese")],
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> FaqResult:
    """人事小管家: answers from the curated FAQ with source and score, or `no_good_answer` with where to turn.

    The question is never stored, with or without who asked.
    """
    settings = request.app.state.settings
    return await service.answer(
        session=session,
        q=q,
        min_score=settings.faq_min_score,
        limit=settings.faq_max_answers,
        booking_link=settings.booking_link,
    )


@router.get("/faq/entries", response_model=Page[FaqEntryOut], responses=problems(403, 422))
async def list_entries(
    session: SessionDep, principal: Admin, include_inactive: bool = False, limit: Limit = 50, cursor: Cursor = None
) -> Page[FaqEntryOut]:
    """The FAQ entries by key (withdrawn ones with `include_inactive`)."""
    rows = await service.list_entries(session=session, include_inactive=include_inactive, limit=limit, cursor=cursor)
    page = page_of(rows, limit, lambda e: [e.key, e.id])
    return Page[FaqEntryOut](items=[entry_out(e) for e in page.items], next_cursor=page.next_cursor)


@router.post("/faq/entries", status_code=201, response_model=FaqEntryOut, responses=problems(403, 409, 422))
async def create_entry(body: FaqEntryIn, response: Response, session: SessionDep, principal: Admin) -> FaqEntryOut:
    """Add an entry (version 1)."""
    e = await service.create_entry(session=session, body=body, actor=principal.sub)
    set_etag(response, e.version)
    return entry_out(e)


@router.get("/faq/entries/{entry_id}", response_model=FaqEntryOut, responses=problems(403, 404))
async def get_entry(entry_id: str, response: Response, session: SessionDep, principal: Admin) -> FaqEntryOut:
    """One entry with its ETag (its version)."""
    e = await service.read_entry(session=session, entry_id=entry_id)
    set_etag(response, e.version)
    return entry_out(e)


@router.patch("/faq/entries/{entry_id}", response_model=FaqEntryOut, responses=problems(403, 404, 412, 422, 428))
async def patch_entry(
    entry_id: str,
    body: FaqEntryPatch,
    response: Response,
    session: SessionDep,
    principal: Admin,
    if_match: IfMatch = None,
) -> FaqEntryOut:
    """Edit an entry: a new version and a revision; `If-Match` is required (428), a stale one is 412."""
    e = await service.update_entry(
        session=session, entry_id=entry_id, patch=body, if_match=if_match, actor=principal.sub
    )
    set_etag(response, e.version)
    return entry_out(e)


@router.delete("/faq/entries/{entry_id}", response_model=FaqEntryOut, responses=problems(403, 404, 412, 428))
async def withdraw_entry(
    entry_id: str, response: Response, session: SessionDep, principal: Admin, if_match: IfMatch = None
) -> FaqEntryOut:
    """Withdraw an entry: it stops answering and keeps its history."""
    e = await service.withdraw_entry(session=session, entry_id=entry_id, if_match=if_match, actor=principal.sub)
    set_etag(response, e.version)
    return entry_out(e)


@router.get("/faq/entries/{entry_id}/revisions", response_model=FaqRevisionList, responses=problems(403, 404))
async def entry_revisions(entry_id: str, session: SessionDep, principal: Admin) -> FaqRevisionList:
    """Every version of an entry, newest first."""
    return FaqRevisionList(items=[revision_out(r) for r in await service.revisions(session=session, entry_id=entry_id)])
