"""Account activity for the six-monthly account review (帳號清查, seed 001): the gateway sees every
authenticated call, so it keeps the last time each login (`sub`) called within its county and sends
the batch to workforce (`POST /workforce/v1/account-activity`, role `system`) every few seconds.

Nothing is lost when workforce is down: a failed batch is merged back and sent with the next one.
Workforce keeps the latest instant per (county, sub), so a batch sent twice changes nothing. Only the
`sub`, county, roles and an instant leave the gateway: no name, no path, no personal data.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import structlog
from carenet_core import clock
from carenet_core.auth import Principal

log = structlog.get_logger("carenet.gateway.activity")

Send = Callable[[dict[str, Any]], Awaitable[None]]
BATCH = 10_000  # workforce's limit per request


class ActivityRecorder:
    """Last call per (county, sub); `flush()` hands the batch to `send` and keeps it on failure."""

    def __init__(self) -> None:
        self.pending: dict[tuple[str, str], tuple[datetime, frozenset[str]]] = {}

    def note(self, principal: Principal) -> None:
        """Remember this call (national roles have no county to review them in: skipped)."""
        if principal.is_national or not principal.county:
            return
        self.pending[(principal.county, principal.sub)] = (clock.now(), principal.roles)

    def _merge(self, key: tuple[str, str], seen: datetime, roles: frozenset[str]) -> None:
        old = self.pending.get(key)
        if old is None or old[0] < seen:
            self.pending[key] = (seen, roles | (old[1] if old else frozenset()))

    async def flush(self, send: Send) -> int:
        """Send everything pending (in batches); returns how many accounts were sent."""
        sent = 0
        while self.pending:
            keys = list(self.pending)[:BATCH]
            taken = {k: self.pending.pop(k) for k in keys}
            body = {
                "records": [
                    {"county": c, "sub": s, "last_seen": seen.isoformat(), "roles": sorted(roles)}
                    for (c, s), (seen, roles) in taken.items()
                ]
            }
            try:
                await send(body)
            except Exception as exc:  # workforce down or refusing: keep the batch for the next flush
                for key, (seen, roles) in taken.items():
                    self._merge(key, seen, roles)
                log.warning("account_activity_not_sent", accounts=len(taken), error=type(exc).__name__)
                return sent
            sent += len(taken)
        return sent

    async def run(self, send: Send, interval: float) -> None:
        """Flush every `interval` seconds until cancelled (and once more on the way out)."""
        try:
            while True:
                await asyncio.sleep(interval)
                await self.flush(send)
        except asyncio.CancelledError:
            await self.flush(send)
            raise
