"""How many SQL statements the hot paths send (issue 15): a regression guard, never a timer.

The counts are exact: a change that adds a statement to a hot path (an N+1, a look-up repeated per
case) fails here and has to lower the count again or say why it needs one more. The list and the
worklist must not grow with the number of cases on the page.
"""

import uuid

import pytest
from carenet_testing.statements import count_statements

# issue 15: before → now. The standing facts live on the case row (cases/facts.py), so a read needs the row and its
# county's rules, outer-joined in the same statement; nothing reads the visits. (A case under extended care adds
# one statement for the visits of this month and the last.)
GET_CASE = 2  # was 5, then 3: the case with its county's policy in force and settings, the trail row
GET_CASE_NO_RECENT_VISIT = 2  # was 6, then 3
# was 12, then 10: the case locked, with its rules, whether the visit id is taken and whether it has discharge
# plans; the trail row; the visit (ON CONFLICT DO NOTHING, no savepoint); the outbox event; the facts and due
# date recomputed from the visits in one UPDATE … FROM … RETURNING
POST_VISIT = 5
# was 14, then 10: policy versions that took effect since (catch_up, an UPDATE that usually matches nothing); the
# page from the due-date index with each case's rules, discharge and transfer flags; trail rows; incidents
WORKLIST = 4
PLAIN_LIST = 2  # was 6, then 4: the page with each county's rules, trail rows


@pytest.fixture
def sql(app):
    """`with sql() as s: ...` counts the statements the block sends on the app's engine."""
    return lambda: count_statements(app.state.db.engine)


def _failure(s) -> str:
    return f"{len(s)} statements:\n{s.report()}"


async def test_the_counter_sees_only_the_block(app, sql):
    from sqlalchemy import text

    async with app.state.db.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))  # outside: not counted
        with sql() as s:
            await conn.execute(text("SELECT 1"))
            await conn.execute(text("SELECT 2"))
        await conn.execute(text("SELECT 3"))
    assert s.statements == ["SELECT 1", "SELECT 2"]


async def test_reading_a_case(client, worker, open_case, add_visit, h, sql):
    case = await open_case(intake_date=h.days_ago(40).isoformat())
    await add_visit(case["id"], when=h.at(h.days_ago(10)))
    with sql() as s:
        r = await client.get(f"/v1/cases/{case['id']}", headers=worker)
    assert r.status_code == 200, r.text
    assert r.json()["last_visit_date"] == h.days_ago(10).isoformat()
    assert len(s) == GET_CASE, _failure(s)


async def test_reading_a_case_without_a_recent_visit(client, worker, open_case, h, sql):
    case = await open_case(intake_date=h.days_ago(3).isoformat())
    with sql() as s:
        r = await client.get(f"/v1/cases/{case['id']}", headers=worker)
    assert r.status_code == 200, r.text
    assert len(s) == GET_CASE_NO_RECENT_VISIT, _failure(s)


async def test_recording_a_visit(client, worker, open_case, add_visit, h, sql):
    case = await open_case(intake_date=h.days_ago(40).isoformat())
    await add_visit(case["id"], when=h.at(h.days_ago(10)))
    body = {"id": str(uuid.uuid4()), "visited_at": h.at(h.days_ago(2)), "method": "phone", "outcome": "not_met"}
    with sql() as s:
        r = await client.post(f"/v1/cases/{case['id']}/visits", json=body, headers=worker)
    assert r.status_code == 201, r.text
    assert r.json()["case"]["consecutive_not_met"] == 1
    assert len(s) == POST_VISIT, _failure(s)


async def _overdue_cases(open_case, add_visit, h, n: int) -> None:
    for i in range(n):
        case = await open_case(intake_date=h.days_ago(60 + i).isoformat())
        if i % 2:
            await add_visit(case["id"], when=h.at(h.days_ago(20 + i)), outcome="not_met", method="phone")


async def test_the_worklist_does_not_grow_with_the_page(client, worker, open_case, add_visit, h, sql):
    await _overdue_cases(open_case, add_visit, h, 3)
    with sql() as small:
        r = await client.get("/v1/worklist", headers=worker)
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == 3
    await _overdue_cases(open_case, add_visit, h, 9)
    with sql() as large:
        r = await client.get("/v1/worklist", headers=worker)
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == 12
    assert len(small) == WORKLIST, _failure(small)
    assert len(large) == WORKLIST, _failure(large)


async def test_the_plain_list_does_not_grow_with_the_page(client, worker, open_case, add_visit, h, sql):
    await _overdue_cases(open_case, add_visit, h, 3)
    with sql() as small:
        r = await client.get("/v1/cases", headers=worker)
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == 3
    await _overdue_cases(open_case, add_visit, h, 9)
    with sql() as large:
        r = await client.get("/v1/cases", headers=worker)
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == 12
    assert len(small) == PLAIN_LIST, _failure(small)
    assert len(large) == PLAIN_LIST, _failure(large)
