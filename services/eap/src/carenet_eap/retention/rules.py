"""Retention (心理師法 §25 / 個人資料保護法): when a counselling record may be destroyed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from carenet_core.clock import TAIPEI, add_months


def purge_cutoff(as_of: date, retention_years: int) -> datetime:
    """Records of sessions that ended before this instant are past retention (start of the Taipei day)."""
    day = add_months(as_of, -12 * retention_years)
    return datetime.combine(day, time(0), tzinfo=TAIPEI).astimezone(UTC)
