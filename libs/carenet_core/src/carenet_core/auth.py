"""Token verification into a `Principal`, role requirements, and jurisdiction scoping."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from sqlalchemy import Select

from .errors import Forbidden, Unauthorized
from .settings import CoreSettings

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


class TokenVerifier:
    """Verifies bearer tokens: HS256 with the shared secret in dev, RS256/ES256 from a JWKS in production."""

    def __init__(self, settings: CoreSettings, *, cache_size: int = 4096) -> None:
        self.audience = settings.jwt_audience
        self.issuer = settings.jwt_issuer
        self.algorithms = [a for a in settings.jwt_algorithms if a.lower() != "none"]
        self.secret = settings.jwt_secret.get_secret_value()
        self.jwks = jwt.PyJWKClient(settings.jwks_url, cache_keys=True) if settings.jwks_url else None
        self._cache: OrderedDict[str, tuple[Principal, float]] = OrderedDict()
        self._cache_size = cache_size

    def _key_for(self, token: str) -> Any:
        if self.jwks is not None:
            return self.jwks.get_signing_key_from_jwt(token).key
        return self.secret

    def verify(self, token: str) -> Principal:
        hit = self._cache.get(token)
        now = time.time()
        if hit is not None and hit[1] > now:
            return hit[0]
        try:
            claims = jwt.decode(
                token,
                self._key_for(token),
                algorithms=self.algorithms,
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "sub"]},
                leeway=30,
            )
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"invalid token: {exc}", code="invalid_token") from None
        principal = principal_from_claims(claims)
        self._cache[token] = (principal, float(claims["exp"]))
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return principal


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    roles = claims.get("roles") or []
    if isinstance(roles, str):
        roles = [roles]
    return Principal(
        sub=str(claims["sub"]),
        roles=frozenset(r for r in roles if r in ROLES),
        county=claims.get("county"),
        district=claims.get("district"),
        unit=claims.get("unit"),
        agency=claims.get("agency"),
        claims=claims,
    )


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
    principal = request.app.state.verifier.verify(token)
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
