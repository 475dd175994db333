"""Retention of counselling records (諮商紀錄): how long they are kept, when they may be destroyed.

Seed 004 (臺北市政府 114-115年推動員工協助方案工作計畫, 計畫擬定 › 資料保存及調閱規定):
「依據心理師法及個人資料保護法等相關規定，檢視資料保存及調閱規定。」
心理師法 §25 keeps a counselling record at least 10 years (「至少保存十年」); the Personal Data
Protection Act forbids keeping it longer than needed. So the period may be raised, never set
below 10 years (`below_legal_minimum`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from carenet_core.clock import TAIPEI, add_months

LEGAL_MINIMUM_YEARS = 10  # 心理師法 §25
MAXIMUM_YEARS = 100


def below_legal_minimum(years: int) -> bool:
    """Whether a retention period is shorter than the law allows."""
    return years < LEGAL_MINIMUM_YEARS


def purge_cutoff(as_of: date, retention_years: int) -> datetime:
    """Records of sessions that ended before this instant are past retention (start of the Taipei day)."""
    day = add_months(as_of, -12 * retention_years)
    return datetime.combine(day, time(0), tzinfo=TAIPEI).astimezone(UTC)
