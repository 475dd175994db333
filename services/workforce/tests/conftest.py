import sys
from pathlib import Path

import pytest
from carenet_testing.plugin import ServiceHarness
from carenet_workforce.config import Settings
from carenet_workforce.main import create_app

# helpers shared by the test modules (importlib import mode: put this folder on the path)
sys.path.insert(0, str(Path(__file__).parent))

from wf_testkit import COUNTY


@pytest.fixture(scope="session")
def harness() -> ServiceHarness:
    return ServiceHarness(service_dir=Path(__file__).parents[1], settings_cls=Settings, create_app=create_app)


@pytest.fixture
def admin(auth):
    return auth("county_admin", county=COUNTY, sub="admin-mia")


@pytest.fixture
def system(auth):
    return auth("system", county=None, sub="gateway-activity")
