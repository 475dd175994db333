"""Proactive care (seed 002 主動關懷) as a consent-first offer: only an accepted offer becomes a referral."""

from __future__ import annotations

import pytest
from carenet_eap.care_offers.rules import answer_status, becomes_referral

from .helpers import at, book, make_counsellor, make_slots


@pytest.mark.parametrize(("accept", "status", "referral"), [(True, "accepted", True), (False, "declined", False)])
def test_only_an_accepted_offer_becomes_a_referral(accept, status, referral):
    assert answer_status(accept) == status
    assert becomes_referral(answer_status(accept)) is referral
    assert becomes_referral("offered") is False


def offer(id_: str = "CARE-1", sub: str = "emp-7", trigger: str = "injured_on_duty") -> dict[str, str]:
    return {"id": id_, "employee_sub": sub, "agency": "工務局", "trigger": trigger}


async def referrals_seen_by_admin(client, auth) -> list[dict]:
    return (await client.get("/v1/referrals", headers=auth("eap_admin"))).json()["items"]


async def test_an_offer_waits_for_the_employee_and_a_decline_leads_nowhere(client, auth):
    hr = auth("system", sub="hr-system")
    r = await client.post("/v1/care-offers", headers=hr, json=offer())
    assert r.status_code == 202 and r.json() == {"accepted": True}
    again = await client.post("/v1/care-offers", headers=hr, json=offer())
    assert again.status_code == 202 and again.json() == r.json()

    me = auth("employee", sub="emp-7")
    [o] = (await client.get("/v1/care-offers/mine", headers=me)).json()
    assert o["status"] == "offered" and o["referral_id"] is None
    inbox = (await client.get("/v1/messages/mine", headers=me)).json()["items"]
    assert [m["kind"] for m in inbox] == ["care_offer"]
    assert await referrals_seen_by_admin(client, auth) == []  # no referral without consent

    r = await client.post(f"/v1/care-offers/{o['id']}/answer", headers=me, json={"accept": False})
    assert r.status_code == 200 and r.json()["status"] == "declined" and r.json()["referral_id"] is None
    assert await referrals_seen_by_admin(client, auth) == []
    assert (
        await client.post(f"/v1/care-offers/{o['id']}/answer", headers=me, json={"accept": True})
    ).status_code == 409


async def test_an_accepted_offer_is_a_consented_referral_the_employee_books_with(client, auth):
    await client.post("/v1/care-offers", headers=auth("eap_admin", sub="hr-admin"), json=offer("CARE-2"))
    me = auth("employee", sub="emp-7")
    [o] = (await client.get("/v1/care-offers/mine", headers=me)).json()
    # someone else cannot answer it
    other = auth("employee", sub="emp-8")
    assert (
        await client.post(f"/v1/care-offers/{o['id']}/answer", headers=other, json={"accept": True})
    ).status_code == 404
    r = await client.post(f"/v1/care-offers/{o['id']}/answer", headers=me, json={"accept": True})
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    referral_id = r.json()["referral_id"]
    [ref] = await referrals_seen_by_admin(client, auth)
    assert ref["id"] == referral_id and ref["outcome"] == "undisclosed"  # consented, outcome not shared

    c = await make_counsellor(client, auth)
    [s] = await make_slots(client, auth, c["id"], [at(2)])
    b = await book(client, auth, s["id"], sub="emp-7", referral_id=referral_id)
    assert b.status_code == 201 and b.json()["flow"] == "referral"


async def test_only_eap_admin_or_the_system_raise_offers_and_the_employee_alone_reads_them(client, auth):
    assert (await client.post("/v1/care-offers", headers=auth("employee"), json=offer())).status_code == 403
    assert (await client.post("/v1/care-offers", headers=auth("counsellor"), json=offer())).status_code == 403
    bad = {**offer(), "trigger": "looks_sad"}
    assert (await client.post("/v1/care-offers", headers=auth("system"), json=bad)).status_code == 422
    await client.post("/v1/care-offers", headers=auth("system"), json=offer())
    for who in (auth("eap_admin"), auth("system"), auth("counsellor")):
        assert (await client.get("/v1/care-offers/mine", headers=who)).status_code == 403
    assert (await client.get("/v1/care-offers/mine", headers=auth("employee", sub="emp-8"))).json() == []
