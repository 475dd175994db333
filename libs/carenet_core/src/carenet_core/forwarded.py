"""Behind the gateway a service answers with gateway paths.

The gateway calls a service at `/v1/...` and tells it where that lives outside with
`X-Forwarded-Prefix: /case-mgmt`. A `Location` a service sets (`/v1/cases/{id}`) is then rewritten to
`/case-mgmt/v1/cases/{id}`, so a client following it through the gateway gets 200; problem `instance`
values do the same (`carenet_core.errors.gateway_prefix`). Called directly, nothing changes.
"""

from __future__ import annotations

import re
from typing import Any

# A gateway prefix is one plain path segment (`/case-mgmt`); anything else is ignored.
PREFIX_PATTERN = r"^/[a-z][a-z0-9-]{0,40}$"
_PREFIX_RE = re.compile(PREFIX_PATTERN.encode())


class ForwardedPrefixMiddleware:
    """Pure ASGI: prefixes a relative `Location` with the gateway's `X-Forwarded-Prefix`."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        prefix = next((v for k, v in scope["headers"] if k == b"x-forwarded-prefix"), b"")
        if not _PREFIX_RE.match(prefix):
            return await self.app(scope, receive, send)

        async def send_prefixed(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (k, prefix + v if k.lower() == b"location" and v.startswith(b"/v1/") else v)
                    for k, v in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, send_prefixed)
