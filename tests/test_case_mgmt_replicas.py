"""Issue 15, from outside: two case-mgmt processes on one PostgreSQL database.

- An `Idempotency-Key` retried on the other process replays the first answer; nothing is written twice.
- Visits sent at once to one case through both processes leave the standing facts stored on the case row
  equal to a recomputation from the visits the service holds (the case row is locked per visit).
- The background jobs run once across both: every event is numbered exactly once, in one gapless order of
  `seq` (the outbox publisher's advisory lock), and every access-trail row is linked into one hash chain
  exactly once (the linker's advisory lock) — `verify_chain` walks it whole.

Times come from the servers' own clock (their `Date` header): the processes do not share the test's clock.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest
from carenet_case_mgmt.config import Settings
from carenet_case_mgmt.tiers.rules import DEFAULT_POLICY, VisitFact, due_after, facts_of
from carenet_core.auth import mint_dev_token
from carenet_core.clock import TAIPEI, taipei_date
from carenet_core.db import Database
from carenet_core.trail import verify_chain
from carenet_testing.plugin import TestDatabase
from carenet_testing.stack import SERVICES, Stack

from .conftest import free_port
from .processes import spawn_uvicorn, stop, wait_http
from .twid import national_id

SPEC = next(s for s in SERVICES if s.name == "case-mgmt")
_people = random.Random(uuid.uuid4().int)  # persons never seen by another test (one open case per person)
COUNTY, DISTRICT = "TW-TTT", "臺東市"  # a county no other cross-service test writes cases in


@pytest.fixture(scope="module")
def replicas(carenet_database: TestDatabase) -> Iterator[list[str]]:
    if carenet_database.kind != "postgresql":
        pytest.skip("!!! SKIPPED: two processes on one database need PostgreSQL !!!")
    data = tempfile.mkdtemp(prefix="carenet-replicas-")
    env = {"CARENET_ENV": "dev", "CARENET_DATA_DIR": data, f"{SPEC.env_prefix}DATABASE_URL": carenet_database.url}
    st = Stack(env=env, ports={s.name: free_port() for s in SERVICES}, log_dir=Path(data) / "logs", only=(SPEC.name,))
    st.migrate_all()
    ports = [free_port(), free_port()]
    logs = [Path(data) / "logs" / f"case-mgmt-{i}.log" for i in range(2)]
    procs = [spawn_uvicorn(SPEC.factory, p, env=st.full_env(), log=log) for p, log in zip(ports, logs, strict=True)]
    try:
        for p, proc, log in zip(ports, procs, logs, strict=True):
            wait_http(f"http://127.0.0.1:{p}/health", proc, log, timeout=90)
        yield [f"http://127.0.0.1:{p}" for p in ports]
    finally:
        for proc in procs:
            stop(proc)


def _headers(*roles: str, sub: str, **extra: str) -> dict[str, str]:
    claims = {
        "sub": sub,
        "roles": list(roles),
        "county": COUNTY,
        "district": DISTRICT if "system" not in roles else None,
    }
    if "system" in roles:
        claims["county"] = None
    return {"Authorization": f"Bearer {mint_dev_token(Settings(env='dev'), claims)}", **extra}


def _intake(server_now: datetime, days_ago: int) -> dict:
    return {
        "national_id": national_id(_people),
        "name": "林小華",
        "birth_date": "1975-03-02",
        "sex": "F",
        "county": COUNTY,
        "district": DISTRICT,
        "kinds": ["psychiatric"],
        "source": "hospital_discharge",
        "intake_date": (taipei_date(server_now) - timedelta(days=days_ago)).isoformat(),
        "flags": [],
    }


def _server_now(r: httpx.Response) -> datetime:
    return parsedate_to_datetime(r.headers["date"]).astimezone(UTC)


def test_an_idempotency_key_retried_on_the_other_process_replays(replicas: list[str]) -> None:
    a, b = (httpx.Client(base_url=u, timeout=30) for u in replicas)
    worker = _headers("case_worker", sub=f"cw-{uuid.uuid4().hex[:6]}")
    now = _server_now(a.get("/health"))
    body = _intake(now, 30)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = a.post("/v1/cases", json=body, headers={**worker, **key})
    assert first.status_code == 201, first.text
    again = b.post("/v1/cases", json=body, headers={**worker, **key})
    assert again.status_code == 201, again.text
    assert again.headers.get("Idempotent-Replay") == "true"
    assert again.json()["id"] == first.json()["id"]
    case_id = first.json()["id"]
    visit = {"id": str(uuid.uuid4()), "visited_at": (now - timedelta(days=2)).isoformat(), "method": "phone"}
    visit["outcome"] = "not_met"
    vkey = {"Idempotency-Key": str(uuid.uuid4())}
    r1 = b.post(f"/v1/cases/{case_id}/visits", json=visit, headers={**worker, **vkey})
    assert r1.status_code == 201, r1.text
    r2 = a.post(f"/v1/cases/{case_id}/visits", json=visit, headers={**worker, **vkey})
    assert r2.status_code in (200, 201), r2.text
    assert r2.json()["id"] == visit["id"]
    listed = a.get(f"/v1/cases/{case_id}/visits", headers=worker).json()["items"]
    assert [v["id"] for v in listed] == [visit["id"]]
    read = b.get(f"/v1/cases/{case_id}", headers=worker).json()
    assert read["consecutive_not_met"] == 1


async def _send_visits(replicas: list[str], case_id: str, worker: dict[str, str], now: datetime) -> None:
    bodies = []
    for i in range(24):
        when = now - timedelta(days=i % 9, hours=i)
        outcome = "met" if i % 5 == 3 else "not_met"
        method = "face_to_face_home" if i % 7 == 0 else "phone"
        body = {"id": str(uuid.uuid4()), "visited_at": when.astimezone(TAIPEI).isoformat(), "method": method}
        body["outcome"] = outcome
        bodies.append(body)
    async with httpx.AsyncClient(timeout=60) as client:

        async def send(i: int, body: dict) -> None:
            base = replicas[i % 2]
            r = await client.post(f"{base}/v1/cases/{case_id}/visits", json=body, headers=worker)
            assert r.status_code == 201, r.text

        await asyncio.gather(*(send(i, b) for i, b in enumerate(bodies)))


def test_concurrent_visits_through_both_processes_leave_the_stored_standing_exact(replicas: list[str]) -> None:
    a, b = (httpx.Client(base_url=u, timeout=30) for u in replicas)
    worker = _headers("case_worker", sub=f"cw-{uuid.uuid4().hex[:6]}")
    now = _server_now(a.get("/health"))
    r = a.post("/v1/cases", json=_intake(now, 40), headers=worker)
    assert r.status_code == 201, r.text
    case = r.json()
    asyncio.run(_send_visits(replicas, case["id"], worker, now - timedelta(minutes=1)))
    visits = b.get(f"/v1/cases/{case['id']}/visits?limit=100", headers=worker).json()["items"]
    assert len(visits) == 24
    facts = facts_of(
        [
            VisitFact(visited_at=datetime.fromisoformat(v["visited_at"]), method=v["method"], outcome=v["outcome"])
            for v in visits
        ]
    )
    want_due = due_after(
        tier=1,
        intake_date=datetime.fromisoformat(case["intake_date"]).date(),
        last_visit_on=facts.last_visit_on,
        last_outcome=facts.last_outcome,
        policy=DEFAULT_POLICY,
    )
    for client in (a, b):  # each process answers from the stored facts
        got = client.get(f"/v1/cases/{case['id']}", headers=worker).json()
        assert got["consecutive_not_met"] == facts.consecutive_not_met
        assert got["last_visit_date"] == facts.last_visit_on.isoformat()
        assert got["next_visit_due"] == want_due.isoformat()
    assert facts.consecutive_not_met > 0  # the history ends in a run of not-met attempts


def test_background_jobs_run_once_across_both(replicas: list[str], carenet_database: TestDatabase) -> None:
    a, b = (httpx.Client(base_url=u, timeout=30) for u in replicas)
    worker = _headers("case_worker", sub=f"cw-{uuid.uuid4().hex[:6]}")
    now = _server_now(a.get("/health"))
    opened = []
    for i in range(10):
        r = (a if i % 2 else b).post("/v1/cases", json=_intake(now, 5), headers=worker)
        assert r.status_code == 201, r.text
        opened.append(r.json()["id"])
    system = _headers("system", sub="replica-test-reader")
    seen: dict[str, list[int]] = {}
    after, deadline = 0, datetime.now(UTC) + timedelta(seconds=60)
    while set(seen) < set(opened) and datetime.now(UTC) < deadline:  # each process numbers what it finds
        for client in (a, b):
            page = client.get(f"/v1/events?after={after}&limit=5000", headers=system).json()
            for item in page["items"]:
                after = max(after, item["seq"])
                if item["type"] == "case.opened" and item["data"]["case_id"] in opened:
                    seen.setdefault(item["data"]["case_id"], []).append(item["seq"])
    assert sorted(seen) == sorted(opened)
    assert all(len(seqs) == 1 for seqs in seen.values()), seen  # numbered once, read once
    whole = a.get("/v1/events?after=0&limit=5000", headers=system).json()["items"]
    seqs = [i["seq"] for i in whole]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # one order, no seq given twice, no gap

    async def chain() -> tuple[bool, int, int]:
        db = Database(carenet_database.url, schema="case_mgmt")
        try:
            for _ in range(120):  # the linkers (one at a time) catch up within a few ticks
                async with db.transaction() as s:
                    report = await verify_chain(s)
                if report.unlinked == 0:
                    break
                await asyncio.sleep(0.5)
            return report.ok, report.checked, report.unlinked
        finally:
            await db.dispose()

    ok, checked, unlinked = asyncio.run(chain())
    assert ok and unlinked == 0 and checked >= 10
