"""The gateway's own routes: health of all, the merged OpenAPI and docs, and dev tokens."""

from __future__ import annotations

import asyncio
import copy
from pathlib import Path
from typing import Any

import aiohttp
import fastapi_offline
from carenet_core.auth import ROLES, mint_dev_token
from carenet_core.errors import NotFound, problems
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field, field_validator

from .config import Settings
from .openapi import merge_specs
from .proxy import PUBLIC

router = APIRouter()


class ServicesHealth(BaseModel):
    status: str = Field(examples=["ok"])
    services: dict[str, str] = Field(
        examples=[{"case-mgmt": "ok", "indicators": "ok", "eap": "ok", "household-audit": "down"}]
    )
    rate_limit: str | None = Field(
        None, description="where the rate limit is kept: redis, local or off", examples=["redis"]
    )


@router.get(
    "/health",
    response_model=ServicesHealth,
    tags=["gateway"],
    responses={503: {"model": ServicesHealth, "description": "a service is down"}},
)
async def health(request: Request) -> JSONResponse:
    """Each service's health; 200 when all are up, 503 naming the ones that are not."""
    settings: Settings = request.app.state.settings
    session: aiohttp.ClientSession = request.app.state.proxy.session
    timeout = aiohttp.ClientTimeout(total=settings.health_timeout)

    async def one(url: str) -> str:
        try:
            async with session.get(url + "/health", timeout=timeout) as r:
                return "ok" if r.status == 200 else "down"
        except (TimeoutError, aiohttp.ClientError):
            return "down"

    ups = settings.upstreams()
    states = await asyncio.gather(*(one(u) for u in ups.values()))
    services = dict(zip(ups, states, strict=True))
    ok = all(s == "ok" for s in states)
    return JSONResponse({"status": "ok" if ok else "degraded", "services": services}, status_code=200 if ok else 503)


class Status(BaseModel):
    status: str = Field(examples=["ok"])


@router.get("/ready", tags=["gateway"], response_model=Status, responses={503: {"model": Status}})
async def ready(request: Request) -> JSONResponse:
    """The gateway's own readiness (its upstream pool is open), whatever the services' state."""
    session = request.app.state.proxy.session
    ok = session is not None and not session.closed
    return JSONResponse({"status": "ok" if ok else "starting"}, status_code=200 if ok else 503)


@router.get("/livez", tags=["gateway"], response_model=Status)
async def livez() -> Status:
    """Liveness: the gateway process answers."""
    return Status(status="ok")


@router.get("/openapi.json", include_in_schema=False)
async def openapi(request: Request) -> JSONResponse:
    """The merged OpenAPI of the gateway and every service (a service that is down keeps its last copy)."""
    settings: Settings = request.app.state.settings
    specs = await request.app.state.spec_cache.get(request.app.state.proxy.session, settings.spec_timeout)
    own = copy.deepcopy(request.app.openapi())
    return JSONResponse(merge_specs(own, specs, PUBLIC))


# Swagger UI and ReDoc from the gateway's own files (the fastapi-offline package ships them): a
# government network without internet still gets working docs, and no page names an outside URL.
DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"


@router.get("/docs", include_in_schema=False)
async def docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="CareNet API",
        swagger_js_url="/docs-assets/swagger-ui-bundle.js",
        swagger_css_url="/docs-assets/swagger-ui.css",
        swagger_favicon_url="/docs-assets/favicon.png",
    )


@router.get("/redoc", include_in_schema=False)
async def redoc() -> HTMLResponse:
    return get_redoc_html(
        openapi_url="/openapi.json",
        title="CareNet API",
        redoc_js_url="/docs-assets/redoc.standalone.js",
        redoc_favicon_url="/docs-assets/favicon.png",
        with_google_fonts=False,
    )


class DevTokenRequest(BaseModel):
    sub: str = Field(min_length=1, max_length=200, examples=["cw-001"])
    roles: list[str] = Field(min_length=1, examples=[["case_worker"]])
    county: str | None = Field(None, max_length=20, examples=["TW-MIA"])
    district: str | None = Field(None, max_length=50, examples=["頭份市"])
    unit: str | None = Field(None, max_length=100)
    agency: str | None = Field(None, max_length=100)

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, roles: list[str]) -> list[str]:
        unknown = sorted(set(roles) - ROLES)
        if unknown:
            raise ValueError(f"unknown roles: {', '.join(unknown)}; known: {', '.join(sorted(ROLES))}")
        return roles


class DevToken(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(examples=[3600])


@router.post("/auth/dev-token", response_model=DevToken, tags=["gateway"], responses=problems(404, 422))
async def dev_token(body: DevTokenRequest, request: Request) -> Any:
    """A signed development token with the given claims. Answers 404 outside `CARENET_ENV=dev`."""
    settings: Settings = request.app.state.settings
    if settings.env != "dev":
        raise NotFound("dev tokens exist only in development")
    token = mint_dev_token(settings, body.model_dump(), ttl=settings.dev_token_ttl)
    return DevToken(access_token=token, expires_in=settings.dev_token_ttl)
