"""The proxy hop: `/<service>/<rest>` → `<service upstream>/<rest>`, in plain ASGI.

Kept free of per-request framework work: no routing table walk, no pydantic, one dict lookup for
the service, a cached token check, one pooled aiohttp request, and the body streamed both ways.
"""

from __future__ import annotations

import asyncio
import json
import math
import uuid
from typing import Any

import aiohttp
import structlog
from carenet_core.auth import TokenVerifier
from carenet_core.errors import PROBLEM_MEDIA_TYPE, Problem, problem_body
from yarl import URL

from .config import Settings
from .ratelimit import TokenBuckets

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
# Routes a caller may use without a token (the contract: BSRS-5 self-check is open to anyone).
PUBLIC = frozenset({("POST", "/eap/v1/self-checks/bsrs5"), ("GET", "/eap/v1/faq")})
SMALL_BODY = 1024 * 1024

log = structlog.get_logger("carenet.gateway")


async def send_problem(
    send: Any,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    headers: list[tuple[bytes, bytes]] | None = None,
    **extra: Any,
) -> None:
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
        self.buckets = TokenBuckets(settings.rate_limit_per_second, settings.rate_limit_burst)
        self.session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
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

    async def stop(self) -> None:
        if self.session is not None:
            await self.session.close()

    def service_of(self, path: str) -> tuple[str, str] | None:
        """(`service`, `rest`) when the path belongs to a service, else None."""
        if not path.startswith("/") or path.count("/") < 2:
            return None
        name, _, rest = path[1:].partition("/")
        if name not in self.upstreams:
            return None
        return name, "/" + rest

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any, service: str, rest: str) -> None:
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        rid = auth = None
        content_length = -1
        for k, v in headers:
            if k == b"authorization":
                auth = v
            elif k == b"x-request-id":
                rid = v
            elif k == b"content-length":
                content_length = int(v) if v.isdigit() else -1
        rid = rid or uuid.uuid4().hex.encode()
        rid_header = [(b"x-request-id", rid)]

        principal_key: str | None = None
        if auth is not None or (scope["method"], scope["path"]) not in PUBLIC:
            token = auth.decode("latin-1").partition(" ")[2].strip() if auth and auth[:7].lower() == b"bearer " else ""
            if not token:
                return await send_problem(
                    send,
                    401,
                    "unauthorized",
                    "Authentication required",
                    "a bearer token is required",
                    [*rid_header, (b"www-authenticate", b"Bearer")],
                )
            try:
                principal_key = self.verifier.verify(token).sub
            except Problem as exc:
                return await send_problem(send, 401, exc.code, exc.title, exc.detail, rid_header)
        wait = self.buckets.take(principal_key or scope.get("client", ("anon",))[0])
        if wait > 0:
            return await send_problem(
                send,
                429,
                "rate_limited",
                "Too many requests",
                "slow down",
                [*rid_header, (b"retry-after", str(math.ceil(wait)).encode())],
            )
        if content_length > self.settings.max_body_bytes:
            return await send_problem(
                send,
                413,
                "payload_too_large",
                "Payload too large",
                f"the body may be at most {self.settings.max_body_bytes} bytes",
                rid_header,
            )

        out_headers = [(k, v) for k, v in headers if k not in HOP_BY_HOP and k != b"x-request-id"]
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
                return await send_problem(
                    send,
                    413,
                    "payload_too_large",
                    "Payload too large",
                    f"the body may be at most {self.settings.max_body_bytes} bytes",
                    rid_header,
                )
            timed_out = isinstance(exc, asyncio.TimeoutError)
            log.warning("upstream_unavailable", service=service, error=type(exc).__name__, request_id=rid.decode())
            await send_problem(
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
