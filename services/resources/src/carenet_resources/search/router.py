"""HTTP of the public directory: search and the map's GeoJSON, without a token (`security: []`)."""

from __future__ import annotations

from typing import Annotated, Any

from carenet_core.auth import Principal, optional_principal
from carenet_core.db import SessionDep
from carenet_core.errors import RuleViolation, problems
from carenet_core.pagination import Cursor, Limit
from fastapi import APIRouter, Depends, Query, Request

from ..directory.schemas import CategoryCode, ResourcePage
from . import rules, service
from .schemas import FeatureCollection, Filters, GeoJSONResponse

router = APIRouter(prefix="/v1", tags=["directory"])
PUBLIC: dict[str, Any] = {"security": []}


def _public_problems() -> dict[int | str, dict[str, Any]]:
    return problems(422)  # 401 only for a token that is sent and invalid


def filters(
    request: Request,
    county: Annotated[str | None, Query(pattern=r"^TW-[A-Z]{3}$", examples=["TW-MIA"])] = None,
    district: Annotated[str | None, Query(min_length=1, max_length=40)] = None,
    category: Annotated[CategoryCode | None, Query()] = None,
    open_now: Annotated[bool, Query(description="only entries open at this moment (Asia/Taipei)")] = False,
    near: Annotated[str | None, Query(max_length=60, description="LAT,LON in WGS84", examples=["24.68,120.88"])] = None,
    radius_km: Annotated[float | None, Query(gt=0, description="with `near`; default 5")] = None,
) -> Filters:
    settings = request.app.state.settings
    point = None
    if near is not None:
        try:
            point = rules.parse_point(near)
        except ValueError as exc:
            raise RuleViolation(str(exc), code="invalid_near") from None
        radius_km = settings.default_radius_km if radius_km is None else radius_km
        if radius_km > settings.max_radius_km:
            raise RuleViolation(f"radius_km is at most {settings.max_radius_km}", code="radius_too_large")
    elif radius_km is not None:
        raise RuleViolation("radius_km needs near=LAT,LON", code="near_required")
    return Filters(
        county=county, district=district, category=category, open_now=open_now, near=point, radius_km=radius_km
    )


SearchFilters = Annotated[Filters, Depends(filters)]
# No token needed; one that is sent must still be valid (401 otherwise), as at the gateway.
Anyone = Annotated[Principal | None, Depends(optional_principal)]


@router.get("/resources", response_model=ResourcePage, responses=_public_problems(), openapi_extra=PUBLIC)
async def search_resources(
    request: Request, session: SessionDep, f: SearchFilters, _: Anyone, limit: Limit = 50, cursor: Cursor = None
) -> ResourcePage:
    """The public directory (no token): by county, district, category, open now; near a point nearest first."""
    return await service.search(
        session=session,
        filters=f,
        limit=limit,
        cursor=cursor,
        stale_after_months=request.app.state.settings.stale_after_months,
    )


@router.get(
    "/resources.geojson",
    response_model=FeatureCollection,
    response_class=GeoJSONResponse,
    responses=_public_problems(),
    openapi_extra=PUBLIC,
)
async def resources_geojson(
    request: Request, session: SessionDep, f: SearchFilters, _: Anyone, limit: Limit = 500, cursor: Cursor = None
) -> FeatureCollection:
    """The same search as a GeoJSON FeatureCollection for maps (no token)."""
    page = await service.search(
        session=session,
        filters=f,
        limit=limit,
        cursor=cursor,
        stale_after_months=request.app.state.settings.stale_after_months,
    )
    return service.as_geojson(page)
