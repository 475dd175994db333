"""Needs surveys (員工協助方案需求調查問卷) by gender and disability.

Seed 002 (四（一）性別統計與分析): 「針對全體同仁進行「新北市政府推動員工協助方案需求調查問卷」，
以瞭解不同性別、身心障礙者對員工協助方案需求之差異性…均以健康面及工作面需求為首，其次為生活面、
組織及管理面等。」 Results are published by group only where the group is large enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

AREAS = ("work", "life", "health", "organisation")  # 工作面、生活面、健康面、組織及管理面
ByDimension = Literal["gender", "disability"]


def average(scores: Sequence[int]) -> float | None:
    """The mean need score (1–5) of a group, two decimals; None for no answers."""
    return round(sum(scores) / len(scores), 2) if scores else None
