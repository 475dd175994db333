"""Use cases of county settings: read (defaults when unset) and replace."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import Forbidden
from carenet_core.outbox import emit
from sqlalchemy.ext.asyncio import AsyncSession

from ..common.memo import forget_county_rules
from .models import CountySettingsRow
from .rules import DEFAULT_SETTINGS, CountySettings
from .schemas import CountySettingsIn, CountySettingsOut


async def settings_of(session: AsyncSession, *, county: str) -> CountySettings:
    """The county's settings, the defaults where it set none."""
    return settings_from_row(await session.get(CountySettingsRow, county))


def settings_from_row(row: CountySettingsRow | None) -> CountySettings:
    if row is None:
        return DEFAULT_SETTINGS
    return CountySettings(
        caseload_limit=row.caseload_limit,
        elderly_care_months=row.elderly_care_months,
        child_under_6_care_months=row.child_under_6_care_months,
    )


async def read(*, session: AsyncSession, county: str) -> CountySettingsOut:
    """The county's settings and whether they are its own or the defaults."""
    row = await session.get(CountySettingsRow, county)
    s = await settings_of(session, county=county)
    return CountySettingsOut(
        county=county,
        caseload_limit=s.caseload_limit,
        elderly_care_months=s.elderly_care_months,
        child_under_6_care_months=s.child_under_6_care_months,
        source="county" if row is not None else "default",
        version=row.version if row is not None else 0,
    )


async def replace(*, session: AsyncSession, principal: Principal, county: str, body: CountySettingsIn) -> None:
    """Store the county's settings (its own county admin only); emits `county_settings.changed`."""
    if principal.county_scope() != county:
        raise Forbidden("a county admin sets only their own county", code="outside_jurisdiction")
    row = await session.get(CountySettingsRow, county, with_for_update=True)
    if row is None:
        row = CountySettingsRow(county=county, version=0)
        session.add(row)
    row.caseload_limit = body.caseload_limit
    row.elderly_care_months = body.elderly_care_months
    row.child_under_6_care_months = body.child_under_6_care_months
    row.version = (row.version or 0) + 1
    row.updated_by, row.updated_at = principal.sub, clock.now()
    forget_county_rules(session)
    emit(session, "county_settings.changed", {"county": county, **body.model_dump()})
