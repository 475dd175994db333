"""`Idempotency-Key` storage and replay, inside the request's own transaction.

A repeat with the same key and the same request answers the first response; the same key with a
different request is 409. The key row is written in the same transaction as the change, so a
retry after a failed commit simply runs again. Keys and their stored responses live
`idempotency_ttl_days` (default 7): an older key is forgotten (its request runs as new) and the
housekeeping job deletes it (`sweep_expired_keys`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import JSON, Integer, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from . import clock
from .auth import CurrentPrincipal
from .db import Base, Instant
from .errors import Conflict


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"

    owner: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[Any | None] = mapped_column(JSON, nullable=True)
    headers: Mapped[Any | None] = mapped_column(JSON, default=dict, nullable=True)
    created_at: Mapped[datetime] = mapped_column(Instant)


DEFAULT_TTL = timedelta(days=7)


@dataclass
class Idempotency:
    """The request's key (if any) and fingerprint; `replay` before working, `respond` after."""

    key: str | None
    owner: str
    fingerprint: str
    ttl: timedelta = field(default=DEFAULT_TTL)

    async def replay(self, session: AsyncSession) -> JSONResponse | None:
        """The stored answer for this key, or None when the key is new (409 if reused for another request)."""
        if not self.key:
            return None
        rec = await session.get(IdempotencyRecord, (self.owner, self.key))
        if rec is None:
            return None
        if rec.created_at <= clock.now() - self.ttl:  # expired, not yet swept: forget it
            await session.delete(rec)
            await session.flush()
            return None
        if rec.request_hash != self.fingerprint:
            raise Conflict("this Idempotency-Key was used for a different request", code="idempotency_key_reused")
        return JSONResponse(
            rec.body, status_code=rec.status_code, headers={**(rec.headers or {}), "Idempotent-Replay": "true"}
        )

    async def respond(
        self, session: AsyncSession, status_code: int, body: Any, headers: dict[str, str] | None = None
    ) -> JSONResponse:
        """Store the answer under the key (same transaction as the change) and return it."""
        payload = jsonable_encoder(body)
        if self.key:
            rec = IdempotencyRecord(
                owner=self.owner,
                key=self.key,
                request_hash=self.fingerprint,
                status_code=status_code,
                body=payload,
                headers=headers or {},
                created_at=clock.now(),
            )
            try:
                async with session.begin_nested():
                    session.add(rec)
            except IntegrityError:
                # A concurrent twin committed first: answer as it did, or 409 if it was another request.
                existing = await session.scalar(
                    select(IdempotencyRecord).where(
                        IdempotencyRecord.owner == self.owner, IdempotencyRecord.key == self.key
                    )
                )
                if existing is None or existing.request_hash != self.fingerprint:
                    raise Conflict(
                        "this Idempotency-Key was used for a different request", code="idempotency_key_reused"
                    ) from None
                raise Conflict("the same request is being processed; retry", code="idempotency_in_progress") from None
        return JSONResponse(payload, status_code=status_code, headers=headers)


async def _idempotency(
    request: Request,
    principal: CurrentPrincipal,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> Idempotency:
    body = await request.body()
    try:
        canonical = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode() if body else b""
    except ValueError:
        canonical = body
    digest = hashlib.sha256(request.method.encode() + b" " + request.url.path.encode() + b"\n" + canonical)
    days = getattr(request.app.state.settings, "idempotency_ttl_days", None)
    ttl = timedelta(days=days) if days else DEFAULT_TTL
    return Idempotency(key=idempotency_key, owner=principal.sub, fingerprint=digest.hexdigest(), ttl=ttl)


async def sweep_expired_keys(session: AsyncSession, *, now: datetime, ttl: timedelta) -> int:
    """Delete the keys (and stored responses) created `ttl` or longer before `now`; returns how many."""
    result = await session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at <= now - ttl))
    return int(getattr(result, "rowcount", 0) or 0)


IdempotencyDep = Annotated[Idempotency, Depends(_idempotency)]
