"""Rate limits shared across gateway replicas: two gateway processes in front of one service limit a
subject once (Redis), not twice; with Redis unreachable, or stopped mid-run, both keep serving with
their own per-process limit and say `"rate_limit": "local"` in `/health` and in their logs.

The Redis-backed half needs Redis on 127.0.0.1:6379 (and `redis-server` for the stopped-mid-run case);
without it those tests are skipped with a loud reason, and the Redis-down half still runs."""

from __future__ import annotations

import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from carenet_testing.plugin import TestDatabase
from carenet_testing.stack import SERVICES, Stack

from .conftest import free_port
from .processes import spawn, spawn_uvicorn, stop, tail, wait_http

BURST = 4


def _redis_answers(port: int = 6379) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(7).startswith(b"+PONG")
    except OSError:
        return False


SKIP_NO_REDIS = pytest.mark.skipif(
    not _redis_answers(),
    reason="!!! SKIPPED: nothing answers on 127.0.0.1:6379 — the Redis-shared rate limit is NOT tested here !!!",
)


@pytest.fixture(scope="module")
def indicators(carenet_database: TestDatabase) -> Iterator[Stack]:
    """One service (indicators) on a free port; the gateways of each test sit in front of it."""
    data = tempfile.mkdtemp(prefix="carenet-rl-")
    env = {"CARENET_ENV": "dev", "CARENET_DATA_DIR": data}
    spec = next(s for s in SERVICES if s.name == "indicators")
    if carenet_database.kind == "postgresql":
        env[f"{spec.env_prefix}DATABASE_URL"] = carenet_database.url
    st = Stack(
        env=env, ports={s.name: free_port() for s in SERVICES}, log_dir=Path(data) / "logs", only=("indicators",)
    )
    st.migrate_all()
    st.start("indicators")
    try:
        st.wait_healthy(names=["indicators"])
        yield st
    finally:
        st.stop_all()


class Gateways:
    def __init__(self, stack: Stack, redis_url: str) -> None:
        self.ports = [free_port(), free_port()]
        self.logs = [Path(stack.log_dir or ".") / f"gateway-{uuid.uuid4().hex[:6]}.log" for _ in self.ports]
        env = {
            **stack.full_env(),
            "CARENET_GATEWAY_RATE_LIMIT_PER_SECOND": "0.001",  # one token per 1000 s: no refill within a test
            "CARENET_GATEWAY_RATE_LIMIT_BURST": str(BURST),
            "CARENET_GATEWAY_REDIS_URL": redis_url,
            "CARENET_GATEWAY_RATE_LIMIT_REDIS_PREFIX": f"carenet:test:{uuid.uuid4().hex}:",
            "CARENET_GATEWAY_RATE_LIMIT_REDIS_RETRY_SECONDS": "0.2",
        }
        self.procs = [
            spawn_uvicorn("carenet_gateway.main:create_app", p, env=env, log=log)
            for p, log in zip(self.ports, self.logs, strict=True)
        ]
        for p, proc, log in zip(self.ports, self.procs, self.logs, strict=True):
            wait_http(f"http://127.0.0.1:{p}/livez", proc, log)
        # minted by a gateway (the processes' clock, not this test's), for one subject used on both
        r = httpx.post(
            self.url(0) + "/auth/dev-token", json={"sub": f"rl-{uuid.uuid4().hex[:8]}", "roles": ["ministry"]}
        )
        assert r.status_code == 200, r.text
        self.token = str(r.json()["access_token"])

    def url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.ports[i]}"

    def hit(self, i: int) -> int:
        r = httpx.get(self.url(i) + "/indicators/health", headers={"Authorization": f"Bearer {self.token}"}, timeout=10)
        assert r.status_code in (200, 429), r.text
        return r.status_code

    def backend(self, i: int) -> str:
        return str(httpx.get(self.url(i) + "/health", timeout=10).json()["rate_limit"])

    def close(self) -> None:
        for p in self.procs:
            stop(p)


@pytest.fixture
def gateways(indicators: Stack) -> Iterator[list[Gateways]]:
    made: list[Gateways] = []
    yield made
    for g in made:
        g.close()


@SKIP_NO_REDIS
def test_two_gateways_on_one_redis_limit_a_subject_once(indicators, gateways):
    g = Gateways(indicators, "redis://127.0.0.1:6379/0")
    gateways.append(g)
    assert g.backend(0) == g.backend(1) == "redis"
    codes = [g.hit(i % 2) for i in range(2 * BURST)]
    assert codes.count(200) == BURST, codes  # per-process limits would have let 2 × BURST through
    assert codes.count(429) == BURST
    assert g.hit(0) == g.hit(1) == 429


def test_with_redis_unreachable_both_gateways_serve_with_local_limits(indicators, gateways):
    closed = free_port()
    g = Gateways(indicators, f"redis://127.0.0.1:{closed}/0")
    gateways.append(g)
    assert g.backend(0) == g.backend(1) == "local"
    codes = [g.hit(i % 2) for i in range(2 * BURST)]
    assert codes == [200] * (2 * BURST)  # each replica has its own bucket of BURST
    assert g.hit(0) == g.hit(1) == 429  # and still limits
    for log in g.logs:
        assert '"backend": "local"' in log.read_text() and "redis unreachable" in log.read_text(), tail(log)


@pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="!!! SKIPPED: no redis-server binary to stop mid-run !!!"
)
def test_redis_stopped_mid_run_the_gateways_keep_serving_and_say_so(indicators, gateways, tmp_path):
    port = free_port()
    redis_log = tmp_path / "redis.log"
    redis = spawn(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        env={},
        log=redis_log,
    )
    try:
        for _ in range(50):
            if _redis_answers(port):
                break
            time.sleep(0.1)
        g = Gateways(indicators, f"redis://127.0.0.1:{port}/0")
        gateways.append(g)
        assert g.backend(0) == g.backend(1) == "redis"
        assert [g.hit(i % 2) for i in range(2)] == [200, 200]  # 2 of the shared 4 taken
    finally:
        stop(redis)
    # Redis is gone: no request fails for it; each replica now has its own fresh bucket
    codes = [g.hit(i % 2) for i in range(2 * BURST)]
    assert codes == [200] * (2 * BURST), codes
    assert g.backend(0) == g.backend(1) == "local"
    for log in g.logs:
        assert "redis unreachable" in log.read_text(), tail(log)
