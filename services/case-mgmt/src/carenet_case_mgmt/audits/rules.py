"""Visit-record audit (訪視紀錄稽核): the share of a quarter's visit records to audit, and the draw."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from decimal import Decimal

# seed 001 (精神病人追蹤訪視紀錄之稽核率): quarterly psychiatric visits
# < 4 000 → 15%, 4 000–7 000 → 10%, 7 000–10 000 → 6%, > 10 000 → 4%
PSYCHIATRIC_CLASSES = ((4000, Decimal("0.15")), (7000, Decimal("0.10")), (10000, Decimal("0.06")))
# seed 001 (自殺企圖通報個案追蹤訪視紀錄之稽核率): < 500 → 15%, 500–1 000 → 10%, 1 000–2 000 → 6%, > 2 000 → 4%
SUICIDE_CLASSES = ((500, Decimal("0.15")), (1000, Decimal("0.10")), (2000, Decimal("0.06")))
TOP_RATE = Decimal("0.04")
RESULTS = ("complete", "incomplete", "inaccurate")


def audit_rate(kind: str, quarterly_visits: int) -> Decimal:
    """The volume class's share: below the first bound 15%; up to and including each next bound the next rate."""
    classes = PSYCHIATRIC_CLASSES if kind == "psychiatric" else SUICIDE_CLASSES
    if quarterly_visits < classes[0][0]:
        return classes[0][1]
    for bound, rate in classes[1:]:
        if quarterly_visits <= bound:
            return rate
    return TOP_RATE


def sample_size(population: int, rate: Decimal) -> int:
    """ceil(rate × population), never more than the population."""
    return min(population, math.ceil(Decimal(population) * rate))


def draw(population_ids: Sequence[str], *, seed: str, k: int) -> list[str]:
    """A reproducible draw: the same seed and population give the same records in the same order."""
    ordered = sorted(population_ids)
    return random.Random(seed).sample(ordered, k)
