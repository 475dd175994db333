"""The resource directory, asked over HTTP through the gateway with the caller's own token.

case-mgmt never imports the resources service: it asks `GET {resources_url}/v1/resources/{id}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import structlog

log = structlog.get_logger("carenet.case_mgmt.referrals")


@dataclass(frozen=True)
class ResourceFacts:
    name: str
    county: str
    categories: list[str]


class UnknownResource(Exception):
    """The directory answered: no resource with that id."""


async def resource_facts(
    *, base_url: str, authorization: str, resource_id: str, wait_seconds: float
) -> ResourceFacts | None:
    """The directory's facts of the resource; None when the directory cannot be asked (off, slow, a bad
    answer); UnknownResource when it answers that the id is not in it."""
    if not base_url:
        return None
    try:
        async with httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=wait_seconds) as http:
            r = await http.get(f"/v1/resources/{resource_id}", headers={"Authorization": authorization})
        if r.status_code in (404, 422):
            raise UnknownResource(resource_id)
        r.raise_for_status()
        body: dict[str, Any] = r.json()
        return ResourceFacts(name=str(body["name"]), county=str(body["county"]), categories=list(body["categories"]))
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
        log.warning("resource_directory_unavailable", error=type(exc).__name__)
        return None
