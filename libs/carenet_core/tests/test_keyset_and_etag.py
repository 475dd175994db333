"""Keyset paging and If-Match, as every service uses them."""

from datetime import UTC, datetime

import pytest
from carenet_core.errors import PreconditionFailed, PreconditionRequired, RuleViolation
from carenet_core.etag import check_if_match, etag
from carenet_core.pagination import encode_cursor, keyset_after
from sqlalchemy import Column, DateTime, MetaData, String, Table, select
from sqlalchemy.dialects import postgresql

t = Table("t", MetaData(), Column("at", DateTime(timezone=True)), Column("id", String))


def sql(stmt) -> str:
    return str(stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))


def test_keyset_without_a_cursor_only_orders():
    q = sql(keyset_after(select(t), [t.c.at, t.c.id], None, descending=True))
    assert "WHERE" not in q and "ORDER BY t.at DESC, t.id DESC" in q


def test_keyset_with_a_cursor_continues_past_the_last_row():
    at = datetime(2026, 11, 30, 1, 2, 3, tzinfo=UTC)
    cur = encode_cursor([at.isoformat(), "b"])
    q = sql(keyset_after(select(t), [t.c.at, t.c.id], cur, descending=True, types=[datetime.min, ""]))
    assert "t.at < '2026-11-30 01:02:03+00:00'" in q and "t.at = '2026-11-30 01:02:03+00:00' AND t.id < 'b'" in q


@pytest.mark.parametrize("cursor", ["not-base64!", encode_cursor(["only-one"]), encode_cursor(["x", "y"])])
def test_a_foreign_cursor_is_422(cursor):
    with pytest.raises(RuleViolation):
        keyset_after(select(t), [t.c.at, t.c.id], cursor, types=[datetime.min, ""])


@pytest.mark.parametrize(
    ("if_match", "error"),
    [(None, PreconditionRequired), ('"2"', PreconditionFailed), ('W/"2", "4"', PreconditionFailed)],
)
def test_if_match_refuses(if_match, error):
    with pytest.raises(error):
        check_if_match(if_match, 3)


@pytest.mark.parametrize("if_match", ['"3"', 'W/"3"', '"1", "3"', "*"])
def test_if_match_accepts(if_match):
    check_if_match(if_match, 3)
    assert etag(3) == '"3"'
