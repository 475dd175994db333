from pathlib import Path

import pytest
from carenet_testing.plugin import ServiceHarness
from carenet_workforce.config import Settings
from carenet_workforce.main import create_app


@pytest.fixture(scope="session")
def harness() -> ServiceHarness:
    return ServiceHarness(service_dir=Path(__file__).parents[1], settings_cls=Settings, create_app=create_app)
