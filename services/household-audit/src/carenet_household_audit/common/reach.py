"""Reach of a caller: its county, and for a unit's own reviewer its unit; outside it a record answers 404.

Seed 001 (使用者查詢戶役政資料紀錄 抽查及稽核注意事項): 「所有使用單位(含衛生局(所)、轄內醫療機構)每月皆須辦理抽查作業」 —
every using unit, hospitals included, samples and reviews its own queries; the health bureau (the county)
audits them all. A unit's reviewer is an `auditor` whose token carries a `unit` claim.
"""

from __future__ import annotations

from carenet_core.auth import Principal
from carenet_core.errors import NotFound


def ensure_reach(principal: Principal, county: str, what: str = "record") -> None:
    """404 when the county is outside the caller's jurisdiction."""
    if not principal.reaches_county(county):
        raise NotFound(f"no such {what}", code=f"{what.replace(' ', '_')}_not_found")


# Roles that see the whole county even when their token also names a unit.
COUNTY_WIDE_ROLES = ("county_admin", "supervisor", "ministry", "system")


def unit_scope(principal: Principal) -> str | None:
    """The one unit a unit's own reviewer reaches, or None when the caller reaches every unit of its county."""
    if principal.unit and principal.has("auditor") and not principal.has(*COUNTY_WIDE_ROLES):
        return principal.unit
    return None


def ensure_unit_reach(principal: Principal, unit: str, what: str = "record") -> None:
    """404 when a unit's reviewer asks for another unit's record."""
    scope = unit_scope(principal)
    if scope is not None and scope != unit:
        raise NotFound(f"no such {what}", code=f"{what.replace(' ', '_')}_not_found")
