"""Loading a case for a caller: jurisdiction (404 outside it), transfers, and the access trail."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import Forbidden, NotFound
from carenet_core.trail import record_access
from sqlalchemy import Date, Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..transfers.models import Transfer
from .models import Case
from .standing import remember_rules, with_rules


async def _transfer_reach(session: AsyncSession, case: Case, principal: Principal) -> str | None:
    """'sender' when the caller's county handed the case over (read-only), 'receiver' while offered to it."""
    county = principal.county_scope()
    if county is None:
        return None
    rows = (await session.scalars(select(Transfer).where(Transfer.case_id == case.id))).all()
    district = principal.district_scope()
    for t in rows:
        if t.state == "accepted" and t.from_county == county and (district is None or t.from_district == district):
            return "sender"
        if t.state == "offered" and t.to_county == county and principal.has("supervisor", "county_admin"):
            return "receiver"
    return None


@lru_cache(maxsize=16)
def _case_statement(for_update: bool, extra: tuple[Any, ...]) -> Select[Any]:
    """The case (bound parameter `case_id`) with its county's rules on `rules_on` and the `extra` columns: built once
    per shape, since building it costs more than running it (`extra` should be module-level constants)."""
    stmt = with_rules(select(Case), on=bindparam("rules_on", type_=Date())).add_columns(*extra)
    stmt = stmt.where(Case.id == bindparam("case_id"))
    return stmt.with_for_update(of=Case) if for_update else stmt


async def load_case(
    session: AsyncSession,
    case_id: str,
    principal: Principal,
    *,
    write: bool = False,
    action: str = "read",
    resource: str | None = None,
    for_update: bool = False,
) -> Case:
    """The case if the caller may see it (404 otherwise), with an access-trail row for the read or write."""
    case, _ = await load_case_with(
        session, case_id, principal, write=write, action=action, resource=resource, for_update=for_update
    )
    return case


async def load_case_with(
    session: AsyncSession,
    case_id: str,
    principal: Principal,
    *,
    extra: Sequence[Any] = (),
    params: dict[str, Any] | None = None,
    write: bool = False,
    action: str = "read",
    resource: str | None = None,
    for_update: bool = False,
) -> tuple[Case, Sequence[Any]]:
    """`load_case`, and the `extra` columns read in the same statement (their bound parameters in `params`); the
    county's rules in force today come along (memoised for the transaction), so the standing needs no statement of
    its own."""
    today = clock.today()
    stmt = _case_statement(for_update, tuple(extra))
    row = (await session.execute(stmt, {"case_id": case_id, "rules_on": today, **(params or {})})).first()
    if row is None:
        raise NotFound("no such case", code="case_not_found")
    case, policy_row, settings_row, *rest = row
    remember_rules(session, case.county, today, policy_row, settings_row)
    if not principal.can_see(case.county, case.district):
        reach = await _transfer_reach(session, case, principal)
        if reach is None:
            raise NotFound("no such case", code="case_not_found")
        if write:
            raise Forbidden("this case is read-only for your county", code="read_only_case")
    await record_access(
        session, principal=principal, action=action, resource=resource or f"case/{case.id}", person_ref=case.person_key
    )
    return case, rest
