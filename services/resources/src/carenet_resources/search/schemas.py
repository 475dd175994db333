"""Search filters and the GeoJSON shape of the public directory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field


@dataclass(frozen=True)
class Filters:
    """What a search asks for (already parsed: `near` as a point, `radius_km` in km)."""

    county: str | None = None
    district: str | None = None
    category: str | None = None
    open_now: bool = False
    near: tuple[float, float] | None = None
    radius_km: float | None = None


class PointGeometry(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(min_length=2, max_length=2, description="[lon, lat], WGS84 (RFC 7946)")


class Feature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: PointGeometry
    properties: dict[str, Any] = Field(description="the entry's fields (as in the list), without lat/lon")


class FeatureCollection(BaseModel):
    """RFC 7946 FeatureCollection of the same entries the list gives, in the same order."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Feature]
    next_cursor: str | None = Field(None, description="the next page's cursor (a foreign member)")


class GeoJSONResponse(JSONResponse):
    media_type = "application/geo+json"
