"""Phone sync: two phones on one caseload, one offline for a day, a reassignment between — both end with exactly
the server's state; paging keeps one window; `next_since` is a change-sequence position, never the wall clock."""

import uuid
from datetime import date

import pytest
from carenet_case_mgmt.sync.rules import Position, counties_with_new_policy, page, touched_cases
from carenet_core import clock
from carenet_core.pagination import decode_cursor


class Phone:
    """What the mobile app keeps: cases, visits and tier changes by id, and the last `next_since`."""

    def __init__(self, client, headers, limit: int = 100):
        self.client, self.headers, self.limit = client, headers, limit
        self.cases: dict[str, dict] = {}
        self.visits: dict[str, dict] = {}
        self.tier_changes: dict[str, dict] = {}
        self.since: str | None = None
        self.outbox: list[tuple[str, dict]] = []  # visits recorded offline, not yet sent
        self.pages = 0

    async def sync(self) -> None:
        for case_id, body in self.outbox:  # upload first; a resend is harmless (same visit id)
            r = await self.client.post(f"/v1/cases/{case_id}/visits", json=body, headers=self.headers)
            assert r.status_code in (200, 201), r.text
        self.outbox.clear()
        while True:
            params = {"limit": self.limit, **({"since": self.since} if self.since else {})}
            r = await self.client.get("/v1/sync", params=params, headers=self.headers)
            assert r.status_code == 200, r.text
            body = r.json()
            self.pages += 1
            for gone in body["removed"]:
                self.cases.pop(gone, None)
                self.visits = {k: v for k, v in self.visits.items() if v["case_id"] != gone}
                self.tier_changes = {k: v for k, v in self.tier_changes.items() if v["case_id"] != gone}
            for c in body["cases"]:
                self.cases[c["id"]] = c
            for v in body["visits"]:
                self.visits[v["id"]] = v
            for t in body["tier_changes"]:
                self.tier_changes[t["id"]] = t
            old = decode_cursor(self.since)[0] if self.since else 0
            assert decode_cursor(body["next_since"])[0] >= old  # monotone
            self.since = body["next_since"]
            if not body["more"]:
                return

    def record_offline(self, case_id: str, when: str, **extra) -> dict:
        body = {"id": str(uuid.uuid4()), "visited_at": when, "method": "face_to_face_home", "outcome": "met", **extra}
        self.outbox.append((case_id, body))
        self.outbox.append((case_id, body))  # the app retried: the first answer never reached it
        return body

    def state(self) -> tuple:
        return (
            {k: (c["version"], c["tier"], c["next_visit_due"], c["assigned_to"]) for k, c in self.cases.items()},
            {k: (v["case_id"], v["version"], v["outcome"]) for k, v in self.visits.items()},
            set(self.tier_changes),
        )


async def server_state(client, headers, sub: str) -> tuple:
    """The server's truth for one worker, read through the ordinary endpoints."""
    cases: dict[str, tuple] = {}
    visits: dict[str, tuple] = {}
    changes: set[str] = set()
    cursor = None
    while True:
        r = await client.get(
            "/v1/cases", params={"status": "open", **({"cursor": cursor} if cursor else {})}, headers=headers
        )
        body = r.json()
        for s in body["items"]:
            c = (await client.get(f"/v1/cases/{s['id']}", headers=headers)).json()
            if c["assigned_to"] != sub:
                continue
            cases[c["id"]] = (c["version"], c["tier"], c["next_visit_due"], c["assigned_to"])
            for v in (await client.get(f"/v1/cases/{c['id']}/visits?limit=500", headers=headers)).json()["items"]:
                visits[v["id"]] = (v["case_id"], v["version"], v["outcome"])
            for t in (await client.get(f"/v1/cases/{c['id']}/tier-changes", headers=headers)).json()["items"]:
                changes.add(t["id"])
        cursor = body["next_cursor"]
        if not cursor:
            return cases, visits, changes


async def test_two_phones_one_offline_for_a_day_with_a_reassignment_between(
    client, auth, worker, supervisor, open_case, add_visit, h
):
    colleague = auth("case_worker", county="TW-MIA", district="頭份市", sub="cw-2")
    a = [await open_case(intake_date=h.days_ago(30).isoformat()) for _ in range(4)]
    await add_visit(a[0]["id"], when=h.at(h.days_ago(10)))
    phone, tablet = Phone(client, worker), Phone(client, worker, limit=2)  # the tablet pages 2 cases at a time
    other = Phone(client, colleague)
    for p in (phone, tablet, other):
        await p.sync()
    assert set(phone.cases) == set(tablet.cases) == {c["id"] for c in a}
    assert other.cases == {}

    # the tablet goes offline for a day and records visits on three cases (one later reassigned)
    offline = [
        tablet.record_offline(a[0]["id"], h.at(h.days_ago(1), 9)),
        tablet.record_offline(a[1]["id"], h.at(h.days_ago(1), 11), outcome="not_met", method="phone"),
        tablet.record_offline(a[2]["id"], h.at(h.days_ago(1), 14)),
    ]
    # meanwhile the phone records a visit, a supervisor moves a[2] to cw-2 and opens a new case for cw-1
    await add_visit(a[3]["id"], when=h.at(h.days_ago(1), 16))
    r = await client.post(
        f"/v1/cases/{a[2]['id']}/assignment", json={"assigned_to": "cw-2", "reason": "leave"}, headers=supervisor
    )
    assert r.status_code == 201
    new = await client.post("/v1/cases", json=h.intake_body(assigned_to="cw-1"), headers=supervisor)
    await phone.sync()
    assert a[2]["id"] not in phone.cases and new.json()["id"] in phone.cases

    # the tablet comes back: uploads (each visit twice), then syncs
    await tablet.sync()
    await phone.sync()
    await other.sync()
    truth = await server_state(client, supervisor, "cw-1")
    assert phone.state() == truth
    assert tablet.state() == truth
    assert other.state() == await server_state(client, supervisor, "cw-2")
    # no visit lost or doubled: each offline visit is on the server once, on the right case's holder
    for body in offline:
        holders = [p for p in (phone, tablet, other) if body["id"] in p.visits]
        assert holders, body
    assert offline[2]["id"] in other.visits and offline[2]["id"] not in tablet.visits
    all_visits = [v for p in (phone, other) for v in p.visits]
    assert len(all_visits) == len(set(all_visits)) == 5  # 1 before + 3 offline + 1 by the phone
    # a second sync with nothing new sends nothing
    r = (await client.get("/v1/sync", params={"since": phone.since}, headers=worker)).json()
    assert r["cases"] == [] and r["visits"] == [] and r["removed"] == [] and r["more"] is False


async def test_closing_removes_the_case_from_the_phone(client, worker, supervisor, open_case, h):
    keep = await open_case()
    close = await open_case()
    phone = Phone(client, worker)
    await phone.sync()
    await client.post(f"/v1/cases/{close['id']}/close", json={"reason": "moved"}, headers=supervisor)
    r = await client.post(f"/v1/cases/{keep['id']}/tier-changes", json={"to_tier": 1, "reason": "x"}, headers=worker)
    assert r.status_code == 422  # same tier: nothing changes
    await phone.sync()
    assert set(phone.cases) == {keep["id"]}
    assert phone.state() == await server_state(client, supervisor, "cw-1")


async def test_paging_keeps_one_window_and_a_change_between_pages_comes_next_time(
    client, worker, supervisor, open_case, add_visit, h
):
    cases = [await open_case() for _ in range(5)]
    first = (await client.get("/v1/sync", params={"limit": 2}, headers=worker)).json()
    assert first["more"] is True and len(first["cases"]) == 2
    # a visit commits while the phone is between pages, on a case already sent
    sent = first["cases"][0]["id"]
    await add_visit(sent, when=h.at(clock.today()))
    seen = {c["id"] for c in first["cases"]}
    since = first["next_since"]
    while True:
        body = (await client.get("/v1/sync", params={"limit": 2, "since": since}, headers=worker)).json()
        seen |= {c["id"] for c in body["cases"]}
        since = body["next_since"]
        if not body["more"]:
            break
    assert seen == {c["id"] for c in cases}
    after = (await client.get("/v1/sync", params={"since": since}, headers=worker)).json()
    assert [c["id"] for c in after["cases"]] == [sent] and len(after["visits"]) == 1


async def test_sync_is_for_case_workers_and_refuses_a_foreign_since(client, supervisor, worker):
    assert (await client.get("/v1/sync", headers=supervisor)).status_code == 403
    for since in ("bm90LWEtcG9zaXRpb24", "%%%", "WzEsMl0"):  # JSON but no position; not base64; [1,2]
        r = await client.get("/v1/sync", params={"since": since}, headers=worker)
        assert r.status_code == 422 and r.json()["code"] == "invalid_since"


async def test_sync_masks_national_ids(client, worker, open_case):
    case = await open_case()
    body = (await client.get("/v1/sync", headers=worker)).json()
    assert body["cases"][0]["national_id"] != case["national_id"] and "*" in body["cases"][0]["national_id"]


def test_position_round_trip_and_refusals():
    p = Position(seq=42, day=date(2026, 11, 30), upto=50, after="c")
    assert Position.from_json(p.to_json()) == p
    for bad in ([-1, None, None, None], [5, None, 3, None], "x", [1, 2]):
        with pytest.raises(ValueError):
            Position.from_json(bad)


def test_touched_cases_and_policy_counties():
    assert touched_cases([{"case_id": "a"}, {"county": "TW-MIA"}, {"case_id": "b"}]) == {"a", "b"}
    versions = [("TW-MIA", date(2026, 12, 1)), ("TW-TPE", date(2026, 11, 1)), ("TW-HSQ", date(2027, 1, 1))]
    # synced on 30 Nov, syncing on 1 Dec: Miaoli's version came into force in between
    assert counties_with_new_policy(versions, since_day=date(2026, 11, 30), today=date(2026, 12, 1)) == {"TW-MIA"}
    assert counties_with_new_policy(versions, since_day=date(2026, 12, 1), today=date(2026, 12, 1)) == set()


def test_page_in_id_order():
    assert page(["c", "a", "b"], after=None, limit=2) == (["a", "b"], True)
    assert page(["c", "a", "b"], after="b", limit=2) == (["c"], False)
