import sys
from pathlib import Path

import pytest
from carenet_household_audit.config import Settings
from carenet_household_audit.main import create_app
from carenet_testing.plugin import ServiceHarness

# helpers shared by the test modules (importlib import mode: put this folder on the path)
sys.path.insert(0, str(Path(__file__).parent))

from ha_testkit import COUNTY


@pytest.fixture(scope="session")
def harness() -> ServiceHarness:
    # The scheduler would draw last month by itself in the middle of tests: tests drive it explicitly.
    return ServiceHarness(
        service_dir=Path(__file__).parents[1],
        settings_cls=Settings,
        create_app=create_app,
        settings_overrides={"scheduler_enabled": False},
    )


@pytest.fixture
def admin(auth):
    return auth("county_admin", county=COUNTY, sub="admin-mia")


@pytest.fixture
def system(auth):
    return auth("system", county=None, sub="registry-gateway")


@pytest.fixture
def auditor(auth):
    return auth("auditor", county=COUNTY, sub="auditor-mia")
