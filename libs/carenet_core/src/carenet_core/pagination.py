"""Cursor pagination: `?limit=` (default 50, max 500) and an opaque `?cursor=` (keyset, not offset)."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel
from sqlalchemy import Select, and_, or_
from sqlalchemy.sql.elements import ColumnElement

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


def _typed(value: Any, like: Any) -> Any:
    """A cursor value back in the type of its column's Python value (cursors carry JSON strings)."""
    if isinstance(value, str) and isinstance(like, datetime):
        return datetime.fromisoformat(value)
    if isinstance(value, str) and isinstance(like, date):
        return date.fromisoformat(value)
    return value


def keyset_after(
    stmt: Select[Any],
    columns: list[ColumnElement[Any]],
    cursor: str | None,
    *,
    descending: bool = False,
    types: list[Any] | None = None,
) -> Select[Any]:
    """`stmt` ordered by `columns` (all ascending or all descending) and, with a cursor, only past its position.

    The cursor is the one `page_of`/`encode_cursor` made from the same columns' values of the last row;
    `types` gives one sample value per column (e.g. `[datetime.min, ""]`) where a value must be parsed back.
    """
    stmt = stmt.order_by(*[c.desc() if descending else c.asc() for c in columns])
    position = decode_cursor(cursor)
    if position is None:
        return stmt
    if not isinstance(position, list) or len(position) != len(columns):
        raise RuleViolation("the cursor is not one this service issued", code="invalid_cursor")
    try:
        values = [_typed(v, t) for v, t in zip(position, types or [None] * len(columns), strict=True)]
    except ValueError:
        raise RuleViolation("the cursor is not one this service issued", code="invalid_cursor") from None
    beyond: list[ColumnElement[bool]] = []
    for i, col in enumerate(columns):  # (a, b, c) > (x, y, z) spelled out: portable and index-friendly
        equal = [columns[j] == values[j] for j in range(i)]
        beyond.append(and_(*equal, col < values[i] if descending else col > values[i]))
    return stmt.where(or_(*beyond))
