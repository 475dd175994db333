"""The resources service's public directory, asked over HTTP (through the gateway) for the crisis answer.

eap never imports the resources service: it asks `GET {resources_url}/v1/resources?county=…&category=…`
(public, no token) for the caller's county's crisis lines (專線) and suicide-prevention resources (自殺防治).
Any failure — off, unreachable, slow, a bad answer — means "unavailable", never an error of the crisis answer.
"""

from __future__ import annotations

from typing import Any

import httpx
import structlog
from pydantic import ValidationError

from .schemas import CrisisResource

# Category codes of the resources service's directory (carenet_resources.directory.rules.Category).
CRISIS_CATEGORIES = ("crisis_line", "suicide_prevention")

log = structlog.get_logger("carenet.eap.crisis_resources")


async def crisis_resources(*, base_url: str, county: str | None, wait_seconds: float) -> list[CrisisResource] | None:
    """The county's crisis resources (each once, in the directory's order), or None when unavailable."""
    if not base_url or not county:
        return None
    found: dict[str, CrisisResource] = {}
    try:
        async with httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=wait_seconds) as http:
            for category in CRISIS_CATEGORIES:
                r = await http.get("/v1/resources", params={"county": county, "category": category})
                r.raise_for_status()
                items: list[dict[str, Any]] = r.json()["items"]
                for item in items:
                    found.setdefault(str(item["id"]), CrisisResource.model_validate(item))
    except (httpx.HTTPError, ValueError, KeyError, TypeError, ValidationError) as exc:
        log.warning("crisis_resources_unavailable", error=type(exc).__name__)
        return None
    return list(found.values())
