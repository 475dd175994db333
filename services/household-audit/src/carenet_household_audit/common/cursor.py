"""Keyset cursors over (instant, UUID): core's `keyset_after` parses instants but not UUIDs back."""

from __future__ import annotations

import uuid
from datetime import datetime

from carenet_core.errors import RuleViolation
from carenet_core.pagination import decode_cursor


def instant_and_id(cursor: str) -> tuple[datetime, uuid.UUID]:
    """The (instant, id) position a `page_of(..., lambda r: [r.at.isoformat(), r.id])` cursor names; 422 otherwise."""
    position = decode_cursor(cursor)
    try:
        at, rid = position
        return datetime.fromisoformat(str(at)), uuid.UUID(str(rid))
    except (TypeError, ValueError):
        raise RuleViolation("the cursor is not one this service issued", code="invalid_cursor") from None
