from pathlib import Path

import pytest
from carenet_resources.config import Settings
from carenet_resources.main import create_app
from carenet_testing.plugin import ServiceHarness


@pytest.fixture(scope="session")
def harness() -> ServiceHarness:
    return ServiceHarness(service_dir=Path(__file__).parents[1], settings_cls=Settings, create_app=create_app)
