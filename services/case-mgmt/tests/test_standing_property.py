"""The standing the API reports equals a full recomputation by the pure rules (issue 15), for random histories.

Each example opens a case in a county of its own and replays a random sequence of visits (met or not,
face-to-face, phone or video, the person or only the family seen, up to 800 days back — past the
400-day look-back the service reads), tier changes (up and down; the API must accept or refuse each as
`check_tier_change` decides) and tier policy versions (today or later; a second one on the same day is
409). After every visit the answer's `case` block, and at the end `GET /v1/cases/{id}`, must equal
`tiers.rules.standing()` over every visit sent, the tier the model holds and the policy version in force
today. PostgreSQL, a bounded number of examples, no timing.
"""

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from carenet_case_mgmt.cases.models import Case
from carenet_case_mgmt.tiers.rules import (
    DEFAULT_POLICY,
    TierPolicy,
    TierSpan,
    VisitFact,
    VisitFacts,
    check_tier_change,
    counts_for_step_down,
    due_after,
    facts_of,
    standing,
    tier_locked_until,
    tier_on,
)
from carenet_core import clock
from carenet_core.clock import start_of_day
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

_counties = itertools.count(1)


@dataclass(frozen=True)
class VisitOp:
    days_ago: int
    hour: int
    method: str
    outcome: str
    seen: str | None


@dataclass(frozen=True)
class TierOp:
    step: int  # +1: one tier down (a higher number), -1: one up; others are refused or clamped to 1–5


@dataclass(frozen=True)
class PolicyOp:
    from_days: int  # effective from today + this many days
    intervals: tuple[int, int, int, int, int]
    not_met_retry_days: int


visit_ops = st.builds(
    VisitOp,
    days_ago=st.integers(0, 800),
    hour=st.integers(0, 23),
    method=st.sampled_from(["face_to_face_home", "face_to_face_home", "face_to_face_other", "phone", "video"]),
    outcome=st.sampled_from(["met", "not_met", "not_met"]),
    seen=st.sampled_from(["person", "person", "family_only"]),
)
policy_ops = st.builds(
    PolicyOp,
    from_days=st.sampled_from([0, 0, 1, 40]),
    intervals=st.tuples(*[st.integers(1, 400)] * 5),
    not_met_retry_days=st.integers(1, 30),
)
histories = st.tuples(
    st.integers(0, 900),  # intake, days ago
    st.lists(
        st.one_of(visit_ops, visit_ops, st.builds(TierOp, st.sampled_from([1, 1, 1, -1, -2, 2])), policy_ops),
        max_size=10,
    ),
)


@dataclass
class Model:
    """What the rules know of the case: every visit sent, the tier and its last change, the policy versions."""

    intake: date
    locked_until: date
    tier: int = 1
    since: datetime | None = None
    visits: list[tuple[VisitFact, str | None]] = field(default_factory=list)
    policies: dict[date, TierPolicy] = field(default_factory=dict)

    def policy_today(self) -> TierPolicy:
        today = clock.today()
        in_force = [d for d in self.policies if d <= today]
        return self.policies[max(in_force)] if in_force else DEFAULT_POLICY

    def expected(self):
        return standing(
            on=clock.today(),
            tier=self.tier,
            intake_date=self.intake,
            visits=[v for v, _ in self.visits],
            policy=self.policy_today(),
        )


async def _check_stored(db, case_id: str, model: Model) -> None:
    """The facts stored on the case row equal a full recomputation from every visit and the tier (issue 15)."""
    async with db.transaction() as s:
        row = await s.get(Case, case_id)
    assert row is not None
    want = facts_of([v for v, _ in model.visits])
    got = VisitFacts(
        last_visit_on=row.last_visit_on,
        last_outcome=row.last_visit_outcome,
        last_contact_on=row.last_contact_on,
        consecutive_not_met=row.consecutive_not_met,
    )
    assert got == want
    assert row.tier == model.tier
    assert row.next_visit_due == due_after(
        tier=model.tier,
        intake_date=model.intake,
        last_visit_on=want.last_visit_on,
        last_outcome=want.last_outcome,
        policy=model.policy_today(),
    )


def _check_block(got: dict, model: Model) -> None:
    want = model.expected()
    assert got["next_visit_due"] == want.next_visit_due.isoformat()
    assert got["overdue"] == want.overdue
    assert got["consecutive_not_met"] == want.consecutive_not_met


@settings(
    max_examples=100,
    deadline=None,
    database=None,
    derandomize=True,  # the same histories every run: a red CI is reproducible (the clock still moves them)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories)
# found by this test: a run of not-met visits reaching back past the 400-day look-back was cut short
@example(
    history=(420, [VisitOp(410, 10, "face_to_face_home", "not_met", None), VisitOp(0, 10, "phone", "not_met", None)])
)
async def test_reported_standing_equals_a_full_recomputation(client, auth, h, db, history):
    intake_days_ago, ops = history
    county = f"TW-P{next(_counties):05d}"
    worker = auth("case_worker", county=county, district="頭份市", sub="cw-prop")
    admin = auth("county_admin", county=county, sub="admin-prop")
    r = await client.post(
        "/v1/cases",
        json=h.intake_body(county=county, intake_date=h.days_ago(intake_days_ago).isoformat()),
        headers=worker,
    )
    assert r.status_code == 201, r.text
    case = r.json()
    model = Model(
        intake=date.fromisoformat(case["intake_date"]), locked_until=date.fromisoformat(case["tier_locked_until"])
    )
    assert model.locked_until == tier_locked_until(model.intake)
    for op in ops:
        await _check_stored(db, case["id"], model)
        if isinstance(op, VisitOp):
            when = h.at(h.days_ago(min(op.days_ago, intake_days_ago)), op.hour)
            # two visits may share an instant: the rules order a not-met attempt before a met visit then
            seen = op.seen if op.outcome == "met" else None
            body = {"id": str(uuid.uuid4()), "visited_at": when, "method": op.method, "outcome": op.outcome}
            if seen is not None:
                body["seen"] = seen
            r = await client.post(f"/v1/cases/{case['id']}/visits", json=body, headers=worker)
            assert r.status_code == 201, r.text
            visit = r.json()
            fact = VisitFact(
                visited_at=datetime.fromisoformat(visit["visited_at"]), method=op.method, outcome=op.outcome
            )
            model.visits.append((fact, seen))
            _check_block(visit["case"], model)
        elif isinstance(op, TierOp):
            to_tier = min(5, max(1, model.tier + op.step))
            since = model.since or start_of_day(model.intake)
            refusal = check_tier_change(
                from_tier=model.tier,
                to_tier=to_tier,
                on=clock.today(),
                locked_until=model.locked_until,
                met_face_to_face_since_last_change=any(
                    counts_for_step_down(method=v.method, outcome=v.outcome, seen=seen) and v.visited_at >= since
                    for v, seen in model.visits
                ),
            )
            r = await client.post(
                f"/v1/cases/{case['id']}/tier-changes", json={"to_tier": to_tier, "reason": "review"}, headers=worker
            )
            event(f"tier change: {refusal.value if refusal else 'step down' if to_tier > model.tier else 'step up'}")
            if refusal is None:
                assert r.status_code == 201, r.text
                model.tier, model.since = to_tier, datetime.fromisoformat(r.json()["changed_at"])
            else:
                assert r.status_code == 422, r.text
                assert r.json()["code"] == refusal.value
        else:
            day = clock.today() + timedelta(days=op.from_days)
            policy = TierPolicy(
                intervals=dict(zip(range(1, 6), op.intervals, strict=True)), not_met_retry_days=op.not_met_retry_days
            )
            body = {
                "effective_from": day.isoformat(),
                "intervals": {str(k): v for k, v in policy.intervals.items()},
                "not_met_retry_days": policy.not_met_retry_days,
            }
            r = await client.post(f"/v1/tier-policies/{county}", json=body, headers=admin)
            event(f"policy version from today + {op.from_days}")
            if day in model.policies:
                assert r.status_code == 409, r.text
            else:
                assert r.status_code == 201, r.text
                model.policies[day] = policy
    await _check_stored(db, case["id"], model)
    r = await client.get(f"/v1/cases/{case['id']}", headers=worker)
    assert r.status_code == 200, r.text
    got, want = r.json(), model.expected()
    assert got["tier"] == model.tier
    r = await client.get(f"/v1/cases/{case['id']}/tier-changes", headers=worker)
    assert r.status_code == 200, r.text
    spans = [TierSpan(changed_at=datetime.fromisoformat(c["changed_at"]), tier=c["to_tier"]) for c in r.json()["items"]]
    assert tier_on(spans, clock.today(), current=0) == model.tier  # the history alone gives the tier held
    _check_block(got, model)
    assert got["last_visit_date"] == (want.last_visit_date.isoformat() if want.last_visit_date else None)
    assert got["days_overdue"] == want.days_overdue
    assert got["only_phone_for_a_year"] == want.only_phone_for_a_year
    assert got["reasons"] == want.reasons
    event(f"consecutive not met: {min(want.consecutive_not_met, 3)}+")
    event(
        "visits beyond the look-back"
        if any(v.day < clock.today() - timedelta(days=400) for v, _ in model.visits)
        else "recent visits only"
    )
