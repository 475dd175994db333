"""Near a point: the great-circle distance against hand computation, and the box that must hold the circle."""

import math

import pytest
from carenet_resources.search import rules

R = 6371.0088


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        # along a meridian the distance is R·Δφ: 0.01° = 6371.0088 × π/180 × 0.01 = 1.111950 km
        ((24.0, 121.0), (24.01, 121.0), 1.111950),
        ((24.0, 121.0), (24.1, 121.0), 11.119508),
        ((24.0, 121.0), (23.0, 121.0), 111.195080),
        # along the equator the same: 1° of longitude = 111.195080 km
        ((0.0, 120.0), (0.0, 121.0), 111.195080),
        # at 60° N a degree of longitude: 2R·asin(cos 60° · sin 0.5°) = 55.597 km (not R·cos60°·Δλ = 55.5975 exactly)
        ((60.0, 10.0), (60.0, 11.0), 2 * R * math.asin(math.cos(math.radians(60)) * math.sin(math.radians(0.5)))),
        ((24.0, 121.0), (24.0, 121.0), 0.0),
    ],
)
def test_haversine_matches_hand_computation(a, b, km):
    assert rules.haversine_km(*a, *b) == pytest.approx(km, abs=1e-6)
    assert rules.haversine_km(*b, *a) == pytest.approx(km, abs=1e-6)


def test_the_box_holds_every_point_of_the_circle():
    lat, lon, radius = 24.56, 120.82, 10.0
    box = rules.bounding_box(lat, lon, radius)
    for bearing in range(0, 360, 5):
        # a point `radius` km away on each bearing (spherical destination formula)
        d, th, p1, l1 = radius / R, math.radians(bearing), math.radians(lat), math.radians(lon)
        p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(th))
        l2 = l1 + math.atan2(math.sin(th) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
        plat, plon = math.degrees(p2), math.degrees(l2)
        assert rules.haversine_km(lat, lon, plat, plon) == pytest.approx(radius, abs=1e-6)
        assert box.min_lat <= plat <= box.max_lat and box.min_lon <= plon <= box.max_lon, bearing


@pytest.mark.parametrize("text", ["24.5", "24.5,121,3", "north,east", "91,121", "24,181", "nan,121"])
def test_near_must_be_a_wgs84_point(text):
    with pytest.raises(ValueError):
        rules.parse_point(text)


def test_near_parses_lat_then_lon():
    assert rules.parse_point("24.5602, 120.8214") == (24.5602, 120.8214)
