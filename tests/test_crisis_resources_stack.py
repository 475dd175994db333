"""eap's crisis answer names the resources directory's crisis lines, asked over HTTP, on real processes."""

from __future__ import annotations


def test_an_employee_of_hualien_gets_the_crisis_line_hualiens_admin_added(gw, login):
    admin = login("county_admin", county="TW-HUA", sub="hua-admin")
    r = gw.post(
        "/resources/v1/resources",
        headers=admin,
        json={
            "county": "TW-HUA",
            "district": "花蓮市",
            "name": "花蓮縣心理衛生專線",
            "categories": ["crisis_line"],
            "address": "花蓮縣花蓮市",
            "lat": 23.9769,
            "lon": 121.6044,
            "source_id": "CRISIS-HUA-1",
        },
    )
    assert r.status_code == 201, r.text
    line = r.json()

    employee = login("employee", county="TW-HUA", sub="hua-employee")
    r = gw.post("/eap/v1/crisis", headers=employee, json={"kind": "psychological"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["resources_available"] is True
    assert line["id"] in [x["id"] for x in body["resources"]]
    mine = next(x for x in body["resources"] if x["id"] == line["id"])
    assert (mine["name"], mine["categories"]) == ("花蓮縣心理衛生專線", ["crisis_line"])

    # another county's employee is not sent to Hualien's line
    elsewhere = login("employee", county="TW-TTT", sub="ttt-employee")
    body = gw.post("/eap/v1/crisis", headers=elsewhere, json={"kind": "psychological"}).json()
    assert body["resources_available"] is True and line["id"] not in [x["id"] for x in body["resources"]]
