"""Pure rules of the review (抽樣審查): verdicts, what is final, and how an anomaly moves."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    JUSTIFIED = "justified"  # 查詢合理
    UNJUSTIFIED = "unjustified"  # 查詢不合理 → 異常, investigated and reported to the ministry
    NEEDS_FOLLOW_UP = "needs_follow_up"  # 待查詢者說明


FINAL = frozenset({Verdict.JUSTIFIED, Verdict.UNJUSTIFIED})


class AnomalyStatus(StrEnum):
    OPEN = "open"
    INVESTIGATING = "investigating"
    CONCLUDED = "concluded"  # outcome known
    REPORTED = "reported"  # outcome notified to the ministry: handled


ANOMALY_NEXT = {
    AnomalyStatus.OPEN: {AnomalyStatus.INVESTIGATING, AnomalyStatus.CONCLUDED},
    AnomalyStatus.INVESTIGATING: {AnomalyStatus.CONCLUDED},
    AnomalyStatus.CONCLUDED: {AnomalyStatus.REPORTED},
    AnomalyStatus.REPORTED: set(),
}


def is_final(verdict: str | None) -> bool:
    return verdict in FINAL


def can_move(current: str, to: str) -> bool:
    """Whether an anomaly may go from `current` to `to` (staying put is allowed: a no-op)."""
    return to == current or AnomalyStatus(to) in ANOMALY_NEXT[AnomalyStatus(current)]


def review_complete(verdicts: list[str | None]) -> bool:
    """A sampling's review is complete when every sample has a final verdict."""
    return all(is_final(v) for v in verdicts)


def is_self_review(*, reviewer: str, queried_by: str | None) -> bool:
    """A reviewer may not judge a query made under their own account (`sub` = the query's user id).

    Seed 001 asks the bureau to 「每月抽查使用者查詢戶役政資料紀錄」: the check of a user's queries is worth
    nothing when the user checks themselves, so the reviewer must be someone else.
    """
    return queried_by is not None and reviewer == queried_by
