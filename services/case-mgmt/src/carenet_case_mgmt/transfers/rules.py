"""Transfers (轉介) between counties: explicit states, expiry after 14 days (configurable)."""

from __future__ import annotations

from datetime import datetime, timedelta

STATES = ("offered", "accepted", "rejected", "revoked", "expired")
FINAL = frozenset({"accepted", "rejected", "revoked", "expired"})


def expires_at(offered_at: datetime, expiry_days: int = 14) -> datetime:
    return offered_at + timedelta(days=expiry_days)


def effective_state(state: str, *, expires: datetime, now: datetime) -> str:
    """An offer nobody answered in time is `expired`, whether or not a job has written that yet."""
    if state == "offered" and now >= expires:
        return "expired"
    return state
