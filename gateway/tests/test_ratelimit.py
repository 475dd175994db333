"""The limiter: shared through Redis when it answers, per process (and saying so) when it does not."""

import socket
import uuid

import httpx
import pytest
from carenet_gateway.config import Settings
from carenet_gateway.main import create_app
from carenet_gateway.ratelimit import RateLimiter


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(7).startswith(b"+PONG")
    except OSError:
        return False


REDIS_SKIP = "!!! SKIPPED: nothing answers on 127.0.0.1:6379 — the Redis-shared limit is NOT tested on this machine !!!"


async def test_without_redis_a_replica_limits_alone_and_says_local():
    limiter = RateLimiter(1e-6, 3, redis_url=f"redis://127.0.0.1:{_closed_port()}/0")
    await limiter.start()
    try:
        assert limiter.backend == "local"
        waits = [await limiter.take("s") for _ in range(5)]
        assert [w == 0 for w in waits] == [True, True, True, False, False]
    finally:
        await limiter.stop()


async def test_no_redis_configured_is_local_and_rate_zero_is_off():
    assert RateLimiter(1.0, 3).backend == "local"
    assert RateLimiter(0, 3, redis_url="redis://127.0.0.1:6379/0").backend == "off"


@pytest.mark.skipif(not _redis_answers(), reason=REDIS_SKIP)
async def test_two_limiters_on_one_redis_share_one_bucket():
    prefix = f"carenet:test:{uuid.uuid4().hex}:"
    a = RateLimiter(1e-6, 3, redis_url="redis://127.0.0.1:6379/0", prefix=prefix)
    b = RateLimiter(1e-6, 3, redis_url="redis://127.0.0.1:6379/0", prefix=prefix)
    await a.start()
    await b.start()
    try:
        assert a.backend == b.backend == "redis"
        passed = [await (a if i % 2 else b).take("subject") == 0 for i in range(6)]
        assert passed.count(True) == 3  # three in all, not three per replica
        assert await a.take("another") == 0  # buckets are per subject
    finally:
        await a.stop()
        await b.stop()


async def test_health_names_the_rate_limit_backend():
    app = create_app(Settings(env="dev", redis_url=f"redis://127.0.0.1:{_closed_port()}/0", health_timeout=0.2))
    async with app.api.router.lifespan_context(app.api):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as c:
            r = await c.get("/health")
    assert r.json()["rate_limit"] == "local"
    assert "services" in r.json() and int(r.headers["content-length"]) == len(r.content)
