"""Faults with real processes (the session's stack): a service killed (SIGKILL) mid-request answers
503 problem+json at the gateway, and the client's retry with the same Idempotency-Key after the
restart completes exactly once; indicators killed mid-feed loses and doubles nothing.

Each test uses a county no other test writes to, and leaves every process running when it ends."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta, timezone

import httpx
import pytest
from carenet_core import clock

from .twid import national_id

TAIPEI = timezone(timedelta(hours=8))
TODAY = clock.today()
# the month before last: household-audit's scheduler draws last month by itself at every start
MONTH = ((TODAY.replace(day=1) - timedelta(days=1)).replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


@pytest.fixture
def restart_after(stack) -> Iterator[list[str]]:
    """Services named in the list are (re)started and healthy again when the test ends, whatever happened."""
    names: list[str] = []
    yield names
    for name in names:
        proc = stack.procs.get(name)
        if proc is None or proc.poll() is not None:
            stack.start(name)
    if names:
        stack.wait_healthy(names=names)


def _is_503_problem(r: httpx.Response) -> bool:
    return r.status_code == 503 and r.headers.get("content-type") == "application/problem+json"


def _open_cases(gw, headers, county, district, n, rng, letter) -> list[str]:
    ids = []
    for i in range(n):
        r = gw.post(
            "/case-mgmt/v1/cases",
            headers=headers,
            json={
                "national_id": national_id(rng, letter),
                "name": f"故障{i}",
                "birth_date": "1966-06-06",
                "sex": "M",
                "county": county,
                "district": district,
                "kinds": ["psychiatric"],
                "source": "community",
                "intake_date": TODAY.isoformat(),
            },
        )
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return ids


# ---- (a) a service killed mid-request; the client retries with the same Idempotency-Key ----


def test_ingest_killed_mid_request_then_retried_with_the_same_key_stores_each_record_once(
    stack, gw, login, restart_after
):
    county = "TW-CHA"
    system = login("system", county=None, sub="fault-sys")
    auditor = login("auditor", county=county, sub="fault-aud")
    unit = f"FAULT-{uuid.uuid4().hex[:6].upper()}"
    assert (
        gw.post(
            "/household-audit/v1/units",
            headers=system,
            json={"code": unit, "name": "彰化縣衛生局", "county": county, "kind": "health_bureau"},
        ).status_code
        == 201
    )
    rng = random.Random(88)
    records = [
        {
            "id": str(uuid.uuid4()),
            "unit": unit,
            "county": county,
            "user_id": f"u{i % 13}",
            "queried_at": f"{MONTH}-{1 + i % 28:02d}T{8 + i % 10:02d}:00:00+08:00",
            "subject_national_id": national_id(rng, "N", 1 + i % 2),
            "purpose": "個案訪視",
            "case_ref": None,
        }
        for i in range(10_000)
    ]
    key = str(uuid.uuid4())
    headers = {**system, "Idempotency-Key": key}
    restart_after.append("household-audit")

    answer: dict[str, httpx.Response] = {}
    sender = threading.Thread(
        target=lambda: answer.setdefault(
            "r", gw.post("/household-audit/v1/query-logs", json={"records": records}, headers=headers)
        )
    )
    sender.start()
    _wait_until_busy(stack, "household-audit")
    stack.stop("household-audit", kill=True)
    sender.join()
    first = answer["r"]
    assert _is_503_problem(first), (first.status_code, first.text[:300])
    assert first.json()["code"] in ("service_unavailable", "service_timeout")
    assert "retry-after" in first.headers

    # while it is down the gateway keeps answering cleanly
    r = gw.post("/household-audit/v1/query-logs", json={"records": records[:1]}, headers=headers)
    assert _is_503_problem(r)

    stack.start("household-audit")
    stack.wait_healthy(names=["household-audit"])
    retry = gw.post("/household-audit/v1/query-logs", json={"records": records}, headers=headers)
    assert retry.status_code == 200, retry.text
    assert retry.json()["accepted"] + retry.json()["duplicates"] == 10_000 and retry.json()["rejected"] == []
    # exactly once: a repeat of the whole batch stores nothing (ingest is idempotent by record id, and says so),
    # and the month's population the sampling sees is 10 000
    again = gw.post("/household-audit/v1/query-logs", json={"records": records}, headers=headers)
    assert again.status_code == 200 and again.json()["accepted"] == 0 and again.json()["duplicates"] == 10_000
    r = gw.post("/household-audit/v1/samplings", json={"month": MONTH, "county": county}, headers=auditor)
    assert r.status_code == 201, r.text
    [drawn] = [u for u in r.json()["units"] if u["unit"] == unit]
    assert drawn["population"] == 10_000
    assert drawn["sample_size"] == 200  # max(ceil(2% × 10 000), 10)


def _wait_until_busy(stack, name: str, timeout: float = 20.0) -> None:
    """Until the service's process is working on a request (its CPU time grows), so a kill lands mid-request."""
    pid = stack.procs[name].pid

    def cpu() -> int:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks

    base = cpu()
    deadline = time.monotonic() + timeout
    while cpu() - base < 5 and time.monotonic() < deadline:  # 50 ms of CPU at 100 ticks/s: parsing the batch
        time.sleep(0.01)


def test_visits_sent_while_case_mgmt_is_killed_are_stored_once_after_retries(stack, gw, login, restart_after):
    county, district = "TW-CHA", "員林市"
    worker = login("case_worker", county=county, district=district, sub="fault-cw")
    cases = _open_cases(
        gw, login("supervisor", county=county, sub="fault-sup"), county, district, 4, random.Random(99), "N"
    )
    restart_after.append("case-mgmt")
    sent: dict[str, dict] = {}  # visit id → {"case", "body"}
    pending: list[str] = []  # answered 503: to retry
    lock = threading.Lock()
    back = threading.Event()  # case-mgmt is up again
    done: list[int] = []

    def send(case_id: str) -> None:
        """A phone: 25 visits in a row; on a 503 it waits for the service (Retry-After), then goes on."""
        with httpx.Client(base_url=gw.base_url, timeout=30) as c:
            for _ in range(25):
                body = {
                    "id": str(uuid.uuid4()),
                    "visited_at": clock.now().isoformat(),
                    "method": "phone",
                    "outcome": "not_met",
                    "note": "fault",
                }
                with lock:
                    sent[body["id"]] = {"case": case_id, "body": body}
                r = c.post(
                    f"/case-mgmt/v1/cases/{case_id}/visits",
                    json=body,
                    headers={**worker, "Idempotency-Key": body["id"]},
                )
                if r.status_code != 201:
                    assert _is_503_problem(r), (r.status_code, r.text[:300])
                    with lock:
                        pending.append(body["id"])
                    back.wait(120)
        with lock:
            done.append(1)

    threads = [threading.Thread(target=send, args=(cases[i % 4],)) for i in range(6)]
    for t in threads:
        t.start()
    while len(sent) < 40:
        time.sleep(0.01)
    stack.stop("case-mgmt", kill=True)
    while len(pending) + len(done) < len(threads):  # every phone has met the outage (or finished)
        time.sleep(0.01)
    assert pending, "no request met the outage"
    stack.start("case-mgmt")
    stack.wait_healthy(names=["case-mgmt"])
    back.set()
    for t in threads:
        t.join()

    # the client retries what failed, with the same key and body: 201 (never stored) or 200 (stored, answer lost)
    for visit_id in pending:
        item = sent[visit_id]
        r = gw.post(
            f"/case-mgmt/v1/cases/{item['case']}/visits",
            json=item["body"],
            headers={**worker, "Idempotency-Key": visit_id},
        )
        assert r.status_code in (200, 201), r.text
        assert r.json()["id"] == visit_id
    stored: dict[str, int] = {}
    for case_id in cases:
        r = gw.get(f"/case-mgmt/v1/cases/{case_id}/visits", params={"limit": 500}, headers=worker)
        assert r.status_code == 200 and r.json()["next_cursor"] is None
        for v in r.json()["items"]:
            stored[v["id"]] = stored.get(v["id"], 0) + 1
    assert set(stored) == set(sent), "a visit was lost or invented"
    assert all(n == 1 for n in stored.values()), "a visit was stored twice"
    for case_id in cases:
        r = gw.get(f"/case-mgmt/v1/cases/{case_id}", headers=worker)
        expected = sum(1 for s in sent.values() if s["case"] == case_id)
        assert r.json()["consecutive_not_met"] == expected  # the case's counters counted each visit once


# ---- (b) indicators killed mid-feed ----


def test_indicators_killed_mid_feed_loses_and_doubles_nothing(stack, gw, login, restart_after):
    county, district = "TW-YUN", "斗六市"
    period = str(TODAY.year)
    sup = login("supervisor", county=county, sub="fault-yun-sup")
    hospital = login("hospital", county=county, sub="fault-yun-hosp", unit="H-YUN-01")
    reader = login("county_admin", county=county, sub="fault-yun-admin")
    restart_after.append("indicators")

    def items() -> dict:
        r = gw.get(f"/indicators/v1/scorecards/{county}", params={"period": period}, headers=reader)
        assert r.status_code == 200, r.text
        return {i["code"]: (i["numerator"], i["denominator"]) for i in r.json()["items"]}

    # indicators is down while case-mgmt records a backlog: 12 cases, 6 plans, 10 visits a case
    stack.stop("indicators", kill=True)
    rng = random.Random(77)
    people = [national_id(rng, "P") for _ in range(12)]
    cases = []
    for i, nid in enumerate(people):
        r = gw.post(
            "/case-mgmt/v1/cases",
            headers=sup,
            json={
                "national_id": nid,
                "name": f"雲林{i}",
                "birth_date": "1959-09-09",
                "sex": "F",
                "county": county,
                "district": district,
                "kinds": ["psychiatric"],
                "source": "hospital_discharge",
                "intake_date": TODAY.isoformat(),
            },
        )
        assert r.status_code == 201, r.text
        cases.append(r.json()["id"])
    for nid in people[:6]:
        r = gw.post(
            "/case-mgmt/v1/discharge-plans",
            headers=hospital,
            json={
                "national_id": nid,
                "name": "雲林",
                "hospital": "斗六醫院",
                "discharged_at": (TODAY - timedelta(days=3)).isoformat(),
                "compulsory": False,
                "needs_follow_up": True,
                "summary": "出院",
            },
        )
        assert r.status_code == 201, r.text

    def visit(case_id: str) -> None:
        body = {
            "id": str(uuid.uuid4()),
            "visited_at": clock.now().isoformat(),
            "method": "face_to_face_home",
            "outcome": "met",
            "note": "feed",
        }
        r = gw.post(f"/case-mgmt/v1/cases/{case_id}/visits", json=body, headers={**sup, "Idempotency-Key": body["id"]})
        assert r.status_code == 201, r.text

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(visit, [c for c in cases for _ in range(10)]))
    expect = {
        "avg_visits_per_psychiatric_case": (120, 12),
        "discharge_plan_upload_14d": (6, 6),
        "discharge_first_visit_14d": (6, 6),
    }

    # indicators comes back reading one event per transaction; kill it (SIGKILL) twice while it is part-way
    mid_feed_kills = 0
    stack.env["CARENET_INDICATORS_FEED_BATCH"] = "1"
    try:
        for _ in range(2):
            stack.start("indicators")
            stack.wait_healthy(names=["indicators"])
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                got = items()
                num, _ = got.get("avg_visits_per_psychiatric_case", (None, None))
                if num and num < 120:  # part of the visits applied: the consumer is mid-way
                    stack.stop("indicators", kill=True)
                    mid_feed_kills += 1
                    break
                if num == 120:
                    break
                time.sleep(0.02)
            else:
                pytest.fail("indicators made no progress on the feed")
    finally:
        del stack.env["CARENET_INDICATORS_FEED_BATCH"]
    assert mid_feed_kills >= 1, "never caught indicators part-way through the backlog"

    # back with its normal settings: it catches up from its stored position, nothing lost, nothing doubled
    stack.stop("indicators", kill=True)
    stack.start("indicators")
    stack.wait_healthy(names=["indicators"])
    deadline = time.monotonic() + 30
    got = {}
    while time.monotonic() < deadline:
        got = {code: items().get(code) for code in expect}
        if got == expect:
            break
        time.sleep(0.1)
    assert got == expect
    # and it stays there (a replayed batch would double the counts)
    time.sleep(1.0)
    assert {code: items().get(code) for code in expect} == expect
