"""case-mgmt's caseloads, asked over HTTP through the gateway with the caller's own token.

workforce never imports case-mgmt: it asks `GET {case_mgmt_url}/v1/caseloads?county=&district=`, so
case-mgmt's own role and jurisdiction checks decide what the caller may see. Its 403/404/422 come
back as the same problem; anything else (off, unreachable, slow, a bad answer) is a 503.
"""

from __future__ import annotations

from typing import Any

import httpx
import structlog
from carenet_core.errors import Forbidden, NotFound, RuleViolation, ServiceUnavailable

log = structlog.get_logger("carenet.workforce.caseloads")

_PASSED_ON = {403: Forbidden, 404: NotFound, 422: RuleViolation}


async def fetch_caseloads(
    *, base_url: str, authorization: str, county: str | None, district: str | None, wait_seconds: float
) -> dict[str, Any]:
    """case-mgmt's caseloads answer as JSON."""
    if not base_url:
        raise ServiceUnavailable("case-mgmt is not configured for workforce", code="case_mgmt_unavailable")
    params = {k: v for k, v in (("county", county), ("district", district)) if v}
    try:
        async with httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=wait_seconds) as http:
            r = await http.get("/v1/caseloads", params=params, headers={"Authorization": authorization})
        if r.status_code in _PASSED_ON:
            body = r.json()
            raise _PASSED_ON[r.status_code](str(body.get("detail") or ""), code=body.get("code"))
        r.raise_for_status()
        answer: dict[str, Any] = r.json()
        answer["items"]
        return answer
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
        log.warning("case_mgmt_caseloads_unavailable", error=type(exc).__name__)
        raise ServiceUnavailable("case-mgmt's caseloads could not be read", code="case_mgmt_unavailable") from exc
