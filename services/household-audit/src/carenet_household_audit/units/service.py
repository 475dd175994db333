"""Use cases of units: register, list, and the cases each serves (for pre-matching)."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal, scope_to_jurisdiction
from carenet_core.errors import Conflict, Forbidden, NotFound
from carenet_core.outbox import emit
from carenet_core.pagination import Page, keyset_after, page_of
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..common.reach import ensure_reach
from .models import ServedCase, Unit
from .schemas import UnitIn, UnitOut


async def register_unit(*, session: AsyncSession, unit: UnitIn, principal: Principal) -> Unit:
    """The new unit; 409 with the existing code when it is already registered."""
    if not principal.reaches_county(unit.county):
        raise Forbidden("a county admin registers units of their own county only", code="out_of_jurisdiction")
    if await session.get(Unit, unit.code) is not None:
        raise Conflict(f"unit {unit.code} is already registered", code="unit_exists", id=unit.code)
    row = Unit(
        code=unit.code,
        name=unit.name,
        county=unit.county,
        kind=unit.kind.value,
        created_at=clock.now(),
        created_by=principal.sub,
    )
    session.add(row)
    await session.flush()
    emit(session, "unit.registered", {"code": row.code, "county": row.county, "kind": row.kind})
    return row


async def list_units(
    *, session: AsyncSession, principal: Principal, county: str | None, limit: int, cursor: str | None
) -> Page[UnitOut]:
    """Units of the caller's reach (a county filter outside it yields nothing), by county and code."""
    stmt = select(Unit)
    stmt = scope_to_jurisdiction(stmt, principal, Unit.county)
    if county:
        stmt = stmt.where(Unit.county == county)
    stmt = keyset_after(stmt, [Unit.county, Unit.code], cursor)
    rows = (await session.scalars(stmt.limit(limit + 1))).all()
    return page_of([UnitOut.model_validate(r) for r in rows], limit, lambda u: [u.county, u.code])


async def unit_counties(session: AsyncSession, codes: set[str]) -> dict[str, str]:
    """code → county for the registered units among `codes`."""
    if not codes:
        return {}
    rows = await session.execute(select(Unit.code, Unit.county).where(Unit.code.in_(codes)))
    return {c: k for c, k in rows.all()}


async def replace_served_cases(*, session: AsyncSession, code: str, case_refs: list[str], principal: Principal) -> int:
    """The unit now serves exactly `case_refs`; returns how many."""
    unit = await session.get(Unit, code)
    if unit is None:
        raise NotFound(f"no unit {code}", code="unit_not_found")
    ensure_reach(principal, unit.county, "unit")
    await session.execute(delete(ServedCase).where(ServedCase.unit == code))
    refs = sorted({r.strip() for r in case_refs if r and r.strip()})
    if refs:
        await session.execute(ServedCase.__table__.insert(), [{"unit": code, "case_ref": r} for r in refs])
    return len(refs)
