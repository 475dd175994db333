"""The public directory: no token to read, filters, near-me in distance order, open now, GeoJSON, OpenAPI."""

import pytest

from .helpers import office_hours, resource

HOME = (24.56, 120.82)
# Hand-computed great-circle distances from HOME on a sphere of R = 6371.0088 km:
#   along the meridian: R·π/180·Δφ → 0.01° = 1.111951 km, 0.03° = 3.335852 km, 0.05° = 5.559754 km, 0.2° = 22.239016 km
#   along the parallel: 2R·asin(cos 24.56° · sin(Δλ/2)) → 0.02° = 2.022697 km, 0.08° = 8.090790 km
PLACES = {
    "north-3": ((24.59, 120.82), 3.335852),
    "south-1": ((24.55, 120.82), 1.111951),
    "east-2": ((24.56, 120.84), 2.022697),
    "north-5": ((24.61, 120.82), 5.559754),
    "west-8": ((24.56, 120.74), 8.090790),
    "far-22": ((24.76, 120.82), 22.239016),
}


async def add(client, auth, county="TW-MIA", **over):
    r = await client.post(
        "/v1/resources", json=resource(county=county, **over), headers=auth("county_admin", county=county)
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


async def test_near_me_is_nearest_first_with_hand_computed_distances(client, auth):
    for name, ((lat, lon), _) in PLACES.items():
        await add(client, auth, name=name, lat=lat, lon=lon)
    r = await client.get(f"/v1/resources?near={HOME[0]},{HOME[1]}&radius_km=10")
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    expected = sorted((km, name) for name, (_, km) in PLACES.items() if km <= 10)
    assert [i["name"] for i in items] == [name for _, name in expected]  # far-22 is outside 10 km
    for item, (km, _) in zip(items, expected, strict=True):
        assert item["distance_km"] == pytest.approx(km, abs=0.001)

    # paged: the same order across pages
    first = (await client.get(f"/v1/resources?near={HOME[0]},{HOME[1]}&radius_km=30&limit=4")).json()
    rest = (
        await client.get(f"/v1/resources?near={HOME[0]},{HOME[1]}&radius_km=30&limit=4&cursor={first['next_cursor']}")
    ).json()
    assert [i["name"] for i in first["items"] + rest["items"]] == [
        n for _, n in sorted((km, n) for n, (_, km) in PLACES.items())
    ]
    assert rest["next_cursor"] is None

    # without near there is no distance
    assert all(i["distance_km"] is None for i in (await client.get("/v1/resources")).json()["items"])


async def test_filters_by_county_district_and_category(client, auth):
    await add(client, auth, name="甲", district="苗栗市", categories=["legal_aid"])
    await add(client, auth, name="乙", district="頭份市", categories=["crisis_line", "suicide_prevention"])
    await add(client, auth, county="TW-HSQ", name="丙", district="竹北市", categories=["legal_aid"])

    async def names(query):
        r = await client.get(f"/v1/resources?{query}")
        assert r.status_code == 200, r.text
        return [i["name"] for i in r.json()["items"]]

    assert sorted(await names("county=TW-MIA")) == ["乙", "甲"]
    assert await names("county=TW-MIA&district=頭份市") == ["乙"]
    assert sorted(await names("category=legal_aid")) == ["丙", "甲"]
    assert await names("category=自殺防治") == ["乙"]  # the Chinese label works too
    assert await names("county=TW-HSQ&category=crisis_line") == []
    r = await client.get("/v1/resources?category=hospital")
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")


async def test_pages_by_name_without_near(client, auth):
    for n in ("c", "a", "b"):
        await add(client, auth, name=n)
    first = (await client.get("/v1/resources?limit=2")).json()
    second = (await client.get(f"/v1/resources?limit=2&cursor={first['next_cursor']}")).json()
    assert [i["name"] for i in first["items"]] == ["a", "b"] and [i["name"] for i in second["items"]] == ["c"]


@pytest.mark.parametrize(
    "query",
    [
        "near=24.5",
        "near=abc,def",
        "near=95,121",
        "radius_km=3",
        "near=24.5,120.8&radius_km=0",
        "near=24.5,120.8&radius_km=5000",
    ],
)
async def test_bad_search_input_is_a_422(client, query):
    r = await client.get(f"/v1/resources?{query}")
    assert r.status_code == 422, r.text


# Monday 2026-11-30 10:00 in Taipei: a weekday within office hours.
@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_open_now_respects_weekly_hours_and_a_holiday_exception(client, auth, clock_at):
    holiday = office_hours() | {"exceptions": [{"date": "2026-11-30", "intervals": [], "note": "臨時休館"}]}
    evenings = {"weekly": {"mon": [{"opens": "18:00", "closes": "21:00"}]}, "exceptions": []}
    line = {
        "weekly": {
            d: [{"opens": "00:00", "closes": "24:00"}] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        }
    }
    await add(client, auth, name="office", hours=office_hours())
    await add(client, auth, name="closed-today", hours=holiday)
    await add(client, auth, name="evenings", hours=evenings)
    await add(client, auth, name="1925", hours=line, categories=["crisis_line"])
    await add(client, auth, name="no-hours", hours=None)

    async def open_now(extra=""):
        r = await client.get(f"/v1/resources?open_now=true{extra}")
        assert r.status_code == 200, r.text
        return sorted(i["name"] for i in r.json()["items"])

    assert await open_now() == ["1925", "office"]
    assert await open_now("&category=crisis_line") == ["1925"]
    assert len((await client.get("/v1/resources?open_now=false")).json()["items"]) == 5

    clock_at.at("2026-11-30T19:00:00+08:00")  # Monday evening
    assert await open_now() == ["1925", "evenings"]
    clock_at.at("2026-12-01T10:00:00+08:00")  # Tuesday: the exception was for Monday only
    assert await open_now() == ["1925", "closed-today", "office"]
    clock_at.at("2026-12-01T01:30:00+00:00")  # 09:30 Tuesday in Taipei, still 01:30 in UTC
    assert await open_now() == ["1925", "closed-today", "office"]


async def test_geojson_is_the_same_search_as_a_feature_collection(client, auth):
    for name, ((lat, lon), _) in PLACES.items():
        await add(client, auth, name=name, lat=lat, lon=lon)
    r = await client.get(f"/v1/resources.geojson?near={HOME[0]},{HOME[1]}&radius_km=4")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    assert [f["properties"]["name"] for f in fc["features"]] == ["south-1", "east-2", "north-3"]
    f = fc["features"][0]
    assert f["type"] == "Feature" and f["geometry"] == {"type": "Point", "coordinates": [120.82, 24.55]}
    assert f["properties"]["distance_km"] == pytest.approx(1.111951, abs=0.001)
    assert "lat" not in f["properties"]


async def test_anonymous_reads_work_and_anonymous_writes_are_401(client, auth):
    rid = await add(client, auth)
    assert (await client.get("/v1/resources")).status_code == 200
    assert (await client.get("/v1/resources.geojson")).status_code == 200
    assert (await client.post("/v1/resources", json=resource())).status_code == 401
    assert (
        await client.patch(f"/v1/resources/{rid}", json={"name": "x"}, headers={"If-Match": '"1"'})
    ).status_code == 401
    files = {"file": ("r.csv", "編號,名稱\n".encode(), "text/csv")}
    assert (await client.post("/v1/imports", files=files)).status_code == 401
    # no token is needed; one that is sent must be valid, as at the gateway
    assert (await client.get("/v1/resources", headers=auth("employee", county=None))).status_code == 200
    bad = await client.get("/v1/resources.geojson", headers={"Authorization": "Bearer not.a.jwt"})
    assert bad.status_code == 401 and bad.headers["content-type"] == "application/problem+json"


async def test_openapi_marks_the_public_operations_security_empty(client):
    spec = (await client.get("/openapi.json")).json()
    paths = spec["paths"]
    assert paths["/v1/resources"]["get"]["security"] == []
    assert paths["/v1/resources.geojson"]["get"]["security"] == []
    for path, method in [("/v1/resources", "post"), ("/v1/resources/{resource_id}", "patch"), ("/v1/imports", "post")]:
        assert "security" not in paths[path][method], (path, method)
        assert "401" in paths[path][method]["responses"]
