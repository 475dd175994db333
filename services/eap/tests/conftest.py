from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from carenet_core.testing import ServiceHarness
from carenet_eap.config import Settings
from carenet_eap.main import create_app
from sqlalchemy import text

# Children before parents: the core's truncation on SQLite deletes in name order, which the
# bookings → slots/counsellors foreign keys (deliberately not cascading) refuse.
_DELETE_ORDER = ("survey_markers", "counselling_notes", "bookings", "slots", "workshop_attendance", "enrolments",
                 "check_ins", "supervisor_feedback")


@pytest.fixture(scope="session")
def harness() -> ServiceHarness:
    return ServiceHarness(service_dir=Path(__file__).parents[1], settings_cls=Settings, create_app=create_app,
                          settings_overrides={"background_tasks": False})


@pytest_asyncio.fixture(autouse=True)
async def _children_first(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    yield
    if "app" in request.fixturenames:
        db = request.getfixturevalue("app").state.db
        if not db.is_postgres:
            async with db.engine.begin() as conn:
                for name in _DELETE_ORDER:
                    await conn.execute(text(f'DELETE FROM "{name}"'))
