"""Per-subject token buckets: shared by every gateway replica through Redis when it is configured and
answers, else in memory per replica (and the gateway says so in `/health` and its logs).

The shared bucket is one Redis hash per subject, updated by one Lua script (atomic in Redis) that reads
Redis's own clock, so replicas with skewed clocks still share one refill. When Redis fails the limiter
falls back to the in-process buckets at once (the gateway keeps serving) and tries Redis again every
`retry_seconds`; a subject then gets at most its limit per replica, never an outage.
"""

from __future__ import annotations

import time
from typing import Any, Literal

import structlog

log = structlog.get_logger("carenet.gateway.ratelimit")

Backend = Literal["redis", "local", "off"]


class TokenBuckets:
    """The in-process bucket: cheap, in memory, per gateway replica."""

    def __init__(self, rate: float, burst: int, max_keys: int = 100_000) -> None:
        self.rate, self.burst, self.max_keys = rate, float(burst), max_keys
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str) -> float:
        """0.0 when the request may pass, else the seconds to wait before retrying."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate
        if len(self._buckets) >= self.max_keys and key not in self._buckets:
            self._buckets.clear()
        self._buckets[key] = (tokens - 1.0, now)
        return 0.0


# KEYS[1] the subject's bucket; ARGV rate (tokens/s), burst. Returns the seconds to wait (0 = pass).
TAKE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local v = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(v[1]) or burst
local ts = tonumber(v[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens < 1 then
  wait = (1 - tokens) / rate
else
  tokens = tokens - 1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%.6f', now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return string.format('%.6f', wait)
"""


class RateLimiter:
    """`take(subject)` → seconds to wait (0 passes); Redis-shared when possible, per process otherwise."""

    def __init__(
        self,
        rate: float,
        burst: int,
        *,
        redis_url: str | None = None,
        prefix: str = "carenet:ratelimit:",
        retry_seconds: float = 5.0,
        timeout: float = 0.25,
    ) -> None:
        self.rate, self.burst, self.prefix, self.retry_seconds = rate, burst, prefix, retry_seconds
        self.local = TokenBuckets(rate, burst)
        self.redis: Any = None
        self._script: Any = None
        self._retry_at = 0.0
        self.shared = False
        if redis_url and rate > 0:
            import redis.asyncio as aioredis

            self.redis = aioredis.Redis.from_url(
                redis_url, socket_connect_timeout=timeout, socket_timeout=timeout, retry_on_timeout=False
            )
            self._script = self.redis.register_script(TAKE_LUA)

    @property
    def backend(self) -> Backend:
        """What limits requests now: `redis` (shared by all replicas), `local` (this process only) or `off`."""
        if self.rate <= 0:
            return "off"
        return "redis" if self.shared else "local"

    async def start(self) -> None:
        """Find out at startup whether Redis answers, so `/health` tells the truth before the first request."""
        if self.redis is None:
            if self.rate > 0:
                log.info("rate_limit_backend", backend="local", reason="no CARENET_GATEWAY_REDIS_URL")
            return
        try:
            await self.redis.ping()
        except Exception as exc:
            self._degrade(exc)
        else:
            self.shared = True
            log.info("rate_limit_backend", backend="redis")

    async def stop(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()

    def _degrade(self, exc: BaseException) -> None:
        if self.shared or self._retry_at == 0.0:
            log.warning(
                "rate_limit_backend",
                backend="local",
                reason=f"redis unreachable: {type(exc).__name__}",
                detail="each gateway replica now limits on its own",
                alert=True,
            )
        self.shared = False
        self._retry_at = time.monotonic() + self.retry_seconds

    async def take(self, key: str) -> float:
        if self.rate <= 0:
            return 0.0
        if self.redis is None or (not self.shared and time.monotonic() < self._retry_at):
            return self.local.take(key)
        try:
            wait = float(await self._script(keys=[self.prefix + key], args=[self.rate, self.burst]))
        except Exception as exc:  # Redis down or slow: keep serving with this process's own buckets
            self._degrade(exc)
            return self.local.take(key)
        if not self.shared:
            log.info("rate_limit_backend", backend="redis", detail="redis answers again; limits are shared")
            self.shared = True
        return wait
