"""The law's floors hold through the gateway, as a county's admin would meet them: a sampling policy
below 2 % or 10 records, or counselling records kept under 10 years, is a 422 problem
(`below_legal_minimum`, with the gateway's path as its instance) and changes nothing."""

from __future__ import annotations

import pytest

COUNTY = "TW-LIE"  # 連江縣: no other cross-service test sets its sampling policy


@pytest.mark.parametrize(
    "body",
    [{"rate": "0.019", "floor": 10}, {"rate": "0.02", "floor": 9}, {"rate": "0.0001", "floor": 1}],
)
def test_a_sampling_policy_below_the_law_is_refused_and_nothing_is_stored(gw, login, body):
    admin = login("county_admin", county=COUNTY, sub="floors-admin-lie")
    before = gw.get(f"/household-audit/v1/sampling-policies/{COUNTY}", headers=admin)
    assert before.status_code == 200, before.text
    r = gw.put(f"/household-audit/v1/sampling-policies/{COUNTY}", json=body, headers=admin)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["code"] == "below_legal_minimum"
    assert problem["instance"].startswith(f"/household-audit/v1/sampling-policies/{COUNTY}")
    after = gw.get(f"/household-audit/v1/sampling-policies/{COUNTY}", headers=admin)
    assert after.json() == before.json()


def test_the_law_itself_is_accepted_through_the_gateway(gw, login):
    admin = login("county_admin", county=COUNTY, sub="floors-admin-lie")
    r = gw.put(f"/household-audit/v1/sampling-policies/{COUNTY}", json={"rate": "0.02", "floor": 10}, headers=admin)
    assert r.status_code == 200, r.text
    got = gw.get(f"/household-audit/v1/sampling-policies/{COUNTY}", headers=admin).json()
    assert (float(got["rate"]), got["floor"]) == (0.02, 10)


def test_counselling_records_kept_under_ten_years_are_refused_and_the_policy_stays(gw, login):
    admin = login("eap_admin", county=None, sub="floors-eap-admin")
    before = gw.get("/eap/v1/retention/policy", headers=admin)
    assert before.status_code == 200, before.text
    r = gw.put(
        "/eap/v1/retention/policy",
        json={"retention_years": 9},
        headers={**admin, "If-Match": before.headers["etag"]},
    )
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "below_legal_minimum"
    after = gw.get("/eap/v1/retention/policy", headers=admin)
    assert (after.json(), after.headers["etag"]) == (before.json(), before.headers["etag"])
