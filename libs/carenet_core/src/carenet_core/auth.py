"""Token verification into a `Principal`, role requirements, and jurisdiction scoping."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
import jwt
import structlog
from fastapi import Depends, Request
from sqlalchemy import Select

from . import clock
from .errors import Forbidden, Unauthorized
from .settings import CoreSettings

log = structlog.get_logger("carenet.auth")

ROLES = frozenset(
    {
        "case_worker",
        "supervisor",
        "county_admin",
        "ministry",
        "hospital",
        "auditor",
        "employee",
        "counsellor",
        "eap_admin",
        "system",
    }
)
# Roles whose reach is the whole country rather than one county.
NATIONAL_ROLES = frozenset({"ministry", "system"})
DEV_ISSUER = "carenet-dev"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's subject, roles and jurisdiction."""

    sub: str
    roles: frozenset[str]
    county: str | None = None
    district: str | None = None
    unit: str | None = None
    agency: str | None = None
    claims: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def has(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def primary_role(self) -> str:
        return sorted(self.roles)[0] if self.roles else ""

    @property
    def is_national(self) -> bool:
        return self.has(*NATIONAL_ROLES)

    def county_scope(self) -> str | None:
        """The one county this caller may see, or None for national reach."""
        return None if self.is_national else (self.county or "")

    def reaches_county(self, county: str | None) -> bool:
        """Whether a record of `county` is within this caller's reach: national roles reach every county."""
        scope = self.county_scope()
        return scope is None or scope == county

    def district_scope(self) -> str | None:
        """A case worker with a district claim is bound to it; everyone else sees the whole county."""
        if self.is_national or self.has("supervisor", "county_admin", "auditor"):
            return None
        if self.has("case_worker") and self.district:
            return self.district
        return None

    def can_see(self, county: str | None, district: str | None = None) -> bool:
        cs = self.county_scope()
        if cs is not None and county != cs:
            return False
        ds = self.district_scope()
        return ds is None or district == ds


class UnknownSigningKey(Exception):
    """The token names a key the cached key set does not hold (yet)."""


class KeySet:
    """The identity provider's signing keys: discovery + JWKS over async HTTP, never blocking the event loop.

    Keys are kept by `kid`. A set older than `refresh` seconds is refetched in the background while the
    cached one keeps serving; a token naming an unknown `kid` (the provider rotated) waits for one refetch,
    at most one every `min_refresh` seconds whoever asks (concurrent askers share it). A key that disappears
    from the provider's set is dropped, and with it every cached verification (`generation`).
    """

    def __init__(
        self, *, issuer: str | None, jwks_url: str | None, refresh: float, min_refresh: float, timeout: float
    ) -> None:
        self.issuer, self.jwks_url = issuer, jwks_url
        self.refresh_after, self.min_refresh, self.timeout = refresh, min_refresh, timeout
        self.keys: dict[str, jwt.PyJWK] = {}
        self.generation = 0
        self.fetched_at: float | None = None
        self.fetches = 0
        self.attempts = 0
        self.last_error: str | None = None
        self._attempted_at = float("-inf")
        self._lock: asyncio.Lock | None = None
        self._background: asyncio.Task[None] | None = None

    def _now(self) -> float:
        return time.monotonic()

    async def _fetch(self) -> dict[str, jwt.PyJWK]:
        async with httpx.AsyncClient(timeout=self.timeout, follow_redirects=False) as client:
            url = self.jwks_url
            if url is None:
                assert self.issuer is not None
                r = await client.get(self.issuer.rstrip("/") + "/.well-known/openid-configuration")
                r.raise_for_status()
                discovery = r.json()
                if discovery.get("issuer") != self.issuer:
                    raise ValueError(f"discovery names issuer {discovery.get('issuer')!r}, expected {self.issuer!r}")
                url = str(discovery["jwks_uri"])
            r = await client.get(url)
            r.raise_for_status()
            keys: dict[str, jwt.PyJWK] = {}
            for jwk in r.json().get("keys", []):
                if jwk.get("use", "sig") != "sig":
                    continue
                try:
                    keys[str(jwk.get("kid", ""))] = jwt.PyJWK(jwk)
                except jwt.PyJWTError:
                    continue  # an algorithm or key type this process cannot use
            return keys

    async def refresh(self, *, seen: int | None = None) -> None:
        """Refetch the set, unless another caller tried since `seen` (its result serves this caller too);
        tries are at least `min_refresh` apart."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if seen is not None and self.attempts != seen:
                return
            wait = self._attempted_at + self.min_refresh - self._now()
            if wait > 0:
                await asyncio.sleep(wait)
            self._attempted_at = self._now()
            try:
                keys = await self._fetch()
            except Exception as exc:  # the provider is down: keep serving the keys already known
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("jwks_fetch_failed", error=self.last_error, issuer=self.issuer, alert=True)
                return
            finally:
                self.attempts += 1  # counted once done: callers that queued meanwhile take this result
            if set(self.keys) - set(keys):
                self.generation += 1  # a key was withdrawn: no cached verification may outlive it
            if set(keys) != set(self.keys):
                log.info("jwks_rotated", kids=sorted(keys), issuer=self.issuer)
            self.keys, self.fetched_at, self.last_error = keys, self._now(), None
            self.fetches += 1

    def refresh_in_background(self) -> None:
        """Start a refetch when the set is stale and none is running (requests keep using the cached set)."""
        stale = self.fetched_at is None or self._now() - self.fetched_at > self.refresh_after
        if stale and (self._background is None or self._background.done()):
            if self._now() - self._attempted_at >= self.min_refresh:
                self._background = asyncio.create_task(self.refresh())

    def key_for(self, token: str) -> Any:
        try:
            kid = str(jwt.get_unverified_header(token).get("kid", ""))
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"invalid token: {exc}", code="invalid_token") from None
        key = self.keys.get(kid)
        if key is None:
            raise UnknownSigningKey(kid)
        return key.key


class TokenVerifier:
    """Verifies bearer tokens: HS256 with the shared secret (current, and the previous one during its
    rotation window) in dev, RS256/ES256 from the identity provider's JWKS (discovery) in production."""

    def __init__(self, settings: CoreSettings, *, cache_size: int = 4096) -> None:
        self.audience = settings.jwt_audience
        self.issuer = settings.jwt_issuer
        self.algorithms = [a for a in settings.jwt_algorithms if a.lower() != "none"]
        self.secret = settings.jwt_secret.get_secret_value()
        self.previous_secret = settings.jwt_previous_secret.get_secret_value() if settings.jwt_previous_secret else None
        self.previous_until = settings.jwt_previous_secret_until
        self.mapping = ClaimMapping.from_settings(settings)
        self.keyset = (
            KeySet(
                issuer=settings.oidc_issuer,
                jwks_url=settings.jwks_url,
                refresh=settings.jwks_refresh_seconds,
                min_refresh=settings.jwks_min_refresh_seconds,
                timeout=settings.jwks_timeout_seconds,
            )
            if settings.uses_identity_provider
            else None
        )
        self._cache: OrderedDict[str, tuple[Principal, float, int]] = OrderedDict()
        self._cache_size = cache_size

    def _previous_secret_open(self) -> bool:
        if self.previous_secret is None:
            return False
        return self.previous_until is None or clock.now() < self.previous_until

    def _decode(self, token: str, key: Any) -> dict[str, Any]:
        return jwt.decode(
            token,
            key,
            algorithms=self.algorithms,
            audience=self.audience,
            issuer=self.issuer,
            options={"require": ["exp", "sub"] if self.mapping.subject == "sub" else ["exp"]},
            leeway=30,
        )

    def verify(self, token: str) -> Principal:
        """The token's principal, from keys already at hand (no I/O); raises `UnknownSigningKey` for a new `kid`."""
        hit = self._cache.get(token)
        now = clock.now().timestamp()
        generation = self.keyset.generation if self.keyset is not None else 0
        if hit is not None and hit[1] > now and hit[2] == generation:
            return hit[0]
        valid_until: float | None = None
        try:
            if self.keyset is not None:
                claims = self._decode(token, self.keyset.key_for(token))
            else:
                try:
                    claims = self._decode(token, self.secret)
                except jwt.InvalidSignatureError:
                    if not self._previous_secret_open():
                        raise
                    claims = self._decode(token, self.previous_secret)
                    valid_until = self.previous_until.timestamp() if self.previous_until else None
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"invalid token: {exc}", code="invalid_token") from None
        principal = self.mapping.principal(claims)
        expires = float(claims["exp"]) if valid_until is None else min(float(claims["exp"]), valid_until)
        self._cache[token] = (principal, expires, generation)
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return principal

    async def authenticate(self, token: str) -> Principal:
        """`verify`, fetching the provider's keys first when they are missing, stale or lack the token's `kid`."""
        if self.keyset is None:
            return self.verify(token)
        if self.keyset.fetched_at is None:
            await self.keyset.refresh(seen=self.keyset.attempts)
        else:
            self.keyset.refresh_in_background()
        try:
            return self.verify(token)
        except UnknownSigningKey:
            await self.keyset.refresh(seen=self.keyset.attempts)
        try:
            return self.verify(token)
        except UnknownSigningKey as exc:
            raise Unauthorized(
                f"invalid token: no signing key {exc} at the identity provider", code="invalid_token"
            ) from None


def _claim(claims: dict[str, Any], path: str) -> Any:
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


@dataclass(frozen=True)
class ClaimMapping:
    """Which claims name the subject, roles and jurisdiction (dotted paths), and how roles translate."""

    subject: str = "sub"
    roles: str = "roles"
    role_map: dict[str, str] = field(default_factory=dict)
    county: str = "county"
    district: str = "district"
    unit: str = "unit"
    agency: str = "agency"

    @classmethod
    def from_settings(cls, settings: CoreSettings) -> ClaimMapping:
        return cls(
            subject=settings.claim_subject,
            roles=settings.claim_roles,
            role_map=dict(settings.role_map),
            county=settings.claim_county,
            district=settings.claim_district,
            unit=settings.claim_unit,
            agency=settings.claim_agency,
        )

    def roles_of(self, claims: dict[str, Any]) -> frozenset[str]:
        raw = _claim(claims, self.roles) or []
        values = raw.split() if isinstance(raw, str) else [str(v) for v in raw] if isinstance(raw, list) else []
        if self.role_map:  # only what the map names counts: an IdP group called "system" grants nothing
            return frozenset(self.role_map[v] for v in values if v in self.role_map) & ROLES
        return frozenset(values) & ROLES

    def principal(self, claims: dict[str, Any]) -> Principal:
        sub = _claim(claims, self.subject) or claims.get("sub")
        if not sub:
            raise Unauthorized("invalid token: no subject", code="invalid_token")

        def text(path: str) -> str | None:
            value = _claim(claims, path)
            return None if value is None else str(value)

        return Principal(
            sub=str(sub),
            roles=self.roles_of(claims),
            county=text(self.county),
            district=text(self.district),
            unit=text(self.unit),
            agency=text(self.agency),
            claims=claims,
        )


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    """The principal of CareNet's own claim names (dev tokens)."""
    return ClaimMapping().principal(claims)


def mint_dev_token(settings: CoreSettings, claims: dict[str, Any], ttl: int = 3600) -> str:
    """A short-lived HS256 token for development and tests (never served in production)."""
    now = int(time.time())
    body = {k: v for k, v in claims.items() if v is not None}
    body.update({"iat": now, "exp": now + ttl, "aud": settings.jwt_audience, "iss": settings.jwt_issuer or DEV_ISSUER})
    return jwt.encode(body, settings.jwt_secret.get_secret_value(), algorithm="HS256")


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return token.strip()


async def current_principal(request: Request) -> Principal:
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    principal = await request.app.state.verifier.authenticate(token)
    request.state.principal = principal
    return principal


async def optional_principal(request: Request) -> Principal | None:
    if bearer_token(request) is None:
        return None
    return await current_principal(request)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: str) -> Any:
    """A dependency that returns the principal when it holds one of `roles`, else 403."""
    allowed = frozenset(roles)

    async def _dep(principal: CurrentPrincipal) -> Principal:
        if principal.roles.isdisjoint(allowed):
            raise Forbidden(f"requires one of: {', '.join(sorted(allowed))}")
        return principal

    return Depends(_dep)


def scope_to_jurisdiction(
    stmt: Select[Any], principal: Principal, county_col: Any, district_col: Any = None
) -> Select[Any]:
    """Restrict a query to the rows the principal's county (and district) may see."""
    county = principal.county_scope()
    if county is not None:
        stmt = stmt.where(county_col == county)
    district = principal.district_scope()
    if district is not None and district_col is not None:
        stmt = stmt.where(district_col == district)
    return stmt


def roles_in(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values) & ROLES
