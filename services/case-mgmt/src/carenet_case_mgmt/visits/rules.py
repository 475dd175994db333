"""Visits (訪視) from phones that may be offline for days: late entries and device-time order."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..tiers.rules import FACE_TO_FACE_METHODS

METHODS = ("face_to_face_home", "face_to_face_other", "phone", "video")
OUTCOMES = ("met", "not_met")  # not_met = 訪視未遇


def is_face_to_face(method: str) -> bool:
    return method in FACE_TO_FACE_METHODS


SEEN = ("person", "family_only")


def seen_or_default(seen: str | None, outcome: str) -> str | None:
    """Who was seen: as sent; for a client that does not send it, `person` for a `met` visit (v1 `met` means the
    visitor met the person) and nothing for a `not_met` one."""
    if seen is not None:
        return seen
    return "person" if outcome == "met" else None


def seen_contradicts(seen: str | None, outcome: str) -> bool:
    """`not_met` (訪視未遇) with `seen: person` says two things at once."""
    return outcome == "not_met" and seen == "person"


def is_late(*, visited_at: datetime, received_at: datetime, late_after_days: int = 7) -> bool:
    """Received more than `late_after_days` after it happened (an offline phone catching up)."""
    return received_at - visited_at > timedelta(days=late_after_days)


def is_in_future(*, visited_at: datetime, received_at: datetime, skew_minutes: int = 10) -> bool:
    """A device clock ahead of the server by more than the tolerated skew."""
    return visited_at - received_at > timedelta(minutes=skew_minutes)
