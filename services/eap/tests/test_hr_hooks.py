"""HR hooks (seed 002: 於申請特定假別時，以提示訊息宣導員工協助方案，並運用簡式健康量表予以評測)."""

from __future__ import annotations

import asyncio
import typing

import pytest
from carenet_eap.hr_events.models import HrEvent
from carenet_eap.hr_events.rules import HrEventKind, outreach_for
from sqlalchemy import inspect

KINDS = typing.get_args(HrEventKind)


def event(id_: str = "HR-1", sub: str = "emp-9", kind: str = "bereavement") -> dict[str, str]:
    return {"id": id_, "employee_sub": sub, "agency": "工務局", "kind": kind, "occurred_on": "2026-11-27"}


@pytest.mark.parametrize("kind", KINDS)
def test_every_leave_kind_has_its_message_with_the_resources(kind):
    o = outreach_for(kind, booking_link="https://eap.example/book")
    assert o.bsrs5_invite and "簡式健康量表" in o.body and "1925" in o.body and "https://eap.example/book" in o.body
    others = {outreach_for(k, booking_link="x").body.splitlines()[0] for k in KINDS if k != kind}
    assert o.body.splitlines()[0] not in others  # each kind opens in its own words


def test_the_ledger_keeps_no_employee_reference():
    columns = {c.key for c in inspect(HrEvent).columns}
    assert columns == {"source_id", "kind", "agency", "occurred_on", "received_at"}


async def test_an_event_puts_one_message_in_the_inbox_and_a_resend_changes_nothing(client, auth):
    hr = auth("system", sub="hr-system")
    r1 = await client.post("/v1/hr-events", headers=hr, json=event())
    assert r1.status_code == 202, r1.text
    r2 = await client.post("/v1/hr-events", headers=hr, json=event())
    r3 = await client.post("/v1/hr-events", headers=hr, json={**event(), "kind": "childbirth"})
    # HR reads nothing back: a new event and a repeat look the same
    assert r1.json() == r2.json() == r3.json() == {"accepted": True}
    assert r2.status_code == r3.status_code == 202

    inbox = (await client.get("/v1/messages/mine", headers=auth("employee", sub="emp-9"))).json()["items"]
    assert len(inbox) == 1
    [m] = inbox
    assert m["kind"] == "eap_info" and m["bsrs5_invite"] is True and m["read_at"] is None
    assert "失" in m["body"] or "離世" in m["body"]  # the bereavement message, not the childbirth one
    assert (await client.get("/v1/messages/mine", headers=auth("employee", sub="emp-other"))).json()["items"] == []

    # a second, different event is a second message
    assert (
        await client.post("/v1/hr-events", headers=hr, json=event("HR-2", kind="work_injury_leave"))
    ).status_code == 202
    assert len((await client.get("/v1/messages/mine", headers=auth("employee", sub="emp-9"))).json()["items"]) == 2


async def test_concurrent_deliveries_of_one_event_leave_one_message(client, auth):
    hr = auth("system", sub="hr-system")
    rs = await asyncio.gather(*[client.post("/v1/hr-events", headers=hr, json=event("HR-race")) for _ in range(5)])
    assert {r.status_code for r in rs} == {202}
    assert len((await client.get("/v1/messages/mine", headers=auth("employee", sub="emp-9"))).json()["items"]) == 1


async def test_only_the_employee_reads_or_marks_the_message_and_hr_learns_nothing(client, auth):
    hr = auth("system", sub="hr-system")
    await client.post("/v1/hr-events", headers=hr, json=event())
    me = auth("employee", sub="emp-9")
    [m] = (await client.get("/v1/messages/mine", headers=me)).json()["items"]

    for who in (auth("system"), auth("eap_admin"), auth("counsellor")):
        assert (await client.get("/v1/messages/mine", headers=who)).status_code == 403
        assert (await client.post(f"/v1/messages/{m['id']}/read", headers=who)).status_code == 403
    assert (await client.post(f"/v1/messages/{m['id']}/read", headers=auth("employee", sub="emp-x"))).status_code == 404
    assert (await client.get("/v1/hr-events", headers=hr)).status_code in (404, 405)

    r = await client.post(f"/v1/messages/{m['id']}/read", headers=me)
    assert r.status_code == 200 and r.json()["read_at"] is not None
    first_read = r.json()["read_at"]
    assert (await client.post(f"/v1/messages/{m['id']}/read", headers=me)).json()["read_at"] == first_read
    # after the employee read it, HR's view is still only "accepted"
    assert (await client.post("/v1/hr-events", headers=hr, json=event())).json() == {"accepted": True}


async def test_only_the_system_role_posts_and_bad_events_are_422(client, auth):
    assert (await client.post("/v1/hr-events", headers=auth("employee"), json=event())).status_code == 403
    assert (await client.post("/v1/hr-events", headers=auth("eap_admin"), json=event())).status_code == 403
    bad = await client.post("/v1/hr-events", headers=auth("system"), json={**event(), "kind": "vacation"})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
    missing = {k: v for k, v in event().items() if k != "employee_sub"}
    assert (await client.post("/v1/hr-events", headers=auth("system"), json=missing)).status_code == 422
