"""心理師法 §25: counselling records are kept at least 10 years — the setting and the policy refuse less."""

from __future__ import annotations

import pytest
from carenet_eap.config import Settings
from carenet_eap.retention.rules import LEGAL_MINIMUM_YEARS, below_legal_minimum
from pydantic import ValidationError


@pytest.mark.parametrize(("years", "below"), [(1, True), (9, True), (10, False), (11, False), (30, False)])
def test_the_floor_is_ten_years(years, below):
    assert LEGAL_MINIMUM_YEARS == 10
    assert below_legal_minimum(years) is below


@pytest.mark.parametrize("years", [0, 5, 9])
def test_a_setting_below_the_floor_refuses_to_start(years):
    with pytest.raises(ValidationError, match="below_legal_minimum"):
        Settings(retention_years=years)


def test_the_setting_from_the_environment_is_checked_too(monkeypatch):
    monkeypatch.setenv("CARENET_EAP_RETENTION_YEARS", "7")
    with pytest.raises(ValidationError, match="below_legal_minimum"):
        Settings()
    monkeypatch.setenv("CARENET_EAP_RETENTION_YEARS", "15")
    assert Settings().retention_years == 15


async def test_policy_can_be_raised_never_set_below_ten_years(client, auth):
    admin = auth("eap_admin", sub="hr-1")
    r = await client.get("/v1/retention/policy", headers=admin)
    assert r.status_code == 200
    assert r.json() == {"retention_years": 10, "legal_minimum_years": 10, "source": "setting"}
    first = r.headers["etag"]

    for years in (9, 5, 1):
        r = await client.put(
            "/v1/retention/policy", headers={**admin, "If-Match": first}, json={"retention_years": years}
        )
        assert r.status_code == 422, r.text
        assert r.json()["code"] == "below_legal_minimum"
    assert (await client.get("/v1/retention/policy", headers=admin)).json()["retention_years"] == 10

    r = await client.put("/v1/retention/policy", headers={**admin, "If-Match": first}, json={"retention_years": 12})
    assert r.status_code == 200 and r.json() == {"retention_years": 12, "legal_minimum_years": 10, "source": "policy"}
    assert r.headers["etag"] != first
    # a stale ETag is 412, a missing one 428: nobody overwrites a change they have not seen
    assert (
        await client.put("/v1/retention/policy", headers={**admin, "If-Match": first}, json={"retention_years": 15})
    ).status_code == 412
    assert (await client.put("/v1/retention/policy", headers=admin, json={"retention_years": 15})).status_code == 428
    # only eap_admin sets it
    assert (
        await client.put("/v1/retention/policy", headers=auth("system"), json={"retention_years": 15})
    ).status_code == 403

    # the purge runs under the policy in force
    r = await client.post("/v1/retention/purge", headers=admin, json={})
    assert r.status_code == 201 and r.json()["retention_years"] == 12
