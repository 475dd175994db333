"""Visit-record audit (訪視紀錄稽核): the share of a quarter's visit records to audit, when, and the draw.

The rate is the county's volume class as seed 001 names the counties (001_c9d8afea91fb3f89.txt,
「每季轄區內精神病人追蹤訪視紀錄之稽核率」 and 「每季轄區內自殺企圖通報個案追蹤訪視紀錄之稽核率」):

    15%(每季訪視次數小於4,000人次)：連江縣、金門縣、澎湖縣、新竹市、嘉義市、臺東縣、花蓮縣、基隆市。
    10%(每季訪視次數介於4,000-7,000人次)：新竹縣、苗栗縣、宜蘭縣、嘉義縣、南投縣、雲林縣。
    6%(每季訪視次數介於7,000-10,000人次)：彰化縣、屏東縣。
    4%(每季訪視次數大於10,000-30,000人次)：臺北市、桃園市、臺南市、臺中市、高雄市、新北市。

    15%(每季訪視次數小於500人次)：澎湖縣、金門縣、連江縣。
    10%(每季訪視次數介於500-1,000人次)：苗栗縣、臺東縣、花蓮縣、基隆市、新竹市、嘉義市。
    6%(每季訪視次數介於1,000-2,000人次)：宜蘭縣、新竹縣、南投縣、雲林縣、嘉義縣、屏東縣。
    4%(每季訪視次數大於2,000人次)：新北市、臺北市、桃園市、臺中市、臺南市、高雄市、彰化縣。

A quarter's records can be audited only once the quarter is over (Asia/Taipei); records uploaded
after the draw go into a supplementary draw at the audit's rate.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

# seed 001 (精神病人追蹤訪視紀錄之稽核率): quarterly psychiatric visits
# < 4 000 → 15%, 4 000–7 000 → 10%, 7 000–10 000 → 6%, > 10 000 → 4%
PSYCHIATRIC_CLASSES = ((4000, Decimal("0.15")), (7000, Decimal("0.10")), (10000, Decimal("0.06")))
# seed 001 (自殺企圖通報個案追蹤訪視紀錄之稽核率): < 500 → 15%, 500–1 000 → 10%, 1 000–2 000 → 6%, > 2 000 → 4%
SUICIDE_CLASSES = ((500, Decimal("0.15")), (1000, Decimal("0.10")), (2000, Decimal("0.06")))
TOP_RATE = Decimal("0.04")
RESULTS = ("complete", "incomplete", "inaccurate")

_R15, _R10, _R6, _R4 = Decimal("0.15"), Decimal("0.10"), Decimal("0.06"), Decimal("0.04")
# The plan's table, by ISO 3166-2:TW code (seed 001 names the counties; see the module docstring).
PSYCHIATRIC_CLASS_RATE: dict[str, Decimal] = {
    **dict.fromkeys(("TW-LIE", "TW-KIN", "TW-PEN", "TW-HSZ", "TW-CYI", "TW-TTT", "TW-HUA", "TW-KEE"), _R15),
    **dict.fromkeys(("TW-HSQ", "TW-MIA", "TW-ILA", "TW-CYQ", "TW-NAN", "TW-YUN"), _R10),
    **dict.fromkeys(("TW-CHA", "TW-PIF"), _R6),
    **dict.fromkeys(("TW-TPE", "TW-TAO", "TW-TNN", "TW-TXG", "TW-KHH", "TW-NWT"), _R4),
}
SUICIDE_CLASS_RATE: dict[str, Decimal] = {
    **dict.fromkeys(("TW-PEN", "TW-KIN", "TW-LIE"), _R15),
    **dict.fromkeys(("TW-MIA", "TW-TTT", "TW-HUA", "TW-KEE", "TW-HSZ", "TW-CYI"), _R10),
    **dict.fromkeys(("TW-ILA", "TW-HSQ", "TW-NAN", "TW-YUN", "TW-CYQ", "TW-PIF"), _R6),
    **dict.fromkeys(("TW-NWT", "TW-TPE", "TW-TAO", "TW-TXG", "TW-TNN", "TW-KHH", "TW-CHA"), _R4),
}


def county_rate(kind: str, county: str, quarterly_visits: int) -> Decimal:
    """The rate of the county's volume class as the plan names it; a code the plan does not name (none of
    the 22) falls back to the class of the quarter's own volume."""
    table = PSYCHIATRIC_CLASS_RATE if kind == "psychiatric" else SUICIDE_CLASS_RATE
    named = table.get(county)
    return named if named is not None else audit_rate(kind, quarterly_visits)


def quarter_ended(*, last_day: date, today: date) -> bool:
    """A quarter can be audited from the day after its last day (Taipei)."""
    return today > last_day


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
