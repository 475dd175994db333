"""The contract's indicators rows: definitions, counties, facts, scorecards (own county unless ministry), exports."""

import io

import pytest
from openpyxl import load_workbook

COMPUTED = {
    "discharge_plan_upload_14d",
    "discharge_first_visit_14d",
    "avg_visits_per_psychiatric_case",
    "psychiatric_visit_audit_rate",
    "suicide_visit_audit_rate",
    "service_coverage",
    "case_management_meetings",
}


async def test_definitions_catalogue(client, auth):
    r = await client.get("/v1/definitions", headers=auth("case_worker"))
    assert r.status_code == 200
    defs = {d["code"]: d for d in r.json()["items"]}
    assert COMPUTED <= {c for c, d in defs.items() if d["source"] == "case_mgmt"}
    assert len(defs) >= 36
    for d in defs.values():
        assert {"code", "title", "area", "formula", "unit", "period", "direction", "targets"} <= d.keys()
    lectures = defs["addiction_lectures"]["targets"]["by_county"]
    # seed 001: 5 (six municipalities), 4 (ten counties), 3 (Keelung, Hsinchu City, Chiayi City), 2 (islands)
    by_n: dict[int, set[str]] = {}
    for county, n in lectures.items():
        by_n.setdefault(int(n), set()).add(county)
    assert by_n == {
        5: {"TW-TPE", "TW-NWT", "TW-TAO", "TW-TXG", "TW-TNN", "TW-KHH"},
        4: {"TW-ILA", "TW-HSQ", "TW-MIA", "TW-CHA", "TW-NAN", "TW-YUN", "TW-CYQ", "TW-PIF", "TW-HUA", "TW-TTT"},
        3: {"TW-KEE", "TW-HSZ", "TW-CYI"},
        2: {"TW-PEN", "TW-KIN", "TW-LIE"},
    }
    centres = defs["community_mental_health_centres"]["targets"]["by_county"]
    assert (centres["TW-CYI"], centres["TW-KEE"], centres["TW-ILA"], centres["TW-LIE"]) == (1, 1, 2, 1)
    assert defs["alcohol_cross_discipline_training"]["targets"]["by_county"]["TW-KIN"] == 1
    assert defs["alcohol_cross_discipline_training"]["targets"]["by_county"]["TW-MIA"] == 2
    assert (await client.get("/v1/definitions")).status_code == 401


async def test_counties_reference_data(client, auth):
    r = await client.get("/v1/counties", headers=auth("employee", county=None))
    counties = {c["code"]: c for c in r.json()["items"]}
    assert len(counties) == 22
    mia = counties["TW-MIA"]
    assert (
        mia["name"],
        mia["financial_class"],
        mia["subsidy_rate"],
        mia["districts"],
        mia["is_municipality"],
        mia["staff_total"],
    ) == ("苗栗縣", 5, 80.0, 18, False, 13)
    assert counties["TW-NWT"]["is_municipality"] and counties["TW-NWT"]["subsidy_rate"] == 65.0
    assert sum(c["visitor_posts"] or 0 for c in counties.values()) == 211  # seed 001 總計
    assert sum(c["staff_total"] or 0 for c in counties.values()) == 353
    assert {c for c, v in counties.items() if v["is_island"]} == {"TW-PEN", "TW-KIN", "TW-LIE"}
    assert sum(c["districts"] for c in counties.values()) == 368


async def test_ministry_edits_a_county(client, auth):
    r = await client.get("/v1/counties/TW-MIA", headers=auth("ministry", county=None))
    etag = r.headers["ETag"]
    r = await client.patch(
        "/v1/counties/TW-MIA",
        json={"financial_class": 4, "subsidy_rate": 75},
        headers=auth("county_admin", county="TW-MIA"),
    )
    assert r.status_code == 403
    r = await client.patch(
        "/v1/counties/TW-MIA",
        json={"financial_class": 4, "subsidy_rate": 75},
        headers={**auth("ministry", county=None), "If-Match": etag},
    )
    assert r.status_code == 200 and r.json()["financial_class"] == 4
    r = await client.patch(
        "/v1/counties/TW-MIA", json={"districts": 19}, headers={**auth("ministry", county=None), "If-Match": etag}
    )
    assert r.status_code == 412
    r = await client.get("/v1/scorecards/TW-MIA?period=2026", headers=auth("ministry", county=None))
    assert next(i for i in r.json()["items"] if i["code"] == "matching_funds_rate")["target"] == 25


async def test_a_null_in_a_county_edit_leaves_the_field_unchanged(client, auth):
    """Found by fuzzing: `{"name": null}` reached the NOT NULL column as a 409; null means "unchanged"."""
    ministry = auth("ministry", county=None)
    before = (await client.get("/v1/counties/TW-KIN", headers=ministry)).json()
    r = await client.patch(
        "/v1/counties/TW-KIN", json={"name": None, "subsidy_rate": None, "is_island": True}, headers=ministry
    )
    assert r.status_code == 200, r.text
    assert r.json()["name"] == before["name"] and r.json()["subsidy_rate"] == before["subsidy_rate"]


async def test_scorecard_jurisdiction(client, auth):
    for role in ("county_admin", "supervisor"):
        own = await client.get("/v1/scorecards/TW-MIA?period=2026", headers=auth(role, county="TW-MIA"))
        assert own.status_code == 200
        other = await client.get("/v1/scorecards/TW-HSZ?period=2026", headers=auth(role, county="TW-MIA"))
        assert other.status_code == 404
        export = await client.get("/v1/scorecards/TW-HSZ/export?period=2026&format=csv", headers=auth(role))
        assert export.status_code == 404
        mine = await client.get("/v1/scorecards?period=2026", headers=auth(role, county="TW-MIA"))
        assert [c["county"] for c in mine.json()["items"]] == ["TW-MIA"]
    for code in ("TW-HSZ", "TW-KIN", "TW-TPE"):
        r = await client.get(f"/v1/scorecards/{code}?period=2026-Q2", headers=auth("ministry", county=None))
        assert r.status_code == 200 and r.json()["county"] == code and r.json()["period"] == "2026-Q2"
    assert (await client.get("/v1/scorecards/TW-MIA?period=2026", headers=auth("case_worker"))).status_code == 403
    assert (await client.get("/v1/scorecards/TW-MIA?period=2026")).status_code == 401
    r = await client.get("/v1/scorecards/TW-XXX?period=2026", headers=auth("ministry", county=None))
    assert r.status_code == 404
    for bad in ("2026-Q5", "26", "2026-1"):
        r = await client.get(f"/v1/scorecards/TW-MIA?period={bad}", headers=auth("ministry", county=None))
        assert r.status_code == 422, bad
    r = await client.get("/v1/scorecards/TW-MIA", headers=auth("ministry", county=None))
    assert r.status_code == 422


async def test_scorecard_shape(client, auth):
    r = await client.get("/v1/scorecards/TW-MIA?period=2026", headers=auth("county_admin", county="TW-MIA"))
    card = r.json()
    assert {"county", "period", "items", "met_count", "total"} <= card.keys()
    for i in card["items"]:
        assert {
            "code",
            "value",
            "numerator",
            "denominator",
            "target",
            "met",
            "as_of",
            "definition_version",
            "fact_ids",
        } <= i.keys()
    assert card["total"] == sum(1 for i in card["items"] if i["target"] is not None and not i["informational"])
    assert COMPUTED <= {i["code"] for i in card["items"]}


@pytest.mark.now("2027-01-01T07:30:00+08:00")
async def test_exports(client, auth):
    admin = auth("county_admin", county="TW-MIA")
    await client.post(
        "/v1/facts",
        headers=admin,
        json={"county": "TW-MIA", "period": "2026", "code": "innovative_services", "value": 2, "evidence": "x"},
    )
    r = await client.get("/v1/scorecards/TW-MIA/export?period=2026&format=csv", headers=admin)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")
    lines = r.content.decode("utf-8-sig").splitlines()
    # ROC (民國) dates beside ISO: the period's bounds and the day the fact was last edited (Taipei)
    assert lines[0].startswith(
        "縣市代碼,縣市,期間,期間起日,期間起日（民國）,期間迄日,期間迄日（民國）,指標代碼,指標名稱"
    )
    assert "資料時間,資料日期（民國）" in lines[0]
    row = next(line for line in lines if ",innovative_services," in line)
    assert row.startswith(
        "TW-MIA,苗栗縣,2026,2026-01-01,115/01/01,2026-12-31,115/12/31,innovative_services,具特色或創新服務項目數"
    )
    assert ",是," in row and "2027-01-01T07:30:00+08:00,116/01/01," in row
    r = await client.get("/v1/scorecards/TW-MIA/export?period=2026&format=xlsx", headers=admin)
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["苗栗縣 2026", "指標定義"]
    ws = wb["苗栗縣 2026"]
    assert ws.cell(1, 1).value == "縣市代碼" and ws.cell(1, 9).value == "指標名稱"
    assert (ws.cell(2, 4).value, ws.cell(2, 5).value) == ("2026-01-01", "115/01/01")
    assert wb["指標定義"].cell(1, 3).value == "指標名稱" and wb["指標定義"].max_row >= 37
    r = await client.get("/v1/scorecards/TW-MIA/export?period=2026&format=pdf", headers=admin)
    assert r.status_code == 422
    r = await client.get("/v1/scorecards/export?period=2026-Q1&format=xlsx", headers=auth("ministry", county=None))
    wb = load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[0] == "總覽" and len(wb.sheetnames) == 24 and wb.sheetnames[-1] == "指標定義"


async def test_definition_versions_keep_old_scores(client, auth):
    ministry = auth("ministry", county=None)
    await client.post(
        "/v1/facts",
        headers=ministry,
        json={"county": "TW-MIA", "period": "2026", "code": "innovative_services", "value": 4, "evidence": "x"},
    )
    await client.post(
        "/v1/facts",
        headers=ministry,
        json={"county": "TW-MIA", "period": "2027", "code": "innovative_services", "value": 4, "evidence": "x"},
    )
    r = await client.post(
        "/v1/definitions/innovative_services/versions",
        headers=auth("county_admin"),
        json={"targets": {"kind": "at_least", "value": 6}, "effective_from": 2027},
    )
    assert r.status_code == 403
    r = await client.post(
        "/v1/definitions/innovative_services/versions",
        headers=ministry,
        json={"targets": {"kind": "at_least"}, "effective_from": 2027},
    )
    assert r.status_code == 422 and r.json()["code"] == "invalid_target_rule"
    r = await client.post(
        "/v1/definitions/innovative_services/versions",
        headers=ministry,
        json={"targets": {"kind": "at_least", "value": 6}, "effective_from": 2027},
    )
    assert r.status_code == 201 and r.json()["version"] == 2

    def innov(card):
        return next(i for i in card["items"] if i["code"] == "innovative_services")

    old = innov((await client.get("/v1/scorecards/TW-MIA?period=2026", headers=ministry)).json())
    new = innov((await client.get("/v1/scorecards/TW-MIA?period=2027", headers=ministry)).json())
    assert (old["definition_version"], old["target"], old["met"]) == (1, 1, True)
    assert (new["definition_version"], new["target"], new["met"]) == (2, 6, False)
    r = await client.get("/v1/definitions/innovative_services", headers=ministry)
    assert [v["version"] for v in r.json()["items"]] == [1, 2]
    r = await client.get("/v1/definitions?year=2026", headers=ministry)
    assert next(d for d in r.json()["items"] if d["code"] == "innovative_services")["version"] == 1


async def test_openapi_describes_every_route(app):
    spec = app.openapi()
    for path in (
        "/v1/definitions",
        "/v1/counties",
        "/v1/facts",
        "/v1/scorecards/{county}",
        "/v1/scorecards/{county}/export",
        "/v1/scorecards",
        "/v1/scorecards/{county}/items/{code}",
    ):
        assert path in spec["paths"], path


async def test_a_field_sent_as_null_leaves_it_unchanged(client, auth):
    # found by schemathesis: "formula": null reached the rule check as None and failed as a 500
    r = await client.post(
        "/v1/definitions/suicide_case_management_meetings/versions",
        headers=auth("ministry", county=None),
        json={"formula": None, "note": "wording", "effective_from": 2027},
    )
    assert r.status_code == 201, r.text
    assert r.json()["formula"]["kind"] == "count"
