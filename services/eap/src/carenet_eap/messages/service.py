"""Use cases of the inbox: deliver a message to one employee, list your own, mark one read."""

from __future__ import annotations

from datetime import datetime

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import NotFound
from carenet_core.pagination import keyset_after
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import new_id
from .models import Message, MessageKind


async def deliver(
    *, session: AsyncSession, employee_sub: str, kind: MessageKind, title: str, body: str, bsrs5_invite: bool
) -> Message:
    """A new unread message in the employee's inbox."""
    m = Message(
        id=new_id(),
        employee_sub=employee_sub,
        kind=kind,
        title=title,
        body=body,
        bsrs5_invite=bsrs5_invite,
        created_at=clock.now(),
        read_at=None,
    )
    session.add(m)
    await session.flush()
    return m


async def list_mine(*, session: AsyncSession, principal: Principal, limit: int, cursor: str | None) -> list[Message]:
    """The caller's own messages, newest first (limit + 1 rows).

    Not trailed on purpose: a record of who opened their inbox would be exactly the signal
    (did the employee read it?) that must reach no one.
    """
    stmt = select(Message).where(Message.employee_sub == principal.sub)
    stmt = keyset_after(stmt, [Message.created_at, Message.id], cursor, descending=True, types=[datetime.min, ""])
    return list((await session.scalars(stmt.limit(limit + 1))).all())


async def mark_read(*, session: AsyncSession, principal: Principal, message_id: str) -> Message:
    """The caller's own message, read from now on (the first reading time stays); 404 for anyone else's."""
    m = await session.get(Message, message_id, with_for_update=True)
    if m is None or m.employee_sub != principal.sub:
        raise NotFound("no such message", code="message_not_found")
    if m.read_at is None:
        m.read_at = clock.now()
    return m
