"""Issue 20, from outside (through the gateway, real processes, PostgreSQL): an HR leave event puts one
message in the employee's inbox and a resend changes nothing, the HR system reads nothing back; the FAQ
answers anyone, without a token, in Traditional Chinese and says plainly when it has no good answer."""

from __future__ import annotations

import uuid


def test_an_hr_leave_event_gives_one_inbox_message_and_hr_reads_nothing_back(gw, login):
    hr = login("system", county=None, sub="hr-system-stack")
    sub = f"emp-{uuid.uuid4().hex[:8]}"
    event = {
        "id": f"HR-{uuid.uuid4().hex[:8]}",
        "employee_sub": sub,
        "agency": "工務局",
        "kind": "bereavement",
        "occurred_on": "2026-11-27",
    }
    first, again = (gw.post("/eap/v1/hr-events", json=event, headers=hr) for _ in range(2))
    assert first.status_code == again.status_code == 202 and first.json() == again.json() == {"accepted": True}
    employee = login("employee", county="TW-MIA", agency="工務局", sub=sub)
    inbox = gw.get("/eap/v1/messages/mine", headers=employee)
    assert inbox.status_code == 200
    [message] = inbox.json()["items"]
    assert message["bsrs5_invite"] is True and message["read_at"] is None and "1925" in message["body"]
    # the HR side learns nothing: it may not read inboxes, and the event's answer says nothing either way
    assert gw.get("/eap/v1/messages/mine", headers=hr).status_code == 403
    assert gw.post("/eap/v1/hr-events", json={**event, "id": event["id"] + "-x"}, headers=hr).json() == first.json()


def test_the_faq_answers_anyone_and_admits_when_it_has_no_answer(gw):
    r = gw.get("/eap/v1/faq", params={"q": "諮商要自己付錢嗎"})  # no token at all
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["no_good_answer"] is False and body["answers"][0]["source"] and body["answers"][0]["score"] > 0
    nonsense = gw.get("/eap/v1/faq", params={"q": "火星上的企鵝喜歡吃什麼口味的冰淇淋"}).json()
    assert nonsense["no_good_answer"] is True and "1925" in str(nonsense["fallback"])
    assert gw.post("/eap/v1/faq", json={}).status_code == 401  # editing the FAQ is not public
