"""The supervisor's caseload view: case-mgmt's open cases per case worker beside the staff register.

Pure: no I/O. Seed 001 (整合型心理健康工作計畫, 附件20) counts supervision against the case managers
(個管人員) — 「以每7位個管人員配置1名督導為原則」 — so the view says, per worker, which staff line
carries the cases, and per staff line how many cases and overdue visits it holds. A worker holding
cases who is not on the register (or has left it) is named, as is a case manager on the register
holding none: both are what a supervisor looks at first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..staff.rules import CASE_MANAGER_KINDS, StaffKind


@dataclass(frozen=True)
class WorkerLoad:
    """One case worker's open cases as case-mgmt counts them (GET /case-mgmt/v1/caseloads)."""

    sub: str
    open_cases: int
    overdue: int
    over_limit: bool


@dataclass(frozen=True)
class StaffLine:
    """A person employed on the day of the view."""

    sub: str
    name: str
    kind: StaffKind


@dataclass(frozen=True)
class JoinedWorker:
    sub: str
    name: str | None
    kind: StaffKind | None  # None: holds cases but is not on the register
    open_cases: int
    overdue: int
    over_limit: bool


@dataclass(frozen=True)
class KindTotal:
    workers: int
    open_cases: int
    overdue: int


@dataclass
class CaseloadView:
    workers: list[JoinedWorker] = field(default_factory=list)
    by_staff_kind: dict[str, KindTotal] = field(default_factory=dict)
    not_in_register: list[str] = field(default_factory=list)
    case_managers_without_cases: list[str] = field(default_factory=list)


def join_caseloads(loads: list[WorkerLoad], staff: list[StaffLine]) -> CaseloadView:
    """Join each worker's caseload with their staff line; totals per staff line (`unregistered` for
    workers not on the register); subs holding cases off the register; case managers holding none."""
    by_sub = {s.sub: s for s in staff}
    view = CaseloadView()
    totals: dict[str, list[int]] = {}
    for load in sorted(loads, key=lambda w: (-w.open_cases, w.sub)):
        line = by_sub.get(load.sub)
        view.workers.append(
            JoinedWorker(
                sub=load.sub,
                name=line.name if line else None,
                kind=line.kind if line else None,
                open_cases=load.open_cases,
                overdue=load.overdue,
                over_limit=load.over_limit,
            )
        )
        key = str(line.kind) if line else "unregistered"
        t = totals.setdefault(key, [0, 0, 0])
        t[0], t[1], t[2] = t[0] + 1, t[1] + load.open_cases, t[2] + load.overdue
        if line is None:
            view.not_in_register.append(load.sub)
    view.by_staff_kind = {k: KindTotal(*v) for k, v in sorted(totals.items())}
    holding = {w.sub for w in loads if w.open_cases > 0}
    view.case_managers_without_cases = sorted(
        s.sub for s in staff if s.kind in CASE_MANAGER_KINDS and s.sub not in holding
    )
    return view
