"""HTTP routes of the employee's inbox (the addressed employee alone)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.clock import to_utc
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from carenet_core.pagination import Cursor, Limit, Page, page_of
from fastapi import APIRouter

from . import service
from .schemas import MessageOut, message_out

router = APIRouter(prefix="/v1", tags=["inbox"])
Employee = Annotated[Principal, require_roles("employee")]


@router.get("/messages/mine", response_model=Page[MessageOut], responses=problems(403, 422))
async def my_messages(
    session: SessionDep, principal: Employee, limit: Limit = 50, cursor: Cursor = None
) -> Page[MessageOut]:
    """Your inbox, newest first: EAP information messages, some with a BSRS-5 invitation."""
    rows = await service.list_mine(session=session, principal=principal, limit=limit, cursor=cursor)
    page = page_of(rows, limit, lambda m: [to_utc(m.created_at).isoformat(), m.id])
    return Page[MessageOut](items=[message_out(m) for m in page.items], next_cursor=page.next_cursor)


@router.post("/messages/{message_id}/read", response_model=MessageOut, responses=problems(403, 404))
async def mark_read(message_id: str, session: SessionDep, principal: Employee) -> MessageOut:
    """Mark one of your messages read (nobody else ever learns that you did)."""
    return message_out(await service.mark_read(session=session, principal=principal, message_id=message_id))
