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


@pytest.mark.now("2026-11-12T10:00:00+08:00")
async def test_the_purge_takes_the_outreach_personal_data_past_retention_too(client, auth, db):
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from carenet_eap.care_offers.models import CareOffer
    from carenet_eap.common import new_id
    from carenet_eap.messages.models import Message
    from carenet_eap.workload.models import WorkloadFigure
    from sqlalchemy import select

    old, recent = datetime(2015, 1, 5, tzinfo=UTC), datetime(2026, 10, 1, tzinfo=UTC)
    async with db.transaction() as s:
        for at_, sub in ((old, "emp-old"), (recent, "emp-new")):
            s.add(
                Message(
                    id=new_id(),
                    employee_sub=sub,
                    kind="eap_info",
                    title="t",
                    body="b",
                    bsrs5_invite=True,
                    created_at=at_,
                )
            )
            s.add(
                CareOffer(
                    id=new_id(),
                    source_id=f"src-{sub}",
                    employee_sub=sub,
                    trigger="disciplinary_action",
                    kind="psychological",
                    status="offered",
                    created_by="hr",
                    created_at=at_,
                )
            )
            s.add(
                WorkloadFigure(
                    id=new_id(),
                    month=at_.strftime("%Y-%m"),
                    agency="工務局",
                    employee_sub=sub,
                    overtime_hours=Decimal("50"),
                    documents=1,
                    received_at=at_,
                )
            )
    r = await client.post(
        "/v1/retention/purge", headers=auth("eap_admin"), json={"as_of": date(2026, 11, 12).isoformat()}
    )
    assert r.status_code == 201, r.text
    counts = r.json()["outreach"]
    assert (counts["messages"], counts["care_offers"], counts["workload_figures"]) == (1, 1, 1)
    async with db.transaction() as s:
        assert (await s.scalars(select(Message.employee_sub))).all() == ["emp-new"]
        assert (await s.scalars(select(CareOffer.employee_sub))).all() == ["emp-new"]
        assert (await s.scalars(select(WorkloadFigure.employee_sub))).all() == ["emp-new"]
