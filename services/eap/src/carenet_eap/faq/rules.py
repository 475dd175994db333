"""The FAQ assistant's answer rule (人事小管家): answer only when the match is good, else say so plainly.

Seed 002 (三、方案導入 › 1.（1）): 「推動智能行動服務之「人事小管家」…導入人工智慧（AI）聊天機器人
(Chatbot)智能客服技術，綜整員工協助方案及相關福利等資訊…提供員工不限時間、地點之即時有感互動式
創新人事服務」. When the curated FAQ has no good answer, the assistant offers the booking page and the
24-hour 安心專線 1925 instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence

CRISIS_LINE = "1925"


def good_answers(ranked: Sequence[tuple[str, float]], *, min_score: float, limit: int) -> list[tuple[str, float]]:
    """The ranked (id, score) pairs at or above `min_score`, at most `limit`; empty means no good answer."""
    return [(i, s) for i, s in ranked if s >= min_score][:limit]
