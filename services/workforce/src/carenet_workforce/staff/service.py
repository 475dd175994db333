"""Use cases of the staff register: add, change (If-Match), read, list — each change republishes staffing facts."""

from __future__ import annotations

import uuid

from carenet_core import clock
from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.errors import Conflict, Forbidden, NotFound, RuleViolation
from carenet_core.etag import check_if_match
from carenet_core.pagination import Page, decode_cursor, page_of
from carenet_core.trail import record_access
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..staffing.service import publish_staffing_facts
from .models import Staff
from .schemas import StaffIn, StaffOut, StaffPatch


def ensure_own_county(principal: Principal, county: str) -> None:
    """A county admin writes their own county's staff only (403 otherwise)."""
    scope = principal.county_scope()
    if scope is not None and scope != county:
        raise Forbidden("a county admin manages their own county's staff only", code="out_of_jurisdiction")


async def add_staff(*, session: AsyncSession, staff: StaffIn, principal: Principal) -> Staff:
    """The new staff record (409 `staff_exists` when the county already has this `sub`); staffing facts follow."""
    ensure_own_county(principal, staff.county)
    existing = await session.scalar(select(Staff).where(Staff.county == staff.county, Staff.sub == staff.sub))
    if existing is not None:
        raise Conflict("this login already has a staff record in the county", code="staff_exists", id=str(existing.id))
    now = clock.now()
    row = Staff(
        id=uuid.uuid4(),
        sub=staff.sub,
        name=staff.name,
        county=staff.county,
        kind=staff.kind.value,
        funding=staff.funding.value,
        started_on=staff.started_on,
        ended_on=staff.ended_on,
        psychiatric_visit_share=staff.psychiatric_visit_share,
        version=1,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await record_access(
        session, principal=principal, action="create", resource=f"staff/{row.id}", person_ref=str(row.id)
    )
    await publish_staffing_facts(session=session, county=row.county)
    return row


async def get_staff(*, session: AsyncSession, staff_id: uuid.UUID, principal: Principal, action: str = "read") -> Staff:
    """The staff record within the caller's county (404 outside it); the read is trailed."""
    row = await session.get(Staff, staff_id)
    if row is None or not principal.can_see(row.county):
        raise NotFound("no such staff record", code="staff_not_found")
    await record_access(session, principal=principal, action=action, resource=f"staff/{row.id}", person_ref=str(row.id))
    return row


async def change_staff(
    *, session: AsyncSession, staff_id: uuid.UUID, patch: StaffPatch, if_match: str | None, principal: Principal
) -> Staff:
    """The changed record at its next version (428/412 without the current ETag); staffing facts follow."""
    row = await get_staff(session=session, staff_id=staff_id, principal=principal, action="update")
    check_if_match(if_match, row.version)
    changes = patch.model_dump(exclude_unset=True)
    for key in ("name", "kind", "funding", "started_on", "psychiatric_visit_share"):
        if key in changes and changes[key] is None:
            raise RuleViolation(f"{key} cannot be cleared", code="required_field")
    for key, value in changes.items():
        setattr(row, key, value.value if hasattr(value, "value") else value)
    if row.ended_on is not None and row.ended_on < row.started_on:
        raise RuleViolation("ended_on is before started_on", code="ends_before_start")
    row.version += 1
    row.updated_at = clock.now()
    await publish_staffing_facts(session=session, county=row.county)
    return row


async def list_staff(
    *, session: AsyncSession, principal: Principal, county: str | None, limit: int, cursor: str | None
) -> Page[StaffOut]:
    """The staff of the caller's county (a county filter outside it yields nothing), by sub."""
    stmt = scope_to_jurisdiction(select(Staff), principal, Staff.county)
    if county:
        stmt = stmt.where(Staff.county == county)
    after = decode_cursor(cursor)
    if after is not None and not (
        isinstance(after, list) and len(after) == 2 and all(isinstance(a, str) for a in after)
    ):
        raise RuleViolation("the cursor is not one this service issued", code="invalid_cursor")
    if after:
        stmt = stmt.where((Staff.county > after[0]) | ((Staff.county == after[0]) & (Staff.sub > after[1])))
    rows = (await session.scalars(stmt.order_by(Staff.county, Staff.sub).limit(limit + 1))).all()
    await record_access(session, principal=principal, action="list", resource=f"staff?county={county or ''}")
    return page_of([StaffOut.model_validate(r) for r in rows], limit, lambda s: [s.county, s.sub])
