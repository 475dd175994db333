"""Where a case came from (個案來源): the closed list of intake `source` values and the quarterly counts.

Before wave 2 `source` was free text; the values clients send today stay valid (`hospital_discharge`,
`community`), with the sources of domain rules §1 and the referring agencies seed 001 names:
- 「與本部1925安心專線承辦機構合作，受理其轉介個案」 → `hotline_1925`;
- 「統計社政、勞政及教育機關(構)轉介件數」 → `social_welfare`, `labour`, `education` (counted together in
  `REFERRING_AGENCIES`);
- 「跨機關（構）網絡」 (police, fire, medical) and the person's own request → `police`, `fire`, `medical`,
  `self`, `other`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

# value → the Traditional Chinese label used in reports
SOURCES: dict[str, str] = {
    # accepted before wave 2 (clients send them)
    "hospital_discharge": "醫院出院",
    "community": "社區發現",
    # domain rules §1
    "compulsory_admission_discharge": "強制住院出院",
    "suicide_report": "自殺通報",
    "disability_certificate": "新領精神障礙證明",
    "family": "家屬",
    # referring agencies (seed 001)
    "hotline_1925": "1925安心專線",
    "social_welfare": "社政",
    "labour": "勞政",
    "education": "教育",
    "police": "警政",
    "fire": "消防",
    "medical": "醫療機構",
    "self": "本人",
    "other": "其他",
}
REFERRING_AGENCIES = frozenset({"social_welfare", "labour", "education"})  # 社政、勞政及教育機關(構)


def bucket(source: str) -> str:
    """The list value a stored source counts under (free text stored before the list → `other`)."""
    return source if source in SOURCES else "other"


def count_by_source(sources: Iterable[str]) -> dict[str, int]:
    """How many cases came from each listed source (every source present, zeros included)."""
    seen = Counter(bucket(s) for s in sources)
    return {s: seen.get(s, 0) for s in SOURCES}


def referring_agencies_total(counts: dict[str, int]) -> int:
    """社政、勞政及教育機關(構)轉介件數: the three referring agencies together."""
    return sum(counts.get(s, 0) for s in REFERRING_AGENCIES)
