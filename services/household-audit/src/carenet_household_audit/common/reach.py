"""County reach of a caller: a record outside it answers 404, indistinguishable from an absent one."""

from __future__ import annotations

from carenet_core.auth import Principal
from carenet_core.errors import NotFound


def ensure_reach(principal: Principal, county: str, what: str = "record") -> None:
    """404 when the county is outside the caller's jurisdiction."""
    if not principal.reaches_county(county):
        raise NotFound(f"no such {what}", code=f"{what.replace(' ', '_')}_not_found")
