"""A real OpenID provider (panva's certified `oidc-provider` on Node, tests/oidc/) in front of CareNet in
production mode: the gateway and indicators verify its tokens through discovery + JWKS, map its claims
to roles and jurisdiction (CARENET_CLAIM_ROLES / CARENET_ROLE_MAP / CARENET_CLAIM_COUNTY), refuse
another audience, another issuer and a withdrawn key, and follow a key rotation at the provider with
no restart of CareNet and no 401 for a valid token.

The provider's clients: `mohw-dmh` (the ministry's system, client credentials, group
`mohw-dmh-analysts` → role ministry), `miaoli-dashboard` (client credentials, group
`tw-mia-admins` → county_admin of county TW-MIA), `stray-system` (client credentials, a group CareNet
does not map) and `carenet-console` (authorization code + PKCE, for people, used by the console).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from carenet_testing.plugin import TestDatabase
from carenet_testing.stack import SERVICES, Stack
from cryptography.hazmat.primitives.asymmetric import rsa

from .conftest import free_port
from .processes import spawn, stop, tail, wait_http

OIDC_DIR = Path(__file__).parent / "oidc"
SECRET = "client-secret-for-the-tests-0123456789"
ROLE_MAP = {"mohw-dmh-analysts": "ministry", "tw-mia-admins": "county_admin", "tw-mia-supervisors": "supervisor"}
PERIOD = "2026-Q3"

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None,
    reason="!!! SKIPPED: no node/npm on this machine — the OpenID provider tests did NOT run !!!",
)


def rsa_jwk(kid: str) -> dict[str, Any]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key))
    jwk.update(kid=kid, use="sig", alg="RS256")
    return jwk


def _client_credentials(client_id: str, claims: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    meta = {
        "client_id": client_id,
        "client_secret": SECRET,
        "grant_types": ["client_credentials"],
        "response_types": [],
        "redirect_uris": [],
        "scope": "carenet.read",
    }
    return meta, claims


@pytest.fixture(scope="session")
def oidc_installed() -> Path:
    """`npm ci` into tests/oidc (from its committed package-lock.json) unless it is already installed."""
    marker = OIDC_DIR / "node_modules" / ".package-lock.json"
    lock = OIDC_DIR / "package-lock.json"
    if not marker.exists() or marker.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=OIDC_DIR, check=True, timeout=300)
    return OIDC_DIR


class Provider:
    """One oidc-provider process on a fixed port; `rotate(keys)` restarts it with another key set."""

    def __init__(self, root: Path, keys: list[dict[str, Any]]) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.dir = Path(tempfile.mkdtemp(prefix="carenet-oidc-"))
        self.root = root
        self.proc: subprocess.Popen[bytes] | None = None
        self.start(keys)

    def config(self, keys: list[dict[str, Any]]) -> dict[str, Any]:
        clients = [
            _client_credentials("mohw-dmh", {"groups": ["mohw-dmh-analysts"]}),
            _client_credentials("miaoli-dashboard", {"groups": ["tw-mia-admins"], "county": "TW-MIA"}),
            _client_credentials("stray-system", {"groups": ["somebody-else"]}),
        ]
        console = {
            "client_id": "carenet-console",
            "token_endpoint_auth_method": "none",
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "redirect_uris": ["http://127.0.0.1:8080/callback"],
        }
        return {
            "issuer": self.issuer,
            "port": self.port,
            "jwks": {"keys": keys},
            "scopes": ["carenet.read"],
            "clients": [meta for meta, _ in clients] + [console],
            "client_claims": {meta["client_id"]: claims for meta, claims in clients},
            "account_claims": {"sup-miaoli-01": {"groups": ["tw-mia-supervisors"], "county": "TW-MIA"}},
            "resources": {
                "urn:carenet": {"audience": "carenet", "scope": "carenet.read"},
                "urn:elsewhere": {"audience": "elsewhere", "scope": "carenet.read"},
            },
        }

    def start(self, keys: list[dict[str, Any]]) -> None:
        cfg = self.dir / "config.json"
        cfg.write_text(json.dumps(self.config(keys)))
        self.log = self.dir / "provider.log"
        self.proc = spawn(["node", "provider.mjs", str(cfg)], env={}, log=self.log, cwd=self.root)
        wait_http(self.issuer + "/.well-known/openid-configuration", self.proc, self.log, timeout=30)

    def rotate(self, keys: list[dict[str, Any]]) -> None:
        if self.proc is not None:
            stop(self.proc)
        self.start(keys)

    def close(self) -> None:
        if self.proc is not None:
            stop(self.proc)

    def token(self, client_id: str = "mohw-dmh", resource: str = "urn:carenet") -> str:
        r = httpx.post(
            self.issuer + "/token",
            data={"grant_type": "client_credentials", "resource": resource, "scope": "carenet.read"},
            auth=(client_id, SECRET),
            timeout=10,
        )
        assert r.status_code == 200, r.text
        return str(r.json()["access_token"])


@pytest.fixture(scope="module")
def keys() -> dict[str, dict[str, Any]]:
    return {kid: rsa_jwk(kid) for kid in ("k1", "k2")}


@pytest.fixture(scope="module")
def provider(oidc_installed: Path, keys: dict[str, dict[str, Any]]) -> Iterator[Provider]:
    p = Provider(oidc_installed, [keys["k1"]])
    try:
        yield p
    finally:
        p.close()


@pytest.fixture(scope="module")
def other_provider(oidc_installed: Path) -> Iterator[Provider]:
    """Another issuer, whose key even bears the same kid as the real one."""
    p = Provider(oidc_installed, [rsa_jwk("k1")])
    try:
        yield p
    finally:
        p.close()


@pytest.fixture(scope="module")
def production(carenet_database: TestDatabase, provider: Provider) -> Iterator[Stack]:
    """indicators and the gateway in production mode, trusting only the provider."""
    data = tempfile.mkdtemp(prefix="carenet-oidc-stack-")
    env = {
        "CARENET_ENV": "production",
        "CARENET_DATA_DIR": data,
        "CARENET_OIDC_ISSUER": provider.issuer,
        "CARENET_JWT_AUDIENCE": "carenet",
        "CARENET_JWT_ALGORITHMS": '["RS256"]',
        "CARENET_CLAIM_ROLES": "groups",
        "CARENET_ROLE_MAP": json.dumps(ROLE_MAP),
        "CARENET_CLAIM_COUNTY": "county",
        "CARENET_JWKS_REFRESH_SECONDS": "1",
        "CARENET_JWKS_MIN_REFRESH_SECONDS": "0.2",
        "CARENET_INDICATORS_FEED_ENABLED": "false",
        "CARENET_GATEWAY_RATE_LIMIT_PER_SECOND": "0",
    }
    spec = next(s for s in SERVICES if s.name == "indicators")
    if carenet_database.kind == "postgresql":
        env[f"{spec.env_prefix}DATABASE_URL"] = carenet_database.url
    st = Stack(
        env=env,
        gateway_port=free_port(),
        ports={s.name: free_port() for s in SERVICES},
        log_dir=Path(data) / "logs",
        only=("indicators",),
    )
    st.migrate_all()
    st.start_all()
    try:
        st.wait_healthy(timeout=90)
        yield st
    finally:
        st.stop_all()


def _get(url: str, token: str, path: str = f"/v1/scorecards?period={PERIOD}") -> httpx.Response:
    return httpx.get(url + path, headers={"Authorization": f"Bearer {token}"}, timeout=15)


def test_a_ministry_system_reads_its_scorecards_with_a_client_credentials_token(production, provider):
    token = provider.token("mohw-dmh")
    via_gateway = _get(production.gateway_url + "/indicators", token)
    assert via_gateway.status_code == 200, via_gateway.text
    assert _get(production.service_url("indicators"), token).status_code == 200
    # production: the development token endpoint does not exist
    assert (
        httpx.post(production.gateway_url + "/auth/dev-token", json={"sub": "x", "roles": ["ministry"]}).status_code
        == 404
    )


def test_claims_map_to_roles_and_jurisdiction(production, provider):
    county = provider.token("miaoli-dashboard")  # group tw-mia-admins → county_admin of TW-MIA
    own = _get(production.gateway_url + "/indicators", county, f"/v1/scorecards/TW-MIA?period={PERIOD}")
    assert own.status_code == 200, own.text
    other = _get(production.gateway_url + "/indicators", county, f"/v1/scorecards/TW-TPE?period={PERIOD}")
    assert other.status_code in (403, 404), other.text
    stray = provider.token("stray-system")  # a group CareNet does not map: a valid token, no role
    assert _get(production.gateway_url + "/indicators", stray).status_code == 403


def test_another_audience_is_refused(production, provider):
    token = provider.token("mohw-dmh", resource="urn:elsewhere")
    for base in (production.gateway_url + "/indicators", production.service_url("indicators")):
        r = _get(base, token)
        assert r.status_code == 401 and r.json()["code"] == "invalid_token", r.text


def test_another_issuer_is_refused(production, other_provider):
    token = other_provider.token("mohw-dmh")
    for base in (production.gateway_url + "/indicators", production.service_url("indicators")):
        assert _get(base, token).status_code == 401


def test_a_token_signed_with_the_development_secret_is_refused_in_production(production):
    from carenet_core.auth import mint_dev_token
    from carenet_core.settings import CoreSettings

    forged = mint_dev_token(CoreSettings(env="dev", jwt_audience="carenet"), {"sub": "x", "roles": ["ministry"]})
    assert _get(production.gateway_url + "/indicators", forged).status_code == 401


def test_rotation_at_the_provider_is_followed_without_restart_or_401(production, provider, keys):
    pids = {name: p.pid for name, p in production.procs.items()}
    base_gw, base_svc = production.gateway_url + "/indicators", production.service_url("indicators")
    old = provider.token("mohw-dmh")
    assert jwt.get_unverified_header(old)["kid"] == "k1"
    assert _get(base_gw, old).status_code == 200

    # 1. the provider publishes k2 and signs with it, k1 still published
    provider.rotate([keys["k2"], keys["k1"]])
    new = provider.token("mohw-dmh")
    assert jwt.get_unverified_header(new)["kid"] == "k2"
    for _ in range(3):
        for base in (base_gw, base_svc):
            for token in (new, old):
                r = _get(base, token)
                assert r.status_code == 200, f"a valid token was refused during rotation: {r.text}"

    # 2. the provider withdraws k1: tokens under it stop working once CareNet refreshes its key set
    provider.rotate([keys["k2"]])
    deadline = time.monotonic() + 30
    refused = {base_gw: False, base_svc: False}
    while not all(refused.values()):
        for base in refused:
            assert _get(base, new).status_code == 200  # the valid token never sees a 401
            if not refused[base]:
                refused[base] = _get(base, old).status_code == 401
        assert time.monotonic() < deadline, f"the withdrawn key k1 is still trusted: {refused}"
        time.sleep(0.3)

    assert {name: p.pid for name, p in production.procs.items()} == pids  # nobody restarted
    assert all(p.poll() is None for p in production.procs.values())
    assert "jwks_rotated" in (Path(production.log_dir or ".") / "gateway.log").read_text(), tail(
        Path(production.log_dir or ".") / "gateway.log"
    )


def _person_token(provider: Provider, login: str) -> str:
    """A person signs in at the console: authorization code + PKCE (S256), the provider's dev login form."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect = "http://127.0.0.1:8080/callback"
    with httpx.Client(base_url=provider.issuer, timeout=10, follow_redirects=False) as browser:
        r = browser.get(
            "/auth",
            params={
                "client_id": "carenet-console",
                "response_type": "code",
                "redirect_uri": redirect,
                "scope": "openid carenet.read",
                "resource": "urn:carenet",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
                "state": "s1",
            },
        )
        for _ in range(10):  # login, then consent, each an interaction that returns to /auth
            assert r.status_code in (302, 303), r.text
            location = r.headers["location"]
            if location.startswith(redirect):
                break
            if "/interaction/" in location:
                path = "/" + location.split("/", 3)[3] if location.startswith("http") else location
                page = browser.get(path)
                prompt = "login" if 'name="login"' in page.text else "consent"
                r = browser.post(path, data={"prompt": prompt, "login": login, "password": "any"})
            else:
                r = browser.get(location)
        params = dict(httpx.URL(r.headers["location"]).params)
        assert params.get("state") == "s1" and "code" in params, params
        tok = browser.post(
            "/token",
            data={
                "grant_type": "authorization_code",
                "code": params["code"],
                "redirect_uri": redirect,
                "client_id": "carenet-console",
                "code_verifier": verifier,
                "resource": "urn:carenet",
            },
        )
        assert tok.status_code == 200, tok.text
        return str(tok.json()["access_token"])


def test_a_person_signs_in_with_authorization_code_and_pkce(production, provider):
    token = _person_token(provider, "sup-miaoli-01")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["sub"] == "sup-miaoli-01" and claims["client_id"] == "carenet-console"
    base = production.gateway_url + "/indicators"
    assert _get(base, token, f"/v1/scorecards/TW-MIA?period={PERIOD}").status_code == 200  # supervisor of Miaoli
    assert _get(base, token, f"/v1/scorecards/TW-TPE?period={PERIOD}").status_code in (403, 404)
