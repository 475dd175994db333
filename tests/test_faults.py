"""Faults with real processes: PostgreSQL restarted under load."""

import asyncio
import os
import tempfile
from pathlib import Path

import httpx
import pytest
from carenet_testing.stack import SERVICES, Stack

from .conftest import free_port
from .private_pg import PrivatePostgres

pytestmark = pytest.mark.skipif(not PrivatePostgres.available(), reason="needs PostgreSQL's initdb/pg_ctl here")


@pytest.fixture
def own_pg():
    pg = PrivatePostgres(free_port())
    pg.init()
    yield pg
    pg.destroy()


ONLY = tuple(s.strip() for s in os.environ.get("CARENET_FAULT_SERVICES", ",".join(s.name for s in SERVICES)).split(","))


def test_services_recover_from_a_postgres_restart_without_restarting(own_pg):
    env = {
        "CARENET_ENV": "dev",
        "CARENET_DATA_DIR": tempfile.mkdtemp(prefix="carenet-fault-"),
        "CARENET_GATEWAY_RATE_LIMIT_PER_SECOND": "0",
        "CARENET_GATEWAY_READ_TIMEOUT": "10",
    }
    for s in SERVICES:
        env[f"{s.env_prefix}DATABASE_URL"] = own_pg.url
    stack = Stack(
        env=env,
        gateway_port=free_port(),
        ports={s.name: free_port() for s in SERVICES},
        log_dir=Path(env["CARENET_DATA_DIR"]) / "logs",
        only=ONLY,
    )
    stack.migrate_all()
    stack.start_all()
    try:
        stack.wait_healthy()
        token = httpx.post(stack.gateway_url + "/auth/dev-token", json={"sub": "fault", "roles": ["system"]}).json()[
            "access_token"
        ]
        statuses, content_types = asyncio.run(_load_while_restarting(stack, token, own_pg))
        assert statuses, "the load produced no answers"
        assert not [s for s in statuses if s >= 500 and s != 503], "in-flight requests must fail cleanly (503)"
        errors = [ct for s, ct in zip(statuses, content_types, strict=True) if s >= 400]
        assert all(ct == "application/problem+json" for ct in errors)
        # and afterwards, every service serves again with the same processes
        for proc in stack.procs.values():
            assert proc.poll() is None
        for name in ONLY:
            r = httpx.get(f"{stack.gateway_url}/{name}/v1/events", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 200, (name, r.text)
    finally:
        stack.stop_all()


async def _load_while_restarting(stack, token, pg):
    statuses: list[int] = []
    content_types: list[str] = []
    stop = asyncio.Event()

    async def client(name):
        async with httpx.AsyncClient(
            base_url=stack.gateway_url, timeout=20, headers={"Authorization": f"Bearer {token}"}
        ) as c:
            while not stop.is_set():
                r = await c.get(f"/{name}/v1/events", params={"after": 0, "limit": 5})
                statuses.append(r.status_code)
                content_types.append(r.headers.get("content-type", ""))
                await asyncio.sleep(0.02)

    tasks = [asyncio.create_task(client(name)) for name in ONLY for _ in range(2)]
    await asyncio.sleep(1.0)
    await asyncio.to_thread(pg.restart)
    # recovery: keep going until every service has answered 200 again after the restart
    mark = len(statuses)
    for _ in range(100):
        await asyncio.sleep(0.1)
        if statuses[mark:].count(200) >= 2 * len(ONLY):
            break
    stop.set()
    await asyncio.gather(*tasks)
    return statuses, content_types
