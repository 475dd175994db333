"""Pure rules of retention (保存年限): how long query logs and the audit records are kept.

Seed 001 (001_c9d8afea91fb3f89.txt, 落實精神照護資訊管理系統資訊安全作業 2. and 3.): the monthly sampling's
「執行紀錄保留三年備查」 and the internal audit's 「稽核紀錄，保留三年備查」 — kept three years at least.
"""

from __future__ import annotations

LEGAL_MIN_RETENTION_YEARS = 3


def retention_below_law(years: int) -> str | None:
    """Why `years` of retention is unlawful (「保留三年備查」: at least 3), or None when it is lawful."""
    if years < LEGAL_MIN_RETENTION_YEARS:
        return f"retention of {years} years is below the legal minimum {LEGAL_MIN_RETENTION_YEARS} (保留三年備查)"
    return None
