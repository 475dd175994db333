"""Staffing indicators computed from the staff register (pure, no I/O).

- `supervisor_ratio` — seed 001 附件20: 「以每7位個管人員配置1名督導為原則」. Supervisors required =
  ceil(case managers / 7); value = supervisors employed / required × 100 (%), met at ≥ 100.
  With no case managers nothing is required: value null, met.
- `dedicated_admin_staff` — seed 001 (整合及加強心理健康基礎建設) 「置有專責行政人力」, with note 2:
  「補助人力：應區分訪視人力(其中應有至少50%人力執行精神病人訪視)及行政協助人力」 (附件15 staffing).
  Met (value 1, else 0) when at least one administrative staff member is employed and the subsidised
  visiting staff spend at least 50 % of their time on psychiatric visits; numerator = psychiatric-visit
  FTE of the subsidised visiting staff, denominator = their head count.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..staff.rules import CASE_MANAGER_KINDS, VISITING_KINDS, Funding, StaffKind

CASE_MANAGERS_PER_SUPERVISOR = 7  # 「以每7位個管人員配置1名督導為原則」
PSYCHIATRIC_VISIT_SHARE = Decimal("0.5")  # 「其中應有至少50%人力執行精神病人訪視」


@dataclass(frozen=True)
class Member:
    """One person on the staff on the counting day."""

    kind: StaffKind
    funding: Funding
    psychiatric_visit_share: Decimal


@dataclass(frozen=True)
class SupervisorRatio:
    supervisors: int
    case_managers: int

    @property
    def required(self) -> int:
        return math.ceil(self.case_managers / CASE_MANAGERS_PER_SUPERVISOR)

    @property
    def met(self) -> bool:
        return self.supervisors >= self.required

    @property
    def per_supervisor(self) -> Decimal | None:
        """Case managers per supervisor, what indicators grades (≤ 7); null when there is no supervisor."""
        if self.supervisors == 0:
            return None
        return (Decimal(self.case_managers) / self.supervisors).quantize(Decimal("0.01"))


def supervisor_ratio(staff: Iterable[Member]) -> SupervisorRatio:
    """Supervisors and case managers (個管人員) among the staff."""
    members = list(staff)
    return SupervisorRatio(
        supervisors=sum(1 for m in members if m.kind == StaffKind.SUPERVISOR),
        case_managers=sum(1 for m in members if m.kind in CASE_MANAGER_KINDS),
    )


@dataclass(frozen=True)
class DedicatedAdmin:
    admin_staff: int
    visiting_staff: int  # subsidised 訪視人力, head count
    psychiatric_fte: Decimal  # their summed share of time on psychiatric visits

    @property
    def share(self) -> Decimal | None:
        if self.visiting_staff == 0:
            return None
        return self.psychiatric_fte / self.visiting_staff

    @property
    def share_percent(self) -> Decimal | None:
        """The psychiatric-visit share in %, what indicators grades (≥ 50 %)."""
        return None if self.share is None else (self.share * 100).quantize(Decimal("0.01"))

    @property
    def graded_percent(self) -> Decimal | None:
        """What the scorecard grades against 50 %: the psychiatric share in %, but 0 while no
        administrative staff is employed — 「置有專責行政人力」 first asks that one exists."""
        if self.share_percent is None:
            return None
        return self.share_percent if self.admin_staff >= 1 else Decimal("0.00")

    @property
    def met(self) -> bool:
        share = self.share
        return self.admin_staff >= 1 and share is not None and share >= PSYCHIATRIC_VISIT_SHARE


def dedicated_admin_staff(staff: Iterable[Member]) -> DedicatedAdmin:
    """Administrative staff on the plan, and the psychiatric share of the subsidised visiting staff."""
    members = list(staff)
    visiting = [m for m in members if m.kind in VISITING_KINDS and m.funding == Funding.SUBSIDISED]
    return DedicatedAdmin(
        admin_staff=sum(1 for m in members if m.kind == StaffKind.ADMIN_STAFF),
        visiting_staff=len(visiting),
        psychiatric_fte=sum((m.psychiatric_visit_share for m in visiting), Decimal(0)),
    )
