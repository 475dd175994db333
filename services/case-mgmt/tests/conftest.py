import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from carenet_case_mgmt.cases.rules import with_check_digit
from carenet_case_mgmt.config import Settings
from carenet_case_mgmt.main import create_app
from carenet_core import clock
from carenet_core.clock import TAIPEI
from carenet_testing.plugin import ServiceHarness


@pytest.fixture(scope="session")
def harness() -> ServiceHarness:
    return ServiceHarness(service_dir=Path(__file__).parents[1], settings_cls=Settings, create_app=create_app)


def new_national_id() -> str:
    return with_check_digit(f"A1{uuid.uuid4().int % 10**7:07d}")


def intake_body(**over) -> dict:
    body = {
        "national_id": new_national_id(),
        "name": "王小明",
        "birth_date": "1980-05-01",
        "sex": "M",
        "county": "TW-MIA",
        "district": "頭份市",
        "kinds": ["psychiatric"],
        "source": "hospital_discharge",
        "intake_date": clock.today().isoformat(),
        "flags": [],
    }
    body.update(over)
    return body


def at(d: date, hour: int = 10) -> str:
    """An instant on a Taipei day; today, a few seconds ago (later `hour` → later instant), never in the future."""
    if d == clock.today():
        return (clock.now().astimezone(TAIPEI) - timedelta(seconds=30 - hour)).isoformat()
    return datetime.combine(d, time(hour), TAIPEI).isoformat()


def days_ago(n: int) -> date:
    return clock.today() - timedelta(days=n)


@pytest.fixture
def worker(auth):
    return auth("case_worker", county="TW-MIA", district="頭份市", sub="cw-1")


@pytest.fixture
def supervisor(auth):
    return auth("supervisor", county="TW-MIA", sub="sup-1")


@pytest.fixture
def open_case(client, worker):
    async def make(headers=None, **over) -> dict:
        r = await client.post("/v1/cases", json=intake_body(**over), headers=headers or worker)
        assert r.status_code == 201, r.text
        return r.json()

    return make


@pytest.fixture
def add_visit(client, worker):
    async def make(
        case_id: str,
        *,
        when: str,
        method: str = "face_to_face_home",
        outcome: str = "met",
        headers=None,
        visit_id: str | None = None,
        **extra,
    ):
        body = {"id": visit_id or str(uuid.uuid4()), "visited_at": when, "method": method, "outcome": outcome, **extra}
        r = await client.post(f"/v1/cases/{case_id}/visits", json=body, headers=headers or worker)
        assert r.status_code in (200, 201), r.text
        return r.json()

    return make


@pytest.fixture(scope="session")
def h():
    """Plain helpers for the tests: `h.intake_body(...)`, `h.at(day)`, `h.days_ago(n)`, `h.new_national_id()`."""
    import types

    return types.SimpleNamespace(intake_body=intake_body, at=at, days_ago=days_ago, new_national_id=new_national_id)


@pytest.fixture(scope="session")
def office_calendar():
    """The seeded office calendar (2025–2027) as a pure `WorkingCalendar`; pass closed days as arguments."""
    from carenet_case_mgmt.calendar.national import SEEDED_YEARS, make_up_workdays, national_holidays
    from carenet_case_mgmt.calendar.rules import WorkingCalendar

    hs: set[date] = set()
    ws: set[date] = set()
    for y in SEEDED_YEARS:
        hs |= set(national_holidays(y))
        ws |= set(make_up_workdays(y))

    def seeded(*closures: date) -> WorkingCalendar:
        return WorkingCalendar(
            holidays=frozenset(hs), workdays=frozenset(ws), closures=frozenset(closures), years=frozenset(SEEDED_YEARS)
        )

    return seeded


async def assert_stored_facts_exact(db) -> None:
    """Issue 15: every case's stored standing facts equal a full recomputation from its visits, and its
    `next_visit_due` follows its tier and the county's latest applied policy version (after `catch_up`)."""
    from collections import defaultdict

    from carenet_case_mgmt.cases.facts import catch_up
    from carenet_case_mgmt.cases.models import Case
    from carenet_case_mgmt.tiers.models import TierPolicyVersion
    from carenet_case_mgmt.tiers.rules import DEFAULT_POLICY, VisitFact, VisitFacts, due_after, facts_of
    from carenet_case_mgmt.tiers.service import policy_from_row
    from carenet_case_mgmt.visits.models import Visit
    from sqlalchemy import select

    async with db.transaction() as s:
        await catch_up(s, on=clock.today())
        cases = (await s.scalars(select(Case))).all()
        rows = (await s.execute(select(Visit.case_id, Visit.visited_at, Visit.method, Visit.outcome))).all()
        versions = (
            await s.scalars(
                select(TierPolicyVersion)
                .where(TierPolicyVersion.applied.is_(True))
                .order_by(TierPolicyVersion.effective_from)
            )
        ).all()
    visits = defaultdict(list)
    for case_id, at, method, outcome in rows:
        visits[case_id].append(VisitFact(visited_at=at, method=method, outcome=outcome))
    policy_of = {v.county: policy_from_row(v) for v in versions}  # the latest applied version wins
    for c in cases:
        want = facts_of(visits[c.id])
        got = VisitFacts(
            last_visit_on=c.last_visit_on,
            last_outcome=c.last_visit_outcome,
            last_contact_on=c.last_contact_on,
            consecutive_not_met=c.consecutive_not_met,
        )
        assert got == want, (c.id, got, want)
        due = due_after(
            tier=c.tier,
            intake_date=c.intake_date,
            last_visit_on=want.last_visit_on,
            last_outcome=want.last_outcome,
            policy=policy_of.get(c.county, DEFAULT_POLICY),
        )
        assert c.next_visit_due == due, (c.id, c.next_visit_due, due)


@pytest.fixture(autouse=True)
async def _stored_standing_is_exact(request, _fresh_tables):
    """After every test that used the app, before its tables are emptied: `assert_stored_facts_exact`."""
    yield
    if "app" in request.fixturenames:
        await assert_stored_facts_exact(request.getfixturevalue("app").state.db)
