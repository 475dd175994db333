"""The console's pieces: ROC dates, CSRF, the session cookie's flags, the PKCE request, role gating, the map.

The app tests talk to a stand-in gateway over httpx's MockTransport (the console has no database of its own:
the gateway's HTTP answers are its only input); the real stack is driven in tests/test_console_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from carenet_console import dates, oidc, taiwan_map
from carenet_console.charts import trend
from carenet_console.config import Settings
from carenet_console.csrf import csrf_ok, csrf_token
from carenet_console.gateway import GatewayClient
from carenet_console.main import create_app
from carenet_console.progress import last_half, months_before, next_to_review, quarters_up_to, unit_progress
from carenet_core.auth import mint_dev_token

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "carenet_console"


# ---- dates --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "text", "iso"),
    [
        (date(2026, 11, 30), "115/11/30", "2026-11-30"),
        ("2026-11-30", "115/11/30", "2026-11-30"),
        (date(2012, 1, 1), "101/01/01", "2012-01-01"),
        # 16:30 UTC on 31 December is already 1 January in Taipei
        (datetime(2026, 12, 31, 16, 30, tzinfo=UTC), "116/01/01", "2027-01-01"),
        ("2026-12-31T23:59:00+08:00", "115/12/31", "2026-12-31"),
    ],
)
def test_a_date_is_shown_in_roc_years_with_iso_in_the_tooltip(value, text, iso):
    html = str(dates.roc(value))
    assert f">{text}</time>" in html and f'datetime="{iso}"' in html and f'title="{iso}"' in html


def test_an_instant_is_shown_in_taipei_time():
    html = str(dates.roc_time("2026-11-30T15:30:00+00:00"))
    assert ">115/11/30 23:30</time>" in html and 'title="2026-11-30T23:30:00+08:00"' in html


def test_missing_dates_and_months():
    assert str(dates.roc(None)) == "—" and str(dates.roc("")) == "—"
    assert str(dates.roc("<b>x</b>")) == "&lt;b&gt;x&lt;/b&gt;"
    assert dates.roc_month("2026-01") == "115年1月" and dates.roc_month("junk") == "junk"


# ---- CSRF and PKCE -------------------------------------------------------------------------------------
def test_the_csrf_token_is_one_per_session_and_compared_exactly():
    session: dict[str, object] = {}
    token = csrf_token(session)
    assert len(token) >= 32 and csrf_token(session) == token
    assert csrf_ok(session, token)
    assert not csrf_ok(session, token[:-1] + ("x" if token[-1] != "x" else "y"))
    assert not csrf_ok(session, None) and not csrf_ok({}, token)


def test_the_authorization_request_carries_an_s256_challenge_of_a_fresh_verifier():
    settings = Settings()
    meta = {"authorization_endpoint": "https://idp.example.gov.tw/auth"}
    first = oidc.authorization_request(settings, meta, "https://carenet.example.gov.tw/console/login/callback")
    second = oidc.authorization_request(settings, meta, "https://carenet.example.gov.tw/console/login/callback")
    q = {k: v[0] for k, v in parse_qs(urlparse(first.url).query).items()}
    assert first.url.startswith("https://idp.example.gov.tw/auth?")
    assert 43 <= len(first.code_verifier) <= 128 and re.fullmatch(r"[A-Za-z0-9\-._~]+", first.code_verifier)
    expected = base64.urlsafe_b64encode(hashlib.sha256(first.code_verifier.encode()).digest()).rstrip(b"=").decode()
    assert q["code_challenge"] == expected and q["code_challenge_method"] == "S256"
    assert q["response_type"] == "code" and q["client_id"] == "carenet-console"
    assert q["state"] == first.state and q["nonce"] == first.nonce and q["resource"] == "urn:carenet"
    assert "openid" in q["scope"].split()
    assert first.code_verifier not in first.url  # only the challenge travels through the browser
    assert first.state != second.state and first.code_verifier != second.code_verifier


def test_the_token_request_sends_the_verifier_and_no_secret():
    form = oidc.token_request(Settings(), "https://x/cb", code="abc", code_verifier="v" * 50)
    assert form == {
        "grant_type": "authorization_code",
        "code": "abc",
        "redirect_uri": "https://x/cb",
        "client_id": "carenet-console",
        "code_verifier": "v" * 50,
        "resource": "urn:carenet",
    }


def test_production_refuses_the_dev_session_secret_and_needs_an_identity_provider(monkeypatch):
    monkeypatch.setenv("CARENET_ENV", "production")
    monkeypatch.setenv("CARENET_OIDC_ISSUER", "https://idp.example.gov.tw")
    with pytest.raises(ValueError, match="SESSION_SECRET"):
        Settings()
    monkeypatch.setenv("CARENET_CONSOLE_SESSION_SECRET", "a-real-secret-0123456789-abcdefghijkl")
    with pytest.raises(ValueError, match="REDIRECT_URL"):
        Settings()
    monkeypatch.setenv("CARENET_CONSOLE_OIDC_REDIRECT_URL", "https://carenet.example.gov.tw/console/login/callback")
    assert not Settings().dev_login
    monkeypatch.delenv("CARENET_OIDC_ISSUER")
    with pytest.raises(ValueError, match="OIDC_ISSUER"):
        Settings()


# ---- pure helpers ---------------------------------------------------------------------------------------
def test_unit_progress_and_the_next_record():
    samples = [
        {"id": "a", "unit": "U1", "rank": 1, "verdict": "justified"},
        {"id": "b", "unit": "U1", "rank": 2, "verdict": None},
        {"id": "c", "unit": "U1", "rank": 3, "verdict": "needs_follow_up"},
        {"id": "d", "unit": "U1", "rank": 4, "verdict": None},
        {"id": "e", "unit": "U2", "rank": 1, "verdict": "unjustified"},
    ]
    u1, u2 = unit_progress([{"unit": "U1"}, {"unit": "U2"}], samples)
    assert (u1.total, u1.reviewed, u1.final, u1.needs_follow_up, u1.percent) == (4, 2, 1, 1, 50)
    assert (u2.percent, u2.unjustified) == (100, 1)
    mine = samples[:4]
    assert next_to_review(mine)["id"] == "b"
    assert next_to_review(mine, after="b")["id"] == "d"
    assert next_to_review(mine, after="d")["id"] == "b"  # wraps round
    assert next_to_review([samples[0]]) is None


def test_months_quarters_and_halves():
    assert months_before(date(2027, 1, 15), 3) == ["2026-12", "2026-11", "2026-10"]
    assert quarters_up_to(date(2027, 2, 1), 4) == ["2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"]
    assert last_half(date(2026, 12, 7)) == "2026-H1" and last_half(date(2027, 3, 1)) == "2026-H2"


def test_the_trend_chart_draws_only_quarters_with_a_value():
    ch = trend(["Q1", "Q2", "Q3", "Q4"], [50.0, None, 70.0, 90.0], target=80.0)
    assert ch.path.count("L") == 2 and ch.path.startswith("M")
    assert ch.target_y is not None and 0 < ch.target_y < ch.height
    ys = [y for _, y, _, v in ch.points if v is not None]
    assert ys[0] > ys[1] > ys[2]  # higher values are higher on the page


def test_the_map_has_the_22_counties_by_iso_code():
    from carenet_console.pages.login import COUNTIES

    assert set(taiwan_map.regions()) == {code for code, _ in COUNTIES} and len(COUNTIES) == 22
    svg = str(taiwan_map.render({"TW-MIA": {"name": "苗栗縣", "met": 9, "total": 10}}))
    assert svg.count("<path") == 22 and 'id="map-TW-MIA" class="county band-high"' in svg
    assert 'id="map-TW-TPE" class="county band-none"' in svg
    assert taiwan_map.band(4, 10) == "low" and taiwan_map.band(5, 10) == "mid" and taiwan_map.band(0, 0) == "none"
    assert (PACKAGE / "static" / "NOTICE").read_text().count("@svg-maps/taiwan") == 1


def test_every_asset_is_served_from_the_console_itself():
    for f in [*(PACKAGE / "templates").rglob("*.html"), *(PACKAGE / "static").glob("*.css")]:
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), f
        assert "@import" not in text and "url(http" not in text, f


# ---- the app, against a stand-in gateway -------------------------------------------------------------------
def fake_gateway(settings: Settings) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/auth/dev-token":
            body = json.loads(request.content)
            return httpx.Response(200, json={"access_token": mint_dev_token(settings, body), "token_type": "bearer"})
        if path.startswith("/household-audit/v1/commitments/"):
            return httpx.Response(200, json={"commitment": "ab" * 32, "seed": None})
        if path == "/household-audit/v1/samplings":
            return httpx.Response(200, json={"items": []})
        if path.startswith("/household-audit/v1/samplings/"):
            return httpx.Response(404, json={"status": 404, "code": "not_found", "title": "Not found"})
        return httpx.Response(500)

    return httpx.MockTransport(handle)


@pytest.fixture
def client():
    settings = Settings()
    app = create_app(settings, gateway=GatewayClient("http://gateway", 5, transport=fake_gateway(settings)))
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="https://console", headers={"X-Forwarded-Prefix": "/console"}
    )


async def sign_in(client: httpx.AsyncClient, role: str, county: str = "TW-MIA") -> httpx.Response:
    page = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return await client.post("/login/dev", data={"csrf_token": token, "role": role, "county": county})


async def test_without_a_session_every_page_sends_you_to_sign_in_behind_the_gateway_prefix(client):
    r = await client.get("/audit/samplings")
    assert r.status_code == 303 and r.headers["location"] == "/console/login"
    page = await client.get("/login")
    assert '<html lang="zh-Hant-TW">' in page.text and 'href="/console/static/console.css"' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


async def test_signing_in_needs_the_csrf_token_and_sets_an_httponly_secure_samesite_cookie(client):
    await client.get("/login")
    refused = await client.post("/login/dev", data={"role": "auditor", "county": "TW-MIA"})
    assert refused.status_code == 403
    r = await sign_in(client, "auditor")
    assert r.status_code == 303 and r.headers["location"] == "/console/"
    cookie = r.headers["set-cookie"].lower()
    assert cookie.startswith("carenet_console=") and "httponly" in cookie and "secure" in cookie
    assert "samesite=lax" in cookie
    home = await client.get("/")
    assert home.status_code == 200 and "/console/audit/samplings" in home.text


async def test_a_role_gets_only_its_pages_and_the_apis_404_is_not_found(client):
    await sign_in(client, "case_worker")
    home = await client.get("/")
    assert "no-pages" in home.text and "/audit/" not in home.text
    for path in ("/audit/samplings", "/supervisor/agenda", "/indicators/map", "/eap/stats"):
        r = await client.get(path)
        assert r.status_code == 403 and "status-403" in r.text, path
    await sign_in(client, "auditor")
    assert (await client.get("/audit/samplings")).status_code == 200
    missing = await client.get("/audit/samplings/0b6f7c7e-5a7f-4c55-8b8e-0d7a1c2b3e4f")
    assert missing.status_code == 404 and "status-404" in missing.text
    forms = re.findall(r"<form method=\"post\"[^>]*>\s*<input type=\"hidden\" name=\"csrf_token\"", missing.text)
    assert forms  # the logout form carries the token like every form


def test_agenda_facts_read_as_words_and_roc_dates():
    from carenet_console import labels

    assert str(labels.fact_value(["consecutive_not_met", "psychiatric"])) == "連續訪視未遇、精神"
    assert ">115/12/02</time>" in str(labels.fact_value("2026-12-02"))
    assert str(labels.fact_value(None)) == "—" and str(labels.fact_value(False)) == "否"
    assert str(labels.fact_value("<x>")) == "&lt;x&gt;"
    assert labels.kinds(["psychiatric", "suicide_attempt"]) == "精神、自殺企圖"
    assert labels.fact_key("days_overdue") == "逾期天數"


def test_a_national_id_is_masked_on_screen():
    from carenet_console import labels

    assert labels.mask_id("A123456789") == "A12****789"
    assert labels.mask_id("A12****789") == "A12****789"
    assert labels.eap_value("psychological") == "心理" and labels.eap_value(None) == "—"
