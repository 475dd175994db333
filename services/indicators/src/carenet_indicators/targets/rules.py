"""Which target a scorecard item is judged against, and who may set a county's own (pure).

seed 003_e6e7c48df29a34f9.txt (苗栗縣 社會安全網第二期 計畫規劃與執行): a county sets its own targets
above the plan's — 「精神疾病關懷訪視服務個案出院後2星期內第一次訪視評估比率達80%，逐年提升至100%」
(seed 001 p.54: 「應達70%」) and 「服務涵概率為75%，逐年提升至100%」. A county may raise the bar the
ministry grades it by, never lower it: only the ministry sets a county target less demanding than
the class target.
"""

from __future__ import annotations

from decimal import Decimal

from ..definitions.rules import Target

OP_FOR_DIRECTION = {"higher": ">=", "lower": "<=", "true": "=="}


def op_for(direction: str, class_target: Target | None) -> str:
    """A county target compares the way the class target does (else as the indicator's direction says)."""
    if class_target is not None:
        return class_target.op
    return OP_FOR_DIRECTION.get(direction, ">=")


def less_demanding(threshold: Decimal, class_target: Target | None) -> bool:
    """Whether `threshold` asks less than the class target (a lower bar for "≥", a higher one for "≤")."""
    if class_target is None:
        return False
    if class_target.op == ">=":
        return threshold < class_target.threshold
    if class_target.op in ("<=", "<"):
        return threshold > class_target.threshold
    return threshold != class_target.threshold


def pick_target(
    *, class_target: Target | None, county_target: Target | None, class_source: str
) -> tuple[Target | None, str | None]:
    """The target an item is judged against and where it came from: `county` (the county's own for
    the period), else `class_source` (`class`, or `previous_year` for year-on-year rules); None when none."""
    if county_target is not None:
        return county_target, "county"
    if class_target is not None:
        return class_target, class_source
    return None, None
