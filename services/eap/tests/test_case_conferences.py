"""Case conference (seed 004 個案研討會): only with the referred employee's consent; minutes for the participants."""

from __future__ import annotations

import pytest
from carenet_eap.case_conferences.rules import consent_status, may_hold

from .helpers import at


@pytest.mark.parametrize(("consent", "held"), [(True, True), (False, False)])
def test_a_conference_is_held_only_with_consent(consent, held):
    assert may_hold(consent_status(consent)) is held
    assert may_hold("awaiting_consent") is False


async def referral(client, auth, sub: str = "emp-cc") -> str:
    r = await client.post(
        "/v1/referrals", headers=auth("eap_admin"), json={"employee_ref": sub, "reason": "近月多次請假、情緒低落"}
    )
    assert r.status_code == 201, r.text
    return r.json()["id"]


PARTICIPANTS = [
    {"sub": "head-1", "role": "unit_head"},
    {"sub": "hr-1", "role": "hr_head"},
    {"sub": "c-1", "role": "counsellor"},
]


async def convene(client, auth, referral_id: str) -> dict:
    r = await client.post(
        f"/v1/referrals/{referral_id}/case-conferences",
        headers=auth("eap_admin", sub="admin-1"),
        json={"scheduled_at": at(3).isoformat(), "participants": PARTICIPANTS},
    )
    assert r.status_code == 201, r.text
    return r.json()


async def test_without_consent_no_minutes_and_a_decline_is_final(client, auth):
    c = await convene(client, auth, await referral(client, auth))
    assert c["status"] == "awaiting_consent"
    url = f"/v1/case-conferences/{c['id']}"
    r = await client.post(f"{url}/minutes", headers=auth("counsellor", sub="c-1"), json={"text": "討論處遇方向"})
    assert r.status_code == 409 and r.json()["code"] == "consent_required"
    me = auth("employee", sub="emp-cc")
    [mine] = (await client.get("/v1/case-conferences/mine", headers=me)).json()
    assert mine["id"] == c["id"]
    inbox = (await client.get("/v1/messages/mine", headers=me)).json()["items"]
    assert any("個案研討會" in m["title"] for m in inbox)
    assert (
        await client.post(f"{url}/consent", headers=auth("employee", sub="emp-x"), json={"consent": True})
    ).status_code == 404
    r = await client.post(f"{url}/consent", headers=me, json={"consent": False})
    assert r.status_code == 200 and r.json()["status"] == "declined"
    assert (await client.post(f"{url}/consent", headers=me, json={"consent": True})).status_code == 409
    r = await client.post(f"{url}/minutes", headers=auth("counsellor", sub="c-1"), json={"text": "討論處遇方向"})
    assert r.status_code == 409


async def test_with_consent_the_participants_alone_keep_and_read_the_minutes(client, auth):
    c = await convene(client, auth, await referral(client, auth))
    url = f"/v1/case-conferences/{c['id']}"
    await client.post(f"{url}/consent", headers=auth("employee", sub="emp-cc"), json={"consent": True})
    r = await client.post(f"{url}/minutes", headers=auth("counsellor", sub="c-1"), json={"text": "建議調整工作分配"})
    assert r.status_code == 201, r.text
    for sub, role in (("head-1", "supervisor"), ("hr-1", "employee"), ("c-1", "counsellor")):
        got = await client.get(f"{url}/minutes", headers=auth(role, sub=sub))
        assert got.status_code == 200 and [m["text"] for m in got.json()["items"]] == ["建議調整工作分配"]
    # eap_admin convened it but is not a participant; the employee, others: no minutes
    for who in (auth("eap_admin", sub="admin-1"), auth("employee", sub="emp-cc"), auth("counsellor", sub="c-2")):
        assert (await client.get(f"{url}/minutes", headers=who)).status_code == 404
    assert (await client.post(f"{url}/minutes", headers=auth("eap_admin"), json={"text": "x"})).status_code == 404
    # the conference itself: eap_admin, participants, the employee; nobody else
    assert (await client.get(url, headers=auth("eap_admin"))).status_code == 200
    assert (await client.get(url, headers=auth("employee", sub="emp-cc"))).json()["status"] == "consented"
    assert (await client.get(url, headers=auth("employee", sub="emp-other"))).status_code == 404


async def test_only_eap_admin_convenes_and_only_for_a_referral(client, auth):
    rid = await referral(client, auth)
    body = {"scheduled_at": at(3).isoformat(), "participants": PARTICIPANTS}
    assert (
        await client.post(f"/v1/referrals/{rid}/case-conferences", headers=auth("counsellor"), json=body)
    ).status_code == 403
    assert (
        await client.post("/v1/referrals/nope/case-conferences", headers=auth("eap_admin"), json=body)
    ).status_code == 404
