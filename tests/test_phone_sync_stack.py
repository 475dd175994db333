"""Issue 13, from outside: two phones of one case worker sync through the gateway on PostgreSQL, one
offline for a day recording visits (each sent twice), a supervisor reassigns a case in between — both
phones end with exactly the server's state, no visit lost or doubled, and the colleague's phone gets
the moved case with the offline visit."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta

import httpx
from carenet_core import clock

from tests.twid import national_id

COUNTY, DISTRICT = "TW-CYQ", "太保市"  # a county no other cross-service test writes cases in
BASE = "/case-mgmt/v1"


def at(days_ago: int, hour: int) -> str:
    instant = datetime.combine(clock.today() - timedelta(days=days_ago), time(hour), clock.TAIPEI)
    return min(instant, clock.now() - timedelta(minutes=5)).isoformat()


class Phone:
    """What the mobile app keeps: cases and visits by id, its last `next_since`, visits not yet sent."""

    def __init__(self, gw: httpx.Client, headers: dict[str, str], limit: int = 100) -> None:
        self.gw, self.headers, self.limit = gw, headers, limit
        self.cases: dict[str, dict] = {}
        self.visits: dict[str, dict] = {}
        self.since: str | None = None
        self.outbox: list[tuple[str, dict]] = []

    def sync(self) -> None:
        for case_id, body in self.outbox:  # upload first; a resend is harmless (same visit id and key)
            r = self.gw.post(
                f"{BASE}/cases/{case_id}/visits", json=body, headers={**self.headers, "Idempotency-Key": body["id"]}
            )
            assert r.status_code in (200, 201), r.text
        self.outbox.clear()
        while True:
            params = {"limit": self.limit, **({"since": self.since} if self.since else {})}
            r = self.gw.get(f"{BASE}/sync", params=params, headers=self.headers)
            assert r.status_code == 200, r.text
            body = r.json()
            for gone in body["removed"]:
                self.cases.pop(gone, None)
                self.visits = {k: v for k, v in self.visits.items() if v["case_id"] != gone}
            for c in body["cases"]:
                self.cases[c["id"]] = c
            for v in body["visits"]:
                self.visits[v["id"]] = v
            self.since = body["next_since"]
            if not body["more"]:
                return

    def record_offline(self, case_id: str, when: str, **extra: str) -> dict:
        body = {"id": str(uuid.uuid4()), "visited_at": when, "method": "face_to_face_home", "outcome": "met", **extra}
        self.outbox += [(case_id, body), (case_id, body)]  # the app retried: the first answer never reached it
        return body

    def state(self) -> tuple[dict, dict]:
        return (
            {k: (c["version"], c["tier"], c["next_visit_due"], c["assigned_to"]) for k, c in self.cases.items()},
            {k: (v["case_id"], v["version"], v["outcome"]) for k, v in self.visits.items()},
        )


def server_state(gw: httpx.Client, headers: dict[str, str], sub: str, case_ids: list[str]) -> tuple[dict, dict]:
    cases, visits = {}, {}
    for case_id in case_ids:
        c = gw.get(f"{BASE}/cases/{case_id}", headers=headers).json()
        if c["assigned_to"] != sub or c["status"] != "open":
            continue
        cases[c["id"]] = (c["version"], c["tier"], c["next_visit_due"], c["assigned_to"])
        for v in gw.get(f"{BASE}/cases/{case_id}/visits", params={"limit": 500}, headers=headers).json()["items"]:
            visits[v["id"]] = (v["case_id"], v["version"], v["outcome"])
    return cases, visits


def test_two_phones_one_offline_a_reassignment_between_end_with_the_servers_state(gw, login):
    rng = random.Random(13)
    worker = login("case_worker", county=COUNTY, district=DISTRICT, sub="cyq-cw-1")
    colleague = login("case_worker", county=COUNTY, district=DISTRICT, sub="cyq-cw-2")
    supervisor = login("supervisor", county=COUNTY, sub="cyq-sup")
    intake = (clock.today() - timedelta(days=30)).isoformat()

    def open_case() -> str:
        body = {
            "national_id": national_id(rng),
            "name": "嘉義測試",
            "birth_date": "1975-02-03",
            "sex": "F",
            "county": COUNTY,
            "district": DISTRICT,
            "kinds": ["psychiatric"],
            "source": "community",
            "intake_date": intake,
        }
        r = gw.post(f"{BASE}/cases", json=body, headers=worker)
        assert r.status_code == 201, r.text
        assert r.json()["assigned_to"] == "cyq-cw-1"
        return r.json()["id"]

    a = [open_case() for _ in range(4)]
    phone, tablet, other = Phone(gw, worker), Phone(gw, worker, limit=2), Phone(gw, colleague)
    for p in (phone, tablet, other):
        p.sync()
    assert set(phone.cases) == set(tablet.cases) == set(a) and other.cases == {}

    offline = [
        tablet.record_offline(a[0], at(1, 9)),
        tablet.record_offline(a[1], at(1, 11), outcome="not_met", method="phone"),
        tablet.record_offline(a[2], at(1, 14)),
    ]
    online = {"id": str(uuid.uuid4()), "visited_at": at(1, 16), "method": "phone", "outcome": "met"}
    r = gw.post(f"{BASE}/cases/{a[3]}/visits", json=online, headers={**worker, "Idempotency-Key": online["id"]})
    assert r.status_code == 201, r.text
    r = gw.post(
        f"{BASE}/cases/{a[2]}/assignment", json={"assigned_to": "cyq-cw-2", "reason": "請假代理"}, headers=supervisor
    )
    assert r.status_code == 201, r.text
    phone.sync()
    assert a[2] not in phone.cases

    tablet.sync()  # back online: uploads each offline visit twice, then syncs
    phone.sync()
    other.sync()
    truth = server_state(gw, supervisor, "cyq-cw-1", a)
    assert phone.state() == truth and tablet.state() == truth
    assert other.state() == server_state(gw, supervisor, "cyq-cw-2", a)
    assert offline[2]["id"] in other.visits and offline[2]["id"] not in tablet.visits
    stored = [v for p in (phone, other) for v in p.visits]
    assert len(stored) == len(set(stored)) == 4  # 3 offline (each sent twice) + 1 online: none lost, none doubled
    quiet = gw.get(f"{BASE}/sync", params={"since": phone.since}, headers=worker).json()
    assert quiet["cases"] == [] and quiet["visits"] == [] and quiet["removed"] == []
