"""Sign-in at the county's identity provider: OpenID Connect authorization code + PKCE (S256), with Authlib.

The console is a public client: no secret leaves the browser, the code is bound to a verifier kept in
the session (RFC 7636), `state` ties the answer to the request, and the access token it gets (audience
`carenet` via the RFC 8707 resource indicator) is the bearer the gateway verifies like any other.
Authlib builds the authorization request and the PKCE challenge; the token call is one plain POST
(Authlib's httpx integration is being moved to httpx2).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from .config import Settings


@dataclass(frozen=True)
class AuthorizationRequest:
    url: str
    state: str
    code_verifier: str
    nonce: str


def authorization_request(settings: Settings, metadata: dict[str, Any], redirect_uri: str) -> AuthorizationRequest:
    """The provider URL to send the person to, with a fresh state, nonce and PKCE verifier (S256 challenge)."""
    verifier = generate_token(64)  # 43–128 characters of [A-Za-z0-9] (RFC 7636 §4.1)
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(16)
    extra = {"resource": settings.oidc_resource} if settings.oidc_resource else {}
    url = prepare_grant_uri(
        metadata["authorization_endpoint"],
        client_id=settings.oidc_client_id,
        response_type="code",
        redirect_uri=redirect_uri,
        scope=settings.oidc_scope,
        state=state,
        code_challenge=create_s256_code_challenge(verifier),
        code_challenge_method="S256",
        nonce=nonce,
        **extra,
    )
    return AuthorizationRequest(url=url, state=state, code_verifier=verifier, nonce=nonce)


def token_request(settings: Settings, redirect_uri: str, *, code: str, code_verifier: str) -> dict[str, str]:
    """The form posted to the token endpoint: the code and the verifier only this session knows."""
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": settings.oidc_client_id,
        "code_verifier": code_verifier,
    }
    if settings.oidc_resource:
        form["resource"] = settings.oidc_resource
    return form


async def exchange_code(
    settings: Settings, metadata: dict[str, Any], redirect_uri: str, *, code: str, code_verifier: str
) -> dict[str, Any]:
    """Trade the code for tokens at the token endpoint (a confidential client also authenticates)."""
    secret = settings.oidc_client_secret
    auth = httpx.BasicAuth(settings.oidc_client_id, secret.get_secret_value()) if secret else None
    async with httpx.AsyncClient(timeout=10, auth=auth) as http:
        r = await http.post(
            str(metadata["token_endpoint"]),
            data=token_request(settings, redirect_uri, code=code, code_verifier=code_verifier),
        )
        r.raise_for_status()
        return dict(r.json())


async def discover(issuer: str) -> dict[str, Any]:
    """The provider's metadata (`/.well-known/openid-configuration`)."""
    async with httpx.AsyncClient(timeout=10) as http:
        r = await http.get(issuer.rstrip("/") + "/.well-known/openid-configuration")
        r.raise_for_status()
        return dict(r.json())
