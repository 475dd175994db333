"""The phone sync position (`since` / `next_since`) and which cases a window of changes touches.

A position is a point in the service's change sequence — the outbox `seq`, which is handed out
only to committed changes, one numbering transaction at a time, so nothing can later appear
behind a position already given (no wall clock, no gap from a late commit). It also carries the
Taipei day of the sync: a tier-policy version that comes into force on a later day changes due
dates without a change of its own, and the day tells which versions came into force since.

A window being paged carries its bounds (`since`, `upto`) and the last case id sent, so every
page of one window answers from the same bounds; the last page hands out `upto` itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Position:
    """Where a phone stands: changes up to `seq` are on it, as of Taipei day `day`."""

    seq: int
    day: date | None = None
    # set while a window is being paged
    upto: int | None = None
    after: str | None = None

    def to_json(self) -> list[Any]:
        return [self.seq, self.day.isoformat() if self.day else None, self.upto, self.after]

    @classmethod
    def from_json(cls, raw: Any) -> Position:
        """A position from its decoded token (ValueError when it is not one)."""
        if not isinstance(raw, list) or len(raw) != 4:
            raise ValueError("not a sync position")
        seq, day, upto, after = raw
        if not isinstance(seq, int) or seq < 0 or (upto is not None and (not isinstance(upto, int) or upto < seq)):
            raise ValueError("not a sync position")
        if after is not None and not isinstance(after, str):
            raise ValueError("not a sync position")
        return cls(seq=seq, day=date.fromisoformat(day) if day else None, upto=upto, after=after)


def touched_cases(events: Iterable[Mapping[str, Any]]) -> set[str]:
    """Ids of the cases that events' data name (`case_id`)."""
    return {str(d["case_id"]) for d in events if d.get("case_id")}


def counties_with_new_policy(versions: Iterable[tuple[str, date]], *, since_day: date | None, today: date) -> set[str]:
    """Counties whose tier-policy version came into force after `since_day` and by `today` (due dates moved)."""
    return {county for county, start in versions if start <= today and (since_day is None or start > since_day)}


def page(ids: Iterable[str], *, after: str | None, limit: int) -> tuple[list[str], bool]:
    """The next `limit` case ids in id order after `after`, and whether more follow."""
    rest = sorted(i for i in set(ids) if after is None or i > after)
    return rest[:limit], len(rest) > limit
