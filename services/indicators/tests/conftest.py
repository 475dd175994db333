from pathlib import Path

import pytest
from carenet_indicators.config import Settings
from carenet_indicators.main import create_app
from carenet_testing.plugin import ServiceHarness


@pytest.fixture(scope="session")
def harness() -> ServiceHarness:
    # The session app must not follow a real case-mgmt that may be running on this machine:
    # tests drive the consumer themselves with hand-made events.
    return ServiceHarness(
        service_dir=Path(__file__).parents[1],
        settings_cls=Settings,
        create_app=create_app,
        settings_overrides={"feed_enabled": False},
    )


class FakeFeed:
    """case-mgmt's `/v1/events` in-process: events shaped exactly as the agreed feed, numbered in order."""

    def __init__(self) -> None:
        self.events: list[dict] = []
        self.down = False

    def add(self, type: str, **data) -> dict:
        event = {"seq": len(self.events) + 1, "type": type, "occurred_at": "2026-11-23T09:00:00+08:00", "data": data}
        self.events.append(event)
        return event

    async def __call__(self, after: int, limit: int) -> list[dict]:
        if self.down:
            import httpx

            raise httpx.ConnectError("case-mgmt is down")
        return [e for e in self.events if e["seq"] > after][:limit]

    # --- builders with the contract's fields -------------------------------------------------------
    def case(self, case_id, *, county="TW-MIA", kinds=("psychiatric",), intake_date="2026-01-05", district="頭份市"):
        return self.add(
            "case.opened",
            case_id=case_id,
            county=county,
            district=district,
            kinds=list(kinds),
            source="hospital_discharge",
            intake_date=intake_date,
            tier=1,
            flags=[],
            age_at_intake=40,
        )

    def visit(
        self,
        visit_id,
        case_id,
        visit_date,
        *,
        outcome="met",
        county="TW-MIA",
        kinds=("psychiatric",),
        method="face_to_face_home",
        updated=False,
    ):
        return self.add(
            "visit.updated" if updated else "visit.recorded",
            visit_id=visit_id,
            case_id=case_id,
            county=county,
            district="頭份市",
            kinds=list(kinds),
            visited_at=f"{visit_date}T10:00:00+08:00",
            visit_date=visit_date,
            method=method,
            outcome=outcome,
            face_to_face=method.startswith("face_to_face"),
            late=False,
        )

    def plan(self, plan_id, case_id, discharged_at, upload_date, within, due, county="TW-MIA"):
        return self.add(
            "discharge_plan.uploaded",
            plan_id=plan_id,
            case_id=case_id,
            county=county,
            discharged_at=discharged_at,
            uploaded_at=f"{upload_date}T09:00:00+08:00",
            upload_date=upload_date,
            uploaded_within_14_days=within,
            first_visit_due=due,
        )

    def first_visited(self, plan_id, case_id, visit_id, visit_date, within, county="TW-MIA"):
        return self.add(
            "discharge_plan.first_visited",
            plan_id=plan_id,
            case_id=case_id,
            county=county,
            visit_id=visit_id,
            visit_date=visit_date,
            within_14_days=within,
        )

    def conference(self, conference_id, held_on, kind, county="TW-MIA", **wave2):
        return self.add(
            "conference.held",
            conference_id=conference_id,
            county=county,
            month=held_on[:7],
            held_on=held_on,
            kind=kind,
            **wave2,
        )

    # --- wave 2 (docs/events.md) -------------------------------------------------------------------
    def discharge(self, discharge_id, discharged_at, *, needs_follow_up=True, county="TW-MIA", compulsory=False):
        return self.add(
            "discharge.notified",
            discharge_id=discharge_id,
            county=county,
            hospital="大千綜合醫院",
            discharged_at=discharged_at,
            needs_follow_up=needs_follow_up,
            compulsory=compulsory,
            notified_at=f"{discharged_at}T16:00:00+08:00",
        )

    def plan2(
        self, plan_id, discharge_id, case_id, discharged_at, upload_date, *, needs_follow_up=True, county="TW-MIA"
    ):
        """A wave-2 plan: linked to its notice; with `discharge_id=None` it is its own notice (notified first)."""
        if discharge_id is None:
            discharge_id = f"own-{plan_id}"
            self.discharge(discharge_id, discharged_at, needs_follow_up=needs_follow_up, county=county)
        return self.add(
            "discharge_plan.uploaded",
            plan_id=plan_id,
            case_id=case_id,
            county=county,
            discharged_at=discharged_at,
            uploaded_at=f"{upload_date}T09:00:00+08:00",
            upload_date=upload_date,
            uploaded_within_14_days=None,
            first_visit_due=None,
            discharge_id=discharge_id,
            needs_follow_up=needs_follow_up,
        )

    def incident(self, incident_id, kind, occurred_on, *, county="TW-MIA", case_id="c1"):
        return self.add(
            "incident.recorded",
            incident_id=incident_id,
            case_id=case_id,
            county=county,
            kind=kind,
            occurred_on=occurred_on,
            flash_report_due=occurred_on,
            conference_due=occurred_on,
        )


@pytest.fixture
def fake_feed() -> FakeFeed:
    return FakeFeed()


@pytest.fixture
def consume(db, app):
    """`await consume(feed)`: poll a FakeFeed to its end through the real FeedConsumer and progress recording."""
    from carenet_indicators.feed.job import build_consumer, poll_once

    async def run(feed: FakeFeed, *, batch: int = 500) -> int:
        consumer, tracking = build_consumer(db, app.state.settings.model_copy(update={"feed_batch": batch}), feed)
        total = 0
        while n := await poll_once(consumer, tracking, batch=batch):
            total += n
        return total

    return run


def _migration(name: str):
    import importlib.util

    path = Path(__file__).parents[1] / "migrations" / "versions" / name
    spec = importlib.util.spec_from_file_location(f"indicators_reference_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _reference_migration():
    return _migration("2026-11-23_counties_definitions.py")


def _later_reference_rows() -> dict[str, list[dict]]:
    """Rows later migrations insert (`reference_rows()`), table by table, in revision-file order."""
    out: dict[str, list[dict]] = {}
    for path in sorted((Path(__file__).parents[1] / "migrations" / "versions").glob("*.py")):
        module = _migration(path.name)
        for table, rows in getattr(module, "reference_rows", dict)().items():
            out.setdefault(table, []).extend(rows)
    return out


@pytest.fixture(autouse=True)
async def _reference_data(request):
    """The plugin truncates every table after a test — reference data included; put the migration's rows back."""
    if "app" not in request.fixturenames and "client" not in request.fixturenames:
        yield
        return
    from carenet_core.db import Base
    from carenet_indicators.counties.models import County
    from carenet_indicators.definitions.models import Definition
    from sqlalchemy import func, insert, select

    db = request.getfixturevalue("app").state.db
    async with db.transaction() as s:
        if not await s.scalar(select(func.count()).select_from(County)):
            ref = _reference_migration()
            await s.execute(insert(County), ref.county_rows())
            await s.execute(insert(Definition), ref.definition_rows())
            for table, rows in _later_reference_rows().items():
                await s.execute(insert(Base.metadata.tables[table]), rows)
    yield
