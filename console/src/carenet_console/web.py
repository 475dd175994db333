"""Request plumbing shared by the pages: who is signed in, which pages a role may open, rendering, errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carenet_core.auth import Principal, TokenVerifier
from carenet_core.errors import Problem
from carenet_core.forwarded import PREFIX_PATTERN
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from . import dates, labels
from .csrf import FIELD as CSRF_FIELD
from .csrf import csrf_ok, csrf_token
from .gateway import GatewayClient

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.filters.update(
    roc=dates.roc,
    roc_time=dates.roc_time,
    roc_month=dates.roc_month,
    kinds=labels.kinds,
    method=labels.method,
    incident=labels.incident,
    fact_key=labels.fact_key,
    fact_value=labels.fact_value,
    eap_value=labels.eap_value,
    mask_id=labels.mask_id,
    case_status=labels.case_status,
)
_PREFIX_RE = re.compile(PREFIX_PATTERN)

ROLE_NAMES = {
    "auditor": "稽核人員",
    "supervisor": "督導",
    "county_admin": "縣市管理者",
    "ministry": "衛福部",
    "eap_admin": "員工協助方案管理者",
    "case_worker": "個案管理員",
    "employee": "員工",
}

# Which roles may open which part of the console (the API checks again, with jurisdiction).
AUDIT = ("auditor", "county_admin")
REVIEW = ("auditor",)
VERIFY = ("auditor", "ministry")
SUPERVISION = ("supervisor", "county_admin")
WORKLIST = ("supervisor",)
SCORECARD = ("county_admin", "supervisor", "ministry")
MAP = ("ministry",)
EAP = ("eap_admin",)

NAV: list[tuple[tuple[str, ...], str, str]] = [
    (AUDIT, "/audit/samplings", "戶役政查詢抽樣"),
    ((*AUDIT, "ministry"), "/audit/anomalies", "異常案件"),
    ((*AUDIT, "ministry"), "/audit/internal-audits", "半年內部稽核"),
    (WORKLIST, "/supervisor/worklist", "轄區工作清單"),
    (SUPERVISION, "/supervisor/agenda", "個案研討會議程"),
    (SUPERVISION, "/supervisor/caseloads", "個案負荷"),
    (SCORECARD, "/indicators/scorecard", "指標成績單"),
    (MAP, "/indicators/map", "全國縣市地圖"),
    (EAP, "/eap/stats", "員工協助統計"),
    (EAP, "/eap/workshops", "工作坊與候補"),
]


@dataclass(frozen=True)
class Viewer:
    principal: Principal
    token: str

    def may(self, roles: tuple[str, ...]) -> bool:
        return self.principal.has(*roles)


class LoginRequired(Exception):
    pass


class ForbiddenPage(Exception):
    pass


class NotFoundPage(Exception):
    pass


def prefix(request: Request) -> str:
    """Where the console lives outside: the gateway's `X-Forwarded-Prefix` (`/console`), or nothing when called directly."""
    value = request.headers.get("x-forwarded-prefix", "")
    return value if _PREFIX_RE.match(value) else ""


def url(request: Request, path: str) -> str:
    return prefix(request) + path


def api(request: Request) -> GatewayClient:
    client: GatewayClient = request.app.state.gateway
    return client


async def viewer(request: Request) -> Viewer:
    """The signed-in person (the session's token, verified like the gateway verifies it); else sign in."""
    token = request.session.get("token")
    if not isinstance(token, str):
        raise LoginRequired
    verifier: TokenVerifier = request.app.state.verifier
    try:
        principal = await verifier.authenticate(token)
    except Problem as exc:
        request.session.pop("token", None)
        raise LoginRequired from exc
    return Viewer(principal=principal, token=token)


async def maybe_viewer(request: Request) -> Viewer | None:
    """The signed-in person, or None (error pages keep the header and menu when someone is signed in)."""
    try:
        return await viewer(request)
    except LoginRequired:
        return None


def allow(who: Viewer, roles: tuple[str, ...]) -> Viewer:
    if not who.may(roles):
        raise ForbiddenPage
    return who


def redirect(request: Request, path: str) -> RedirectResponse:
    return RedirectResponse(url(request, path), status_code=303)


async def form_with_csrf(request: Request) -> dict[str, str]:
    """The posted form, after its CSRF token matched the session's (else the 403 page)."""
    form = await request.form()
    if not csrf_ok(request.session, form.get(CSRF_FIELD)):
        raise ForbiddenPage
    return {k: v for k, v in form.items() if isinstance(v, str)}


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status: int = 200, who: Viewer | None = None
) -> HTMLResponse:
    nav = [(path, label) for roles, path, label in NAV if who is not None and who.may(roles)]
    ctx = {
        "prefix": prefix(request),
        "who": who,
        "nav": nav,
        "role_names": ROLE_NAMES,
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request.session),
        "here": request.url.path,
        **(context or {}),
    }
    return templates.TemplateResponse(request, name, ctx, status_code=status)


def file_response(upstream: Any) -> Response:
    """A download from the API, passed on with its type and file name."""
    headers = {k: v for k, v in upstream.headers.items() if k.lower() in ("content-disposition",)}
    return Response(upstream.content, media_type=upstream.headers.get("content-type"), headers=headers)
