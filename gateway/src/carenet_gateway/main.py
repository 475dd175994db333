"""create_app(): the gateway — a thin ASGI dispatcher in front of a small FastAPI app."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, ClassVar

from carenet_core.app import operation_id
from carenet_core.auth import TokenVerifier
from carenet_core.errors import install_problem_handlers
from carenet_core.logging import RequestIdMiddleware, configure_logging
from carenet_core.metrics import Metrics, MetricsMiddleware
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.staticfiles import StaticFiles

from .api import DOCS_ASSETS, router
from .config import Settings
from .openapi import SpecCache
from .proxy import Proxy


@dataclass(frozen=True)
class ServiceRoute:
    """Stands in for a matched route so metrics label proxied calls by service."""

    path: str


class SecurityHeaders:
    """Responses carry personal data: never cached, never sniffed, never framed."""

    HEADERS: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"x-content-type-options", b"nosniff"),
        (b"cache-control", b"no-store"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
    ]

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def _send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {k for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in self.HEADERS if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, _send)


class HealthRateLimit:
    """Adds `"rate_limit": "redis" | "local" | "off"` to the gateway's `/health` body: whether limits are
    shared across replicas right now (the route itself stays in api.py)."""

    def __init__(self, app: Any, proxy: Proxy) -> None:
        self.app, self.proxy = app, proxy

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != "/health" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def _send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            try:
                doc = json.loads(body)
                if isinstance(doc, dict):
                    doc["rate_limit"] = self.proxy.limiter.backend
                    body = json.dumps(doc, ensure_ascii=False).encode()
            except ValueError:
                pass
            headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, _send)


class Gateway:
    """Service paths go straight to the proxy; everything else to the FastAPI app."""

    def __init__(self, api: Any, proxy: Proxy) -> None:
        self.api, self.proxy = api, proxy
        self.routes = {name: ServiceRoute(f"/{name}/*") for name in proxy.upstreams}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            hit = self.proxy.service_of(scope["path"]) or self.proxy.console_of(scope["path"])
            if hit is not None:
                scope["route"] = self.routes[hit[0]]
                await self.proxy(scope, receive, send, *hit)
                return
        await self.api(scope, receive, send)


def create_app(settings: Settings | None = None) -> Any:
    settings = settings or Settings()
    configure_logging(level=settings.log_level, json=settings.log_json, service="gateway")
    verifier = TokenVerifier(settings)
    proxy = Proxy(settings, verifier)
    metrics = Metrics("gateway")

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await proxy.start()
        try:
            yield
        finally:
            await proxy.stop()

    app = FastAPI(
        title="CareNet gateway",
        version="1.0.0",
        lifespan=lifespan,
        openapi_url="/gateway-openapi.json",
        generate_unique_id_function=operation_id,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.proxy = proxy
    app.state.spec_cache = SpecCache(settings.upstreams())
    install_problem_handlers(app)
    app.include_router(router)
    app.include_router(metrics.router())
    app.mount("/docs-assets", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")
    inner: Any = Gateway(HealthRateLimit(app, proxy), proxy)
    inner = MetricsMiddleware(inner, metrics)
    if settings.cors_origins:
        inner = CORSMiddleware(
            inner,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["X-Request-ID", "ETag"],
        )
    inner = SecurityHeaders(inner)
    outer = RequestIdMiddleware(inner)
    outer.state = app.state  # type: ignore[attr-defined]
    outer.api = app  # type: ignore[attr-defined]
    return outer
