import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from carenet_testing.plugin import ServiceHarness
from probe.app import ProbeSettings, create_app


@pytest.fixture(scope="session")
def harness() -> ServiceHarness:
    # Background loops off: these tests drive the publisher and the linker themselves.
    return ServiceHarness(
        service_dir=Path(__file__).parent / "probe",
        settings_cls=ProbeSettings,
        create_app=create_app,
        settings_overrides={"background_tasks": False},
    )
