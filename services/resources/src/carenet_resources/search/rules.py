"""Near a point: a bounding box an index can answer, then the great-circle (haversine) distance.

seed 003 (003_e6e7c48df29a34f9.txt) 「心理健康促進網絡地圖」 and seed 004 (004_ec6d084863020ccc.txt)
「照顧資源電子地圖」: the map asks "what is near me". A county holds hundreds to a few thousand places, so a
box on the indexed `lat`/`lon` columns narrows the rows and the exact distance is computed on those few —
no spatial extension needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # the IUGG mean radius
PAD_DEGREES = 1e-7  # about 1 cm


@dataclass(frozen=True)
class Box:
    """A latitude/longitude box (degrees, WGS84)."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float


def parse_point(text: str) -> tuple[float, float]:
    """`LAT,LON` in WGS84 degrees; ValueError when it is not one."""
    parts = text.split(",")
    if len(parts) != 2:
        raise ValueError("near must be LAT,LON")
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError("near must be LAT,LON in decimal degrees") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise ValueError("near is outside WGS84 (lat −90…90, lon −180…180)")
    return lat, lon


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in km between two WGS84 points on a sphere of the mean Earth radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> Box:
    """A box that holds every point within `radius_km` of (lat, lon): the circle's exact latitude and
    longitude extent on the sphere, padded by a hair against rounding."""
    d = radius_km / EARTH_RADIUS_KM  # angular radius
    dlat = math.degrees(d) + PAD_DEGREES
    ratio = math.sin(d) / max(math.cos(math.radians(lat)), 1e-12)
    # Near a pole (or for a circle that reaches it) every longitude can be within reach.
    dlon = 180.0 if ratio >= 1 else min(180.0, math.degrees(math.asin(ratio)) + PAD_DEGREES)
    return Box(max(-90.0, lat - dlat), min(90.0, lat + dlat), max(-180.0, lon - dlon), min(180.0, lon + dlon))
