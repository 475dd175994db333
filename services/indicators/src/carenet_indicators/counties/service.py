"""The county reference data: read by anyone signed in, edited by the ministry."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.db import get_or_404
from carenet_core.etag import check_if_match
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import County
from .schemas import CountyPatch


async def list_counties(*, session: AsyncSession) -> list[County]:
    """The 22 counties, by code."""
    return list((await session.scalars(select(County).order_by(County.code))).all())


async def get_county(*, session: AsyncSession, code: str) -> County:
    county = await get_or_404(session, County, code, detail=f"no county {code!r}", code="county_not_found")
    return county


async def edit_county(
    *, session: AsyncSession, code: str, patch: CountyPatch, principal: Principal, if_match: str | None
) -> County:
    """Apply the ministry's edit; a null field is left unchanged (412 on a stale If-Match)."""
    county = await get_county(session=session, code=code)
    if if_match is not None:  # optional as before; a stale one is 412 (core scheme)
        check_if_match(if_match, county.version)
    for k, v in patch.model_dump(exclude_unset=True, exclude_none=True).items():
        setattr(county, k, v)
    county.version += 1
    county.updated_at = clock.now()
    county.updated_by = principal.sub
    await session.flush()
    return county
