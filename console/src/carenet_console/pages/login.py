"""Sign-in: OIDC authorization code + PKCE at the county's identity provider; in dev also a role/county picker."""

from __future__ import annotations

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from .. import oidc
from ..config import Settings
from ..gateway import ApiError
from ..web import ForbiddenPage, api, form_with_csrf, redirect, render, url

router = APIRouter()

COUNTIES = [
    ("TW-TPE", "臺北市"), ("TW-NWT", "新北市"), ("TW-TAO", "桃園市"), ("TW-TXG", "臺中市"), ("TW-TNN", "臺南市"),
    ("TW-KHH", "高雄市"), ("TW-KEE", "基隆市"), ("TW-HSZ", "新竹市"), ("TW-HSQ", "新竹縣"), ("TW-MIA", "苗栗縣"),
    ("TW-CHA", "彰化縣"), ("TW-NAN", "南投縣"), ("TW-YUN", "雲林縣"), ("TW-CYI", "嘉義市"), ("TW-CYQ", "嘉義縣"),
    ("TW-PIF", "屏東縣"), ("TW-ILA", "宜蘭縣"), ("TW-HUA", "花蓮縣"), ("TW-TTT", "臺東縣"), ("TW-PEN", "澎湖縣"),
    ("TW-KIN", "金門縣"), ("TW-LIE", "連江縣"),
]  # fmt: skip
DEV_ROLES = ["auditor", "supervisor", "county_admin", "ministry", "eap_admin", "case_worker", "employee"]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _callback(request: Request) -> str:
    configured = _settings(request).oidc_redirect_url
    if configured:
        return configured
    base = str(request.base_url).rstrip("/")
    return base + url(request, "/login/callback")


@router.get("/login")
async def login_page(request: Request) -> Response:
    return render(request, "login.html", _login_context(_settings(request)))


def _login_context(settings: Settings, **extra: object) -> dict[str, object]:
    return {
        "dev_login": settings.dev_login,
        "oidc": bool(settings.oidc_issuer),
        "counties": COUNTIES,
        "roles": DEV_ROLES,
        **extra,
    }


@router.post("/login/dev")
async def dev_login(request: Request) -> Response:
    """Development only: a token from the gateway's `/auth/dev-token` for the chosen role and county."""
    settings = _settings(request)
    form = await form_with_csrf(request)
    if not settings.dev_login:
        raise ForbiddenPage
    role = form.get("role", "")
    county = form.get("county") or None
    if role not in DEV_ROLES:
        raise ForbiddenPage
    body = {
        "sub": (form.get("sub") or f"console-{role}").strip()[:100],
        "roles": [role],
        "county": None if role == "ministry" else county,
        "district": (form.get("district") or "").strip() or None,
    }
    try:
        answer = await api(request).post("/auth/dev-token", None, body, ok=(200,))
    except ApiError:
        return render(request, "login.html", _login_context(settings, error="無法取得開發用權杖"), status=502)
    request.session.clear()  # a new cookie: nothing of an earlier person's session is carried over
    request.session["token"] = answer["access_token"]
    return redirect(request, "/")


async def _metadata(request: Request) -> dict[str, object]:
    if request.app.state.oidc_metadata is None:
        issuer = _settings(request).oidc_issuer
        assert issuer is not None
        request.app.state.oidc_metadata = await oidc.discover(issuer)
    metadata: dict[str, object] = request.app.state.oidc_metadata
    return metadata


@router.get("/login/oidc")
async def oidc_start(request: Request) -> Response:
    if not _settings(request).oidc_issuer:
        raise ForbiddenPage
    try:
        metadata = await _metadata(request)
    except httpx.HTTPError as exc:
        raise ApiError(503, {"detail": "無法連線至身分識別服務"}) from exc
    auth = oidc.authorization_request(_settings(request), metadata, _callback(request))
    request.session["oidc"] = {"state": auth.state, "verifier": auth.code_verifier, "nonce": auth.nonce}
    return RedirectResponse(auth.url, status_code=303)


@router.get("/login/callback")
async def oidc_callback(request: Request, code: str = "", state: str = "") -> Response:
    pending = request.session.pop("oidc", None)
    if not code or not isinstance(pending, dict) or pending.get("state") != state:
        raise ForbiddenPage
    try:
        token = await oidc.exchange_code(
            _settings(request),
            await _metadata(request),
            _callback(request),
            code=code,
            code_verifier=pending["verifier"],
        )
    except httpx.HTTPError as exc:  # the provider refused the code (or is unreachable): sign in again
        raise ApiError(502, {"detail": "身分識別服務未核發權杖，請重新登入"}) from exc
    request.session.clear()  # a new cookie: nothing of an earlier person's session is carried over
    request.session["token"] = token["access_token"]
    return redirect(request, "/")


@router.post("/logout")
async def logout(request: Request) -> Response:
    await form_with_csrf(request)
    request.session.clear()
    return redirect(request, "/login")
