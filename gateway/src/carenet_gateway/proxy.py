"""The proxy hop: `/<service>/<rest>` → `<service upstream>/<rest>`, in plain ASGI.

Kept free of per-request framework work: no routing table walk, no pydantic, one dict lookup for
the service, a cached token check, one pooled aiohttp request, and the body streamed both ways.
"""

from __future__ import annotations

import asyncio
import functools
import json
import math
import uuid
from typing import Any

import aiohttp
import structlog
from carenet_core.auth import TokenVerifier, mint_dev_token
from carenet_core.errors import PROBLEM_MEDIA_TYPE, Problem, localised_title, problem_body, wants_chinese
from yarl import URL

from .activity import ActivityRecorder
from .config import Settings
from .ratelimit import RateLimiter

HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"host",
        b"content-length",
    }
)
# Set by the gateway alone: a caller cannot choose its request id's place, prefix or address.
FORWARDED_BY_US = frozenset({b"x-request-id", b"x-forwarded-prefix", b"x-forwarded-for"})
# Routes a caller may use without a token (the contract: BSRS-5 self-check, the FAQ assistant and the resource directory).
PUBLIC = frozenset(
    {
        ("POST", "/eap/v1/self-checks/bsrs5"),
        ("GET", "/eap/v1/faq"),
        ("GET", "/resources/v1/resources"),
        ("GET", "/resources/v1/resources.geojson"),
    }
)
SMALL_BODY = 1024 * 1024
# Upstreams that authenticate people themselves (the console's session cookie): no bearer token asked here.
OWN_SESSION = frozenset({"console"})

log = structlog.get_logger("carenet.gateway")


async def send_problem(
    send: Any,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    headers: list[tuple[bytes, bytes]] | None = None,
    *,
    chinese: bool = False,
    **extra: Any,
) -> None:
    """The gateway's own problem+json (`chinese`: the caller asked for zh-TW titles)."""
    if chinese:
        title = localised_title(status, code, title)
    body = json.dumps(problem_body(status, code, title, detail, **extra), ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Proxy:
    def __init__(self, settings: Settings, verifier: TokenVerifier) -> None:
        self.settings = settings
        self.verifier = verifier
        self.upstreams = {name: URL(url) for name, url in settings.upstreams().items()}
        if (console := settings.console()) is not None:
            self.upstreams["console"] = URL(console)
        self.limiter = RateLimiter(
            settings.rate_limit_per_second,
            settings.rate_limit_burst,
            redis_url=settings.redis_url,
            prefix=settings.rate_limit_redis_prefix,
            retry_seconds=settings.rate_limit_redis_retry_seconds,
        )
        self.session: aiohttp.ClientSession | None = None
        self.activity = ActivityRecorder()
        self._activity_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.limiter.start()
        connector = aiohttp.TCPConnector(
            limit=self.settings.pool_size, limit_per_host=0, keepalive_timeout=60, ttl_dns_cache=300
        )
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=self.settings.connect_timeout,
            sock_connect=self.settings.connect_timeout,
            sock_read=self.settings.read_timeout,
        )
        self.session = aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            auto_decompress=False,
            skip_auto_headers=("User-Agent", "Accept-Encoding"),
        )
        interval = self.settings.activity_flush_seconds
        if interval > 0 and "workforce" in self.upstreams:
            if self.settings.activity_token is None and self.settings.env == "production":
                log.warning("account_activity_off", reason="no CARENET_GATEWAY_ACTIVITY_TOKEN in production")
            else:
                self._activity_task = asyncio.create_task(self.activity.run(self.send_activity, interval))

    async def send_activity(self, body: dict[str, Any]) -> None:
        """POST a batch to workforce's `/v1/account-activity` as `system` (raises when it is not taken)."""
        assert self.session is not None
        token = self.settings.activity_token
        bearer = (
            token.get_secret_value()
            if token is not None
            else mint_dev_token(self.settings, {"sub": "gateway-activity", "roles": ["system"]}, ttl=300)
        )
        url = self.upstreams["workforce"].with_path("/v1/account-activity")
        async with self.session.post(url, json=body, headers={"Authorization": f"Bearer {bearer}"}) as r:
            if r.status >= 300:
                raise RuntimeError(f"workforce answered {r.status}")

    async def stop(self) -> None:
        if self._activity_task is not None:
            self._activity_task.cancel()
            await asyncio.gather(self._activity_task, return_exceptions=True)
        if self.session is not None:
            await self.session.close()
        await self.limiter.stop()

    def service_of(self, path: str) -> tuple[str, str] | None:
        """(`service`, `rest`) when the path belongs to a service, else None."""
        if not path.startswith("/") or path.count("/") < 2:
            return None
        name, _, rest = path[1:].partition("/")
        if name not in self.upstreams:
            return None
        return name, "/" + rest

    def console_of(self, path: str) -> tuple[str, str] | None:
        """`/console` and `/console/...` → ("console", rest); None without a console."""
        if "console" in self.upstreams and (path == "/console" or path.startswith("/console/")):
            return "console", path[len("/console") :] or "/"
        return None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any, service: str, rest: str) -> None:
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        rid = auth = None
        content_length = -1
        chinese = False
        for k, v in headers:
            if k == b"authorization":
                auth = v
            elif k == b"accept-language":
                chinese = wants_chinese(v.decode("latin-1"))
            elif k == b"x-request-id":
                rid = v
            elif k == b"content-length":
                content_length = int(v) if v.isdigit() else -1
        rid = rid or uuid.uuid4().hex.encode()
        problem = functools.partial(send_problem, chinese=chinese)
        rid_header = [(b"x-request-id", rid)]

        principal_key: str | None = None
        if service not in OWN_SESSION and (auth is not None or (scope["method"], scope["path"]) not in PUBLIC):
            token = auth.decode("latin-1").partition(" ")[2].strip() if auth and auth[:7].lower() == b"bearer " else ""
            if not token:
                return await problem(
                    send,
                    401,
                    "unauthorized",
                    "Authentication required",
                    "a bearer token is required",
                    [*rid_header, (b"www-authenticate", b"Bearer")],
                )
            try:
                principal = await self.verifier.authenticate(token)
            except Problem as exc:
                return await problem(send, 401, exc.code, exc.title, exc.detail, rid_header)
            principal_key = principal.sub
            self.activity.note(principal)
        wait = await self.limiter.take(principal_key or scope.get("client", ("anon",))[0])
        if wait > 0:
            return await problem(
                send,
                429,
                "rate_limited",
                "Too many requests",
                "slow down",
                [*rid_header, (b"retry-after", str(math.ceil(wait)).encode())],
            )
        if content_length > self.settings.max_body_bytes:
            return await problem(
                send,
                413,
                "payload_too_large",
                "Payload too large",
                f"the body may be at most {self.settings.max_body_bytes} bytes",
                rid_header,
            )

        out_headers = [(k, v) for k, v in headers if k not in HOP_BY_HOP and k not in FORWARDED_BY_US]
        out_headers += [(b"x-request-id", rid), (b"x-forwarded-prefix", b"/" + service.encode())]
        if scope.get("client"):
            out_headers.append((b"x-forwarded-for", scope["client"][0].encode()))
        qs = scope.get("query_string", b"")
        target = self.upstreams[service].with_path(rest, encoded=False)
        url = URL(str(target) + ("?" + qs.decode("latin-1") if qs else ""), encoded=True)

        too_large = started = False
        if 0 <= content_length <= SMALL_BODY:
            body: Any = await _read_all(receive)
        elif scope["method"] in ("GET", "HEAD", "DELETE", "OPTIONS") and content_length < 0:
            body = None
        else:

            async def stream() -> Any:
                nonlocal too_large
                seen = 0
                while True:
                    msg = await receive()
                    chunk = msg.get("body", b"")
                    seen += len(chunk)
                    if seen > self.settings.max_body_bytes:
                        too_large = True
                        raise ValueError("body too large")
                    if chunk:
                        yield chunk
                    if not msg.get("more_body"):
                        return

            body = stream()

        assert self.session is not None
        try:
            async with self.session.request(
                scope["method"],
                url,
                data=body,
                headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in out_headers],
                allow_redirects=False,
            ) as resp:
                resp_headers = [
                    (k.lower(), v)
                    for k, v in resp.raw_headers
                    if k.lower() not in HOP_BY_HOP and k.lower() != b"x-request-id"
                ]
                resp_headers.append((b"x-request-id", rid))
                length = resp.content_length
                if length is not None and length <= SMALL_BODY:
                    data = await resp.read()
                    resp_headers.append((b"content-length", str(len(data)).encode()))
                    started = True
                    await send({"type": "http.response.start", "status": resp.status, "headers": resp_headers})
                    await send({"type": "http.response.body", "body": data})
                    return
                if length is not None:
                    resp_headers.append((b"content-length", str(length).encode()))
                started = True
                await send({"type": "http.response.start", "status": resp.status, "headers": resp_headers})
                async for chunk in resp.content.iter_chunked(64 * 1024):
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b""})
        except (TimeoutError, aiohttp.ClientConnectionError, aiohttp.ClientPayloadError, ValueError) as exc:
            if started:  # the upstream died mid-body: nothing sensible can follow the bytes already sent
                log.warning("upstream_broke_mid_response", service=service, error=type(exc).__name__)
                raise
            if too_large:
                return await problem(
                    send,
                    413,
                    "payload_too_large",
                    "Payload too large",
                    f"the body may be at most {self.settings.max_body_bytes} bytes",
                    rid_header,
                )
            timed_out = isinstance(exc, asyncio.TimeoutError)
            log.warning("upstream_unavailable", service=service, error=type(exc).__name__, request_id=rid.decode())
            await problem(
                send,
                503,
                "service_timeout" if timed_out else "service_unavailable",
                "Service unavailable",
                f"{service} did not answer in time" if timed_out else f"{service} is not reachable",
                [*rid_header, (b"retry-after", b"2")],
                service=service,
            )


async def _read_all(receive: Any) -> bytes:
    chunks = []
    while True:
        msg = await receive()
        chunks.append(msg.get("body", b""))
        if not msg.get("more_body"):
            return b"".join(chunks)
