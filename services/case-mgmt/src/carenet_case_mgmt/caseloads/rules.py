"""Caseloads (個案負荷) and the supervisor ratio.

Seed 001 (001_c9d8afea91fb3f89.txt, 人力配置): 「以每7位個管人員配置1名督導為原則」 — one case-management
supervisor for every 7 case managers. The seed fixes no caseload per worker: the limit is a county
setting (county_settings/rules.py).
"""

from __future__ import annotations

import math

CASE_MANAGERS_PER_SUPERVISOR = 7  # seed 001: 每7位個管人員配置1名督導


def supervisors_required(case_managers: int) -> int:
    """Supervisors the plan asks for: one per 7 case managers, rounded up (0 for none)."""
    return math.ceil(case_managers / CASE_MANAGERS_PER_SUPERVISOR) if case_managers > 0 else 0


def over_limit(open_cases: int, limit: int) -> bool:
    """A worker holds more open cases than the county's limit."""
    return open_cases > limit
