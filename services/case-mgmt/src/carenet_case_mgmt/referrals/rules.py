"""Referral rules. Pure: no I/O.

Seed 001 (001_c9d8afea91fb3f89.txt, 自殺關懷訪視) asks the visiting staff to 「積極結合相關人員提供共同
關懷訪視服務或轉介相關服務資源」; the resource directory (services/resources) names those resources,
so a referral names one by its id. A referral made from a phone in the mountains must not fail because
the directory is out of reach: an unchecked id is kept and said so.
"""

from __future__ import annotations

from datetime import date


def referral_day_allowed(referred_on: date, today: date) -> bool:
    """A referral is recorded on or after it was made: never dated after today (Asia/Taipei)."""
    return referred_on <= today


def checked_categories(stored: str | None) -> list[str]:
    """The stored categories as a list (comma-separated in the row)."""
    return [c for c in (stored or "").split(",") if c]
