"""The public search: filters in SQL, then open-now and distance on the few rows left, paged."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from carenet_core import clock
from carenet_core.errors import RuleViolation
from carenet_core.pagination import decode_cursor, encode_cursor, keyset_after, page_of
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..directory import rules as directory_rules
from ..directory.models import Resource, ResourceCategory
from ..directory.schemas import ResourceOut, ResourcePage
from ..directory.service import view
from . import rules
from .schemas import Feature, FeatureCollection, Filters, PointGeometry

# The most rows a near/open-now search weighs in Python (a county's directory is far smaller).
MAX_CANDIDATES = 20_000


def _filtered(stmt: Select[Any], filters: Filters) -> Select[Any]:
    if filters.county is not None:
        stmt = stmt.where(Resource.county == filters.county)
    if filters.district is not None:
        stmt = stmt.where(Resource.district == filters.district)
    if filters.category is not None:
        stmt = stmt.where(
            Resource.id.in_(select(ResourceCategory.resource_id).where(ResourceCategory.category == filters.category))
        )
    if filters.near is not None and filters.radius_km is not None:
        box = rules.bounding_box(*filters.near, filters.radius_km)
        stmt = stmt.where(
            Resource.lat.between(box.min_lat, box.max_lat), Resource.lon.between(box.min_lon, box.max_lon)
        )
    return stmt


def _open_at(raw_hours: dict[str, Any] | None, at: datetime) -> bool:
    return raw_hours is not None and directory_rules.is_open(directory_rules.hours_from_stored(raw_hours), at)


def _past(key: tuple[Any, ...], position: Any) -> bool:
    if not isinstance(position, list) or len(position) != len(key):
        raise RuleViolation("the cursor is not one this service issued", code="invalid_cursor")
    try:
        return key > tuple(position)
    except TypeError:
        raise RuleViolation("the cursor is not one this service issued", code="invalid_cursor") from None


async def search(
    *, session: AsyncSession, filters: Filters, limit: int, cursor: str | None, stale_after_months: int
) -> ResourcePage:
    """A page of entries matching every filter: nearest first with `distance_km` when `near` is given, else by name."""
    if filters.near is None and not filters.open_now:
        stmt = keyset_after(_filtered(select(Resource), filters), [Resource.name, Resource.id], cursor)
        rows = list((await session.scalars(stmt.limit(limit + 1))).all())
        page = page_of(rows, limit, lambda r: [r.name, r.id])
        return ResourcePage(
            items=[view(r, stale_after_months=stale_after_months) for r in page.items], next_cursor=page.next_cursor
        )

    # Open-now and distance are judged on light tuples; only the page's rows are loaded in full.
    light = select(Resource.id, Resource.name, Resource.lat, Resource.lon, Resource.hours)
    candidates = (await session.execute(_filtered(light, filters).limit(MAX_CANDIDATES))).all()
    at = clock.now()
    position = decode_cursor(cursor)
    keyed: list[tuple[tuple[Any, ...], float | None]] = []
    for rid, name, lat, lon, hours in candidates:
        distance = None
        if filters.near is not None and filters.radius_km is not None:
            distance = rules.haversine_km(*filters.near, lat, lon)
            if distance > filters.radius_km:
                continue
        if filters.open_now and not _open_at(hours, at):
            continue
        key = (distance, rid) if distance is not None else (name, rid)
        if position is None or _past(key, position):
            keyed.append((key, distance))
    keyed.sort(key=lambda t: t[0])
    more = len(keyed) > limit
    keyed = keyed[:limit]
    ids = [key[1] for key, _ in keyed]
    loaded = {r.id: r for r in (await session.scalars(select(Resource).where(Resource.id.in_(ids)))).all()}
    return ResourcePage(
        items=[view(loaded[key[1]], stale_after_months=stale_after_months, distance_km=d) for key, d in keyed],
        next_cursor=encode_cursor(list(keyed[-1][0])) if more and keyed else None,
    )


def as_geojson(page: ResourcePage) -> FeatureCollection:
    """The page as an RFC 7946 FeatureCollection: a Point per entry, its fields as properties."""
    return FeatureCollection(features=[_feature(item) for item in page.items], next_cursor=page.next_cursor)


def _feature(item: ResourceOut) -> Feature:
    properties = item.model_dump(mode="json", exclude={"lat", "lon", "id"})
    if item.distance_km is None:
        properties.pop("distance_km")
    return Feature(id=item.id, geometry=PointGeometry(coordinates=[item.lon, item.lat]), properties=properties)
