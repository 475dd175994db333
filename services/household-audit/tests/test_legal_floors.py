"""Floors of the law (seed 001, 資訊安全作業 2.–3.): 「每月抽查比率至少為百分之二，每月抽查筆數不得少於十筆」,
「執行紀錄保留三年備查」 — a policy or setting below them is refused; raising them is allowed."""

from decimal import Decimal

import pytest
from carenet_core import clock
from carenet_household_audit.config import Settings
from carenet_household_audit.retention.rules import retention_below_law
from carenet_household_audit.sampling.rules import policy_below_law
from ha_testkit import COUNTY, OTHER
from pydantic import ValidationError


@pytest.mark.parametrize(
    ("rate", "floor", "below"),
    [
        (Decimal("0.02"), 10, []),  # the law exactly
        (Decimal("0.05"), 25, []),  # raised
        (Decimal("1"), 10, []),
        (Decimal("0.0199"), 10, ["rate"]),
        (Decimal("0.001"), 10, ["rate"]),  # the 0.1 % a county could set before
        (Decimal("0.02"), 9, ["floor"]),
        (Decimal("0.02"), 1, ["floor"]),
        (Decimal("0.001"), 1, ["rate", "floor"]),
    ],
)
def test_policy_floors(rate, floor, below):
    assert [reason.split()[0] for reason in policy_below_law(rate, floor)] == below


@pytest.mark.parametrize(("years", "lawful"), [(1, False), (2, False), (3, True), (5, True)])
def test_retention_floor(years, lawful):
    assert (retention_below_law(years) is None) is lawful


@pytest.mark.parametrize(
    ("override", "lawful"),
    [
        ({}, True),
        ({"sampling_rate": "0.03", "sampling_floor": 20, "retention_years": 5}, True),
        ({"sampling_rate": "0.019"}, False),
        ({"sampling_floor": 9}, False),
        ({"retention_years": 2}, False),
    ],
)
def test_settings_below_the_law_refuse_to_start(override, lawful):
    if lawful:
        Settings(**override)
    else:
        with pytest.raises(ValidationError, match="below_legal_minimum"):
            Settings(**override)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"rate": "0.001", "floor": 1}, 422),
        ({"rate": "0.0199", "floor": 10}, 422),
        ({"rate": "0.02", "floor": 9}, 422),
        ({"rate": "0.02", "floor": 10}, 200),
        ({"rate": "0.05", "floor": 30}, 200),
    ],
)
async def test_policy_below_the_law_is_422(client, admin, body, status):
    r = await client.put(f"/v1/sampling-policies/{COUNTY}", json=body, headers=admin)
    assert r.status_code == status, r.text
    if status == 422:
        assert r.json()["code"] == "below_legal_minimum"
        got = await client.get(f"/v1/sampling-policies/{COUNTY}", headers=admin)
        assert got.json()["default"] is True  # nothing was stored
    else:
        got = (await client.get(f"/v1/sampling-policies/{COUNTY}", headers=admin)).json()
        assert (Decimal(got["rate"]), got["floor"]) == (Decimal(body["rate"]), body["floor"])


async def test_raise_then_lower_back_to_the_law(client, admin, auth):
    assert (
        await client.put(f"/v1/sampling-policies/{COUNTY}", json={"rate": "0.1", "floor": 50}, headers=admin)
    ).status_code == 200
    assert (
        await client.put(f"/v1/sampling-policies/{COUNTY}", json={"rate": "0.02", "floor": 10}, headers=admin)
    ).status_code == 200
    other = auth("county_admin", county=OTHER)
    # another county's policy stays out of reach (404 before any rule is checked)
    assert (
        await client.put(f"/v1/sampling-policies/{COUNTY}", json={"rate": "0.001", "floor": 1}, headers=other)
    ).status_code == 404


async def test_a_policy_stored_before_the_floors_draws_at_the_law(client, admin, system, auditor, db):
    from carenet_household_audit.sampling.models import SamplingPolicy
    from ha_testkit import add_unit, ingest, records

    async with db.transaction() as s:  # as a county could store it before the floors were enforced
        s.add(SamplingPolicy(county=COUNTY, rate=Decimal("0.001"), floor=1, updated_at=clock.now(), updated_by="old"))
    await add_unit(client, admin, "U1")
    await ingest(client, system, records("U1", 30))
    body = (await client.post("/v1/samplings", json={"month": "2026-10", "county": COUNTY}, headers=auditor)).json()
    assert body["floor"] == 10 and Decimal(body["rate"]) == Decimal("0.02")
    assert body["units"][0]["sample_size"] == 10
