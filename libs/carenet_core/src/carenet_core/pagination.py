"""Cursor pagination: `?limit=` (default 50, max 500) and an opaque `?cursor=` (keyset, not offset)."""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

from .errors import RuleViolation

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size (max 500)")]
Cursor = Annotated[str | None, Query(max_length=512, description="opaque cursor from `next_cursor`")]


def encode_cursor(key: Any) -> str:
    """An opaque cursor for a keyset position (any JSON value, e.g. `[sort_value, id]`)."""
    raw = json.dumps(key, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> Any:
    if not cursor:
        return None
    try:
        pad = "=" * (-len(cursor) % 4)
        return json.loads(base64.urlsafe_b64decode(cursor + pad))
    except (ValueError, UnicodeDecodeError):
        raise RuleViolation("the cursor is not one this service issued", code="invalid_cursor") from None


def page_of(rows: list[T], limit: int, key: Any) -> Page[T]:
    """Build a page from `limit + 1` fetched rows; `key(row)` gives the keyset position of a row."""
    more = len(rows) > limit
    rows = rows[:limit]
    return Page[T](items=rows, next_cursor=encode_cursor(key(rows[-1])) if more and rows else None)
