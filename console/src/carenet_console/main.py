"""create_app(): the console — pages, session, static assets, error pages. Nothing else."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from carenet_core.auth import TokenVerifier
from carenet_core.health import health_router
from carenet_core.logging import RequestIdMiddleware, configure_logging
from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles

from .config import Settings
from .gateway import ApiError, GatewayClient
from .pages import audit, eap, home, indicators, login, supervision
from .web import HERE, ForbiddenPage, LoginRequired, NotFoundPage, maybe_viewer, redirect, render

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    # Every asset is served from here: no CDN on closed government networks, and nothing else may load.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}


def create_app(settings: Settings | None = None, *, gateway: GatewayClient | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(level=settings.log_level, json=settings.log_json, service="console")

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await app.state.gateway.close()

    app = FastAPI(title="CareNet console", version="1.0.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.verifier = TokenVerifier(settings)
    app.state.gateway = gateway or GatewayClient(settings.gateway_url, settings.gateway_timeout)
    app.state.oidc_metadata = None

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret.get_secret_value(),
        session_cookie="carenet_console",
        max_age=settings.session_max_age,
        same_site="lax",  # Strict would drop the session on the identity provider's redirect back
        https_only=settings.cookie_secure,
    )

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _: Exception) -> Response:
        return redirect(request, "/login")

    async def error_page(request: Request, status: int, title: str, detail: str | None = None) -> Response:
        who = await maybe_viewer(request)
        return render(
            request, "error.html", {"title": title, "status": status, "detail": detail}, status=status, who=who
        )

    @app.exception_handler(ForbiddenPage)
    async def _forbidden(request: Request, _: Exception) -> Response:
        return await error_page(request, 403, "沒有權限")

    @app.exception_handler(NotFoundPage)
    async def _not_found(request: Request, _: Exception) -> Response:
        return await error_page(request, 404, "查無資料")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return await error_page(request, 404, "查無資料")
        return await error_page(request, exc.status_code, "無法處理")

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        if exc.status == 401:
            request.session.pop("token", None)
            return redirect(request, "/login")
        if exc.status == 403:
            return await error_page(request, 403, "沒有權限")
        if exc.status == 404:  # also another county's record: the API does not say it exists
            return await error_page(request, 404, "查無資料")
        status = exc.status if exc.status in (409, 412, 422) else 502
        return await error_page(request, status, "服務回應錯誤", exc.detail)

    app.add_middleware(RequestIdMiddleware)
    app.include_router(health_router("console"))
    for module in (login, home, audit, supervision, indicators, eap):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def __getattr__(name: str) -> Any:
    """`uvicorn carenet_console.main:app`: the app is built on first use, not at import."""
    if name == "app":
        built = globals()["app"] = create_app()
        return built
    raise AttributeError(name)
