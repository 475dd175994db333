from pathlib import Path

import pytest

from carenet_core.testing import ServiceHarness
from carenet_indicators.config import Settings
from carenet_indicators.main import create_app


@pytest.fixture(scope="session")
def harness() -> ServiceHarness:
    # The session app must not follow a real case-mgmt that may be running on this machine:
    # tests drive the consumer themselves with hand-made events.
    return ServiceHarness(service_dir=Path(__file__).parents[1], settings_cls=Settings, create_app=create_app,
                          settings_overrides={"feed_enabled": False})
