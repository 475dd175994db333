"""County reach of a caller: out-of-jurisdiction records answer 404, not 403."""

from __future__ import annotations

from carenet_core.auth import Principal
from carenet_core.errors import NotFound


def can_reach(principal: Principal, county: str) -> bool:
    scope = principal.county_scope()
    return scope is None or scope == county


def ensure_reach(principal: Principal, county: str, what: str = "record") -> None:
    """404 when the county is outside the caller's jurisdiction (indistinguishable from absent)."""
    if not can_reach(principal, county):
        raise NotFound(f"no such {what}", code=f"{what.replace(' ', '_')}_not_found")
