"""Importing a county's open-data CSV: Big5 with TWD97 coordinates, row-by-row reasons, idempotent by source id."""

import pytest

from .test_import_rules import meridian_arc

HEADER = "編號,機構名稱,鄉鎮市區,地址,電話,服務類別,TWD97X,TWD97Y,服務時間,服務語言,費用,服務對象,更新日期\n"
Y24 = 0.9999 * meridian_arc(24.56)  # on the central meridian: X = 250 000, Y = 0.9999 × the arc to 24.56°N


def big5_csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode("big5")


ROWS = [
    f"MIA-001,苗栗縣社區心理衛生中心,苗栗市,苗栗縣苗栗市府前路1號,037-558000,社區心理衛生中心、心理諮商,250000,{Y24:.3f},mon-fri 08:00-17:00,zh-TW;nan;hak,免費,本縣居民,115/11/01",
    # a bad row: its category is not one of the list
    f"MIA-002,某某醫院,頭份市,苗栗縣頭份市中正路2號,037-000000,醫院,251000,{Y24:.3f},,zh-TW,,,115/11/01",
    f"MIA-003,苗栗縣生命線,頭份市,苗栗縣頭份市信義路3號,037-592000,專線;自殺防治,252000,{Y24 + 1000:.3f},24h,zh-TW,免費,,115/10/15",
]


def upload(data: bytes, name: str = "miaoli-resources.csv"):
    return {"file": (name, data, "text/csv")}


@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_a_big5_file_with_twd97_coordinates_imports_and_a_bad_row_is_rejected_alone(client, auth):
    admin = auth("county_admin", county="TW-MIA", sub="admin-mia")
    r = await client.post("/v1/imports", files=upload(big5_csv(*ROWS)), headers=admin)
    assert r.status_code == 200, r.text
    result = r.json()
    assert (result["accepted"], result["updated"], result["unchanged"]) == (2, 0, 0)
    assert len(result["rejected"]) == 1
    assert result["rejected"][0]["index"] == 2
    assert "醫院" in result["rejected"][0]["reason"] and "categories" in result["rejected"][0]["reason"]

    items = {i["source_id"]: i for i in (await client.get("/v1/resources?county=TW-MIA")).json()["items"]}
    assert set(items) == {"MIA-001", "MIA-003"}
    centre = items["MIA-001"]
    # X = 250 000 is the central meridian 121°E; Y gives back 24.56°N
    assert centre["lon"] == pytest.approx(121.0, abs=1e-8) and centre["lat"] == pytest.approx(24.56, abs=1e-7)
    assert centre["name"] == "苗栗縣社區心理衛生中心"
    assert centre["categories"] == ["community_mental_health_centre", "psychological_counselling"]
    assert centre["languages"] == ["zh-TW", "nan", "hak"]
    assert centre["last_checked_on"] == "2026-11-01"
    assert centre["source"] == "csv:miaoli-resources.csv"
    assert centre["hours"]["weekly"]["mon"] == [{"opens": "08:00", "closes": "17:00"}]
    assert "sat" not in centre["hours"]["weekly"]
    line = items["MIA-003"]
    assert line["lon"] > 121.0 and set(line["categories"]) == {"crisis_line", "suicide_prevention"}
    assert line["hours"]["weekly"]["sun"] == [{"opens": "00:00", "closes": "24:00"}]


@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_importing_again_is_idempotent_by_source_id_and_updates_what_changed(client, auth):
    admin = auth("county_admin", county="TW-MIA")
    first = (await client.post("/v1/imports", files=upload(big5_csv(ROWS[0], ROWS[2])), headers=admin)).json()
    assert (first["accepted"], first["updated"], first["unchanged"], first["rejected"]) == (2, 0, 0, [])
    again = (await client.post("/v1/imports", files=upload(big5_csv(ROWS[0], ROWS[2])), headers=admin)).json()
    assert (again["accepted"], again["updated"], again["unchanged"], again["rejected"]) == (0, 0, 2, [])
    items = (await client.get("/v1/resources?county=TW-MIA")).json()["items"]
    assert len(items) == 2 and {i["version"] for i in items} == {1}

    # a dated exception edited in the directory survives the next import of weekly hours
    centre = next(i for i in items if i["source_id"] == "MIA-001")
    hours = centre["hours"] | {"exceptions": [{"date": "2027-01-01", "intervals": [], "note": "元旦"}]}
    r = await client.patch(f"/v1/resources/{centre['id']}", json={"hours": hours}, headers={**admin, "If-Match": '"1"'})
    assert r.status_code == 200, r.text

    changed = ROWS[0].replace("037-558000", "037-559999")
    third = (await client.post("/v1/imports", files=upload(big5_csv(changed, ROWS[2])), headers=admin)).json()
    assert (third["accepted"], third["updated"], third["unchanged"]) == (0, 1, 1)
    got = (await client.get(f"/v1/resources/{centre['id']}", headers=admin)).json()
    assert got["phone"] == "037-559999" and got["version"] == 3
    assert got["hours"]["exceptions"] == [{"date": "2027-01-01", "intervals": [], "note": "元旦"}]
    history = (await client.get(f"/v1/resources/{centre['id']}/history", headers=admin)).json()["items"]
    assert [(h["version"], h["via"]) for h in history] == [(1, "import"), (2, "edit"), (3, "import")]
    assert history[2]["changes"] == {"phone": ["037-558000", "037-559999"]}


@pytest.mark.now("2026-11-30T10:00:00+08:00")
async def test_utf8_with_wgs84_and_every_kind_of_bad_row(client, auth):
    header = "source_id,name,district,address,categories,lat,lon,hours,last_checked_on\n"
    rows = [
        "W1,甲,苗栗市,地址1,legal_aid,24.56,120.82,,2026-11-01",  # fine
        "W2,乙,苗栗市,地址2,legal_aid,,,,",  # no coordinates
        ",丙,苗栗市,地址3,legal_aid,24.5,120.8,,",  # no source id
        "W1,丁,苗栗市,地址4,legal_aid,24.5,120.8,,",  # the same source id again
        "W5,戊,苗栗市,地址5,legal_aid,24.5,120.8,週一到週五,",  # hours that cannot be read
        "W6,己,苗栗市,地址6,legal_aid,24.5,120.8,,2026-12-25",  # checked in the future
        "W7,,苗栗市,地址7,legal_aid,24.5,120.8,,",  # no name
        "W8,庚,苗栗市,地址8,legal_aid,24.5,120.8,,115/02/30",  # no such day
    ]
    data = ("\ufeff" + header + "\n".join(rows) + "\n").encode("utf-8")
    r = await client.post("/v1/imports", files=upload(data), headers=auth("county_admin", county="TW-MIA"))
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["accepted"] == 1
    reasons = {x["index"]: x["reason"] for x in result["rejected"]}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8]
    assert "no coordinates" in reasons[2]
    assert "no source id" in reasons[3]
    assert "row 1" in reasons[4]
    assert "hours" in reasons[5]
    assert "future" in reasons[6]
    assert "name" in reasons[7]
    assert "date" in reasons[8]


async def test_a_file_that_cannot_be_read_changes_nothing(client, auth):
    admin = auth("county_admin", county="TW-MIA")
    r = await client.post("/v1/imports", files=upload("名稱,地址\n甲,乙\n".encode()), headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "unreadable_file"
    r = await client.post("/v1/imports", files=upload(b"\xff\xfe\x00\x81\x00"), headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "unreadable_file"
    assert (await client.get("/v1/resources")).json()["items"] == []


async def test_imports_go_to_the_admins_own_county_only(client, auth):
    r = await client.post(
        "/v1/imports",
        files=upload(big5_csv(ROWS[0])),
        data={"county": "TW-TPE"},
        headers=auth("county_admin", county="TW-MIA"),
    )
    assert r.status_code == 403
    r = await client.post("/v1/imports", files=upload(big5_csv(ROWS[0])), headers=auth("case_worker", county="TW-MIA"))
    assert r.status_code == 403
    assert (await client.get("/v1/resources")).json()["items"] == []
