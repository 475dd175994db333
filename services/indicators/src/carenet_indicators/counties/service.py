"""The county reference data: read by anyone signed in, edited by the ministry."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import NotFound, PreconditionFailed
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import County
from .schemas import CountyPatch


async def list_counties(*, session: AsyncSession) -> list[County]:
    """The 22 counties, by code."""
    return list((await session.scalars(select(County).order_by(County.code))).all())


async def get_county(*, session: AsyncSession, code: str) -> County:
    county = await session.get(County, code)
    if county is None:
        raise NotFound(f"no county {code!r}", code="county_not_found")
    return county


def etag(county: County) -> str:
    return f'"{county.code}.{county.version}"'


async def edit_county(
    *, session: AsyncSession, code: str, patch: CountyPatch, principal: Principal, if_match: str | None
) -> County:
    """Apply the ministry's edit (412 on a stale If-Match)."""
    county = await get_county(session=session, code=code)
    if if_match is not None and if_match.strip() not in (etag(county), "*"):
        raise PreconditionFailed("the county changed since you read it", code="etag_mismatch", etag=etag(county))
    for k, v in patch.model_dump(exclude_unset=True).items():
        setattr(county, k, v)
    county.version += 1
    county.updated_at = clock.now()
    county.updated_by = principal.sub
    await session.flush()
    return county
