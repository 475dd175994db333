"""A county's own settings for case management, with their defaults.

Seed 001 is silent on a case worker's caseload and on how long the extended care periods last
(「延長關懷訪視服務時程」, 「延長關懷時程」): the county sets them; these are the defaults until it does.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CountySettings:
    # open cases one case worker may hold before the caseload report flags `over_limit` (seed silent)
    caseload_limit: int = 80
    # 65+ repeat suicide attempts: months from intake under the extended care rule (seed silent on length)
    elderly_care_months: int = 6
    # a household with a child under 6: months from intake under the extended care rule (seed silent)
    child_under_6_care_months: int = 6


DEFAULT_SETTINGS = CountySettings()
