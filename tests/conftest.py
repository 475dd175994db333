"""Cross-service tests: the real stack (four uvicorn services + the gateway) on free loopback ports,
migrated into the run's test database."""

from __future__ import annotations

import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from carenet_testing.plugin import TestDatabase
from carenet_testing.stack import SERVICES, Stack


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def stack(carenet_database: TestDatabase) -> Iterator[Stack]:
    env = {
        "CARENET_ENV": "dev",
        "CARENET_DATA_DIR": tempfile.mkdtemp(prefix="carenet-stack-"),
        "CARENET_GATEWAY_READ_TIMEOUT": "5",
        "CARENET_GATEWAY_CONNECT_TIMEOUT": "1",
        "CARENET_GATEWAY_RATE_LIMIT_PER_SECOND": "0",
        "CARENET_INDICATORS_FEED_POLL_INTERVAL": "0.2",
        "CARENET_GATEWAY_ACTIVITY_FLUSH_SECONDS": "0.3",
    }
    for s in SERVICES:
        if carenet_database.kind == "postgresql":
            env[f"{s.env_prefix}DATABASE_URL"] = carenet_database.url
    st = Stack(
        env=env,
        gateway_port=free_port(),
        ports={s.name: free_port() for s in SERVICES},
        log_dir=Path(env["CARENET_DATA_DIR"]) / "logs",
        console_port=free_port(),  # the console's pages, behind the gateway at /console/
    )
    st.migrate_all()
    st.start_all()
    try:
        st.wait_healthy(timeout=90)
        yield st
    finally:
        st.stop_all()


@pytest.fixture(scope="session")
def gw(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.gateway_url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def login(gw: httpx.Client) -> Callable[..., dict[str, str]]:
    """`login("case_worker", county="TW-MIA", district="頭份市", sub="cw-1")` → headers, via the dev-token endpoint."""

    def make(
        *roles: str,
        county: str | None = "TW-MIA",
        district: str | None = None,
        sub: str = "tester",
        unit: str | None = None,
        agency: str | None = None,
    ) -> dict[str, str]:
        r = gw.post(
            "/auth/dev-token",
            json={
                "sub": sub,
                "roles": list(roles),
                "county": county,
                "district": district,
                "unit": unit,
                "agency": agency,
            },
        )
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    return make


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Where the console's browser tests left their screenshots (kept as CI artifacts)."""
    shots = Path(__file__).resolve().parents[1] / "test-artifacts" / "console"
    if shots.is_dir() and any(shots.iterdir()):
        terminalreporter.write_line(f"console screenshots and downloads: {shots}")
