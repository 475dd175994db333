"""Counting the SQL statements a piece of code sends — a guard against N+1 regressions, never a timer.

    with count_statements(app.state.db.engine) as sql:
        r = await client.get(f"/v1/cases/{case_id}", headers=worker)
    assert len(sql) == 3, sql.report()

Only statements sent from the block's own context are counted (a context variable, which SQLAlchemy
carries into the greenlet that runs the driver call, and asyncio into tasks started inside the
block): the app's background jobs polling on the same engine are left out. Transaction control
(`BEGIN`, `COMMIT`, savepoints issued by the driver itself) is not a cursor execution and is not
counted; `SAVEPOINT` statements SQLAlchemy sends are.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine

_active: ContextVar[StatementCounter | None] = ContextVar("carenet_statement_counter", default=None)


@dataclass
class StatementCounter:
    """The statements seen, in the order they were sent (first line of each, for a readable failure)."""

    statements: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.statements)

    def report(self) -> str:
        """Numbered statements, one a line: what an assertion message should show."""
        return "\n".join(f"{i + 1:2d}. {s}" for i, s in enumerate(self.statements))


def _first_line(statement: str, limit: int = 160) -> str:
    flat = " ".join(statement.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@contextmanager
def count_statements(engine: AsyncEngine | Engine) -> Iterator[StatementCounter]:
    """Count the statements `engine` sends on behalf of the block (see the module docstring)."""
    sync_engine = engine.sync_engine if isinstance(engine, AsyncEngine) else engine
    counter = StatementCounter()

    def _before(_conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _executemany: bool) -> None:
        if _active.get() is counter:
            counter.statements.append(_first_line(statement))

    event.listen(sync_engine, "before_cursor_execute", _before)
    token = _active.set(counter)
    try:
        yield counter
    finally:
        _active.reset(token)
        event.remove(sync_engine, "before_cursor_execute", _before)
