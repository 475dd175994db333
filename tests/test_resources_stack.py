"""The public resource directory through the gateway on real processes: a Big5/TWD97 import, near-me in
distance order, open now, anonymous reads and refused anonymous writes, county scoping, merged OpenAPI."""

from __future__ import annotations

import math

import pytest

R = 6371.0088
KM_PER_DEGREE = R * math.pi / 180  # 111.195080 km per degree along a meridian


def meridian_arc(lat_deg: float) -> float:
    """GRS80 meridian arc from the equator (m): on TM2's central meridian Y = 0.9999 × this, X = 250 000."""
    a, f = 6378137.0, 1 / 298.257222101
    e2 = f * (2 - f)
    e4, e6, p = e2 * e2, e2**3, math.radians(lat_deg)
    return a * (
        (1 - e2 / 4 - 3 * e4 / 64 - 5 * e6 / 256) * p
        - (3 * e2 / 8 + 3 * e4 / 32 + 45 * e6 / 1024) * math.sin(2 * p)
        + (15 * e4 / 256 + 45 * e6 / 1024) * math.sin(4 * p)
        - (35 * e6 / 3072) * math.sin(6 * p)
    )


def big5_csv(rows: list[tuple[str, str, float, str]]) -> bytes:
    lines = ["編號,機構名稱,鄉鎮市區,地址,服務類別,TWD97X,TWD97Y,服務時間"]
    for source_id, name, lat, category in rows:
        lines.append(f"{source_id},{name},苗栗市,苗栗縣苗栗市,{category},250000,{0.9999 * meridian_arc(lat):.3f},24h")
    return ("\n".join(lines) + "\n").encode("big5")


@pytest.fixture(scope="module")
def imported(gw, login):
    """Four lines on 121°E at 24.50, 24.52, 24.55 and 24.60°N, plus one bad row, imported by Miaoli's admin."""
    admin = login("county_admin", county="TW-MIA", sub="mia-admin")
    rows = [
        ("STK-3", "生命線甲", 24.55, "專線"),
        ("STK-1", "生命線乙", 24.50, "專線"),
        ("STK-X", "壞資料", 24.51, "不是類別"),
        ("STK-4", "生命線丙", 24.60, "自殺防治"),
        ("STK-2", "生命線丁", 24.52, "專線"),
    ]
    r = gw.post("/resources/v1/imports", files={"file": ("miaoli.csv", big5_csv(rows), "text/csv")}, headers=admin)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_big5_file_with_twd97_coordinates_imports_and_the_bad_row_is_rejected_alone(imported):
    assert imported["accepted"] == 4
    assert [x["index"] for x in imported["rejected"]] == [3]
    assert "不是類別" in imported["rejected"][0]["reason"]


def test_near_me_without_a_token_is_in_hand_computed_distance_order(gw, imported):
    r = gw.get("/resources/v1/resources", params={"near": "24.49,121.0", "radius_km": 8, "county": "TW-MIA"})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    # along the meridian: (lat − 24.49) × 111.195080 km → 1.112, 3.336, 6.672; 24.60 is 12.231 km away (outside 8)
    assert [i["name"] for i in items] == ["生命線乙", "生命線丁", "生命線甲"]
    assert [i["distance_km"] for i in items] == pytest.approx([1.112, 3.336, 6.672], abs=0.002)
    geo = gw.get("/resources/v1/resources.geojson", params={"near": "24.49,121.0", "radius_km": 8})
    assert geo.status_code == 200 and geo.headers["content-type"].startswith("application/geo+json")
    assert [f["properties"]["name"] for f in geo.json()["features"]][:3] == ["生命線乙", "生命線丁", "生命線甲"]


def test_open_now_without_a_token(gw, imported):
    r = gw.get("/resources/v1/resources", params={"open_now": "true", "county": "TW-MIA", "category": "crisis_line"})
    assert r.status_code == 200
    assert {i["source_id"] for i in r.json()["items"]} >= {"STK-1", "STK-2", "STK-3"}  # 24h lines


def test_anonymous_writes_are_401_and_another_countys_admin_gets_404(gw, login, imported):
    items = gw.get("/resources/v1/resources", params={"county": "TW-MIA"}).json()["items"]
    target = next(i for i in items if i["source_id"] == "STK-1")
    assert gw.post("/resources/v1/resources", json={"name": "x"}).status_code == 401
    assert gw.patch(f"/resources/v1/resources/{target['id']}", json={"name": "x"}).status_code == 401
    assert gw.post("/resources/v1/imports", files={"file": ("a.csv", b"a", "text/csv")}).status_code == 401

    other = login("county_admin", county="TW-TPE", sub="tpe-admin")
    r = gw.patch(f"/resources/v1/resources/{target['id']}", json={"name": "改名"}, headers={**other, "If-Match": '"1"'})
    assert r.status_code == 404

    own = login("county_admin", county="TW-MIA", sub="mia-admin")
    body = {
        "name": "新增據點",
        "county": "TW-MIA",
        "district": "苗栗市",
        "categories": ["legal_aid"],
        "address": "苗栗縣苗栗市",
        "lat": 24.56,
        "lon": 120.82,
    }
    created = gw.post("/resources/v1/resources", json=body, headers=own)
    assert created.status_code == 201, created.text
    # the Location is a gateway path: a client follows it through the gateway
    assert created.headers["Location"] == f"/resources/v1/resources/{created.json()['id']}"
    assert gw.get(created.headers["Location"], headers=own).status_code == 200
    etag = gw.get(f"/resources/v1/resources/{target['id']}", headers=own).headers["ETag"]
    r = gw.patch(f"/resources/v1/resources/{target['id']}", json={"phone": "1995"}, headers={**own, "If-Match": etag})
    assert r.status_code == 200 and r.json()["phone"] == "1995"


def test_the_merged_openapi_marks_the_public_operations_security_empty(gw):
    spec = gw.get("/openapi.json").json()
    assert spec["paths"]["/resources/v1/resources"]["get"]["security"] == []
    assert spec["paths"]["/resources/v1/resources.geojson"]["get"]["security"] == []
    assert "security" not in spec["paths"]["/resources/v1/resources"]["post"]  # the global bearerAuth applies
    assert spec["security"] == [{"bearerAuth": []}]


def test_a_case_workers_referral_names_a_directory_resource_by_id(gw, login, imported):
    """Issue 19: case-mgmt's referrals name resources by id, checked against the directory over HTTP
    through the gateway with the case worker's own token; an id the directory does not know is 422."""
    import random
    import uuid

    from carenet_core import clock

    from tests.twid import national_id

    resource = next(
        i
        for i in gw.get("/resources/v1/resources", params={"county": "TW-MIA"}).json()["items"]
        if i["source_id"] == "STK-1"
    )
    worker = login("case_worker", county="TW-MIA", district="頭份市", sub="ref-cw-1")
    intake = {
        "national_id": national_id(random.Random(19)),
        "name": "轉介測試",
        "birth_date": "1970-01-02",
        "sex": "F",
        "county": "TW-MIA",
        "district": "頭份市",
        "kinds": ["suicide_attempt"],
        "source": "community",
        "intake_date": clock.today().isoformat(),
    }
    case = gw.post("/case-mgmt/v1/cases", json=intake, headers=worker)
    assert case.status_code == 201, case.text
    url = f"/case-mgmt/v1/cases/{case.json()['id']}/referrals"
    body = {"id": str(uuid.uuid4()), "resource_id": resource["id"], "reason": "心理諮商"}
    r = gw.post(url, json=body, headers=worker)
    assert r.status_code == 201, r.text
    got = r.json()
    assert got["resource_checked"] is True
    assert (got["resource_name"], got["resource_county"], got["resource_categories"]) == (
        resource["name"],
        "TW-MIA",
        resource["categories"],
    )
    r = gw.post(url, json={**body, "id": str(uuid.uuid4()), "resource_id": str(uuid.uuid4())}, headers=worker)
    assert r.status_code == 422 and r.json()["code"] == "unknown_resource", r.text
    listed = gw.get(url, headers=worker).json()["items"]
    assert [i["resource_id"] for i in listed] == [resource["id"]]  # the refused one wrote nothing
