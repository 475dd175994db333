"""Who touched a person's record: the access trail read back for one person, within jurisdiction."""

from __future__ import annotations

from carenet_core.auth import Principal
from carenet_core.errors import NotFound
from carenet_core.trail import record_access, touched_by
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..cases.models import Case
from ..common.privacy import mask_national_id, person_key
from .schemas import AccessEntryOut, AccessLog


async def access_log(*, session: AsyncSession, principal: Principal, national_id: str, secret: str) -> AccessLog:
    """Every trail entry naming the person, newest first — only for a person with a case in the caller's county."""
    key = person_key(national_id, secret)
    stmt = select(Case.id).where(Case.person_key == key).limit(1)
    county = principal.county_scope()
    if county is not None:
        stmt = stmt.where(Case.county == county)
    if await session.scalar(stmt) is None:
        raise NotFound("no case of this person in your jurisdiction", code="person_not_found")
    entries = await touched_by(session, key)
    # The query is itself a read of the person's record.
    await record_access(session, principal=principal, action="access_log", resource="access-log", person_ref=key)
    return AccessLog(
        national_id_masked=mask_national_id(national_id.upper()),
        items=[
            AccessEntryOut(
                at=e.at, actor=e.actor, role=e.role, action=e.action, resource=e.resource, request_id=e.request_id
            )
            for e in entries
        ],
    )
