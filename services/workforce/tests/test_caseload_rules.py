"""The supervisor's caseload view joins case-mgmt's loads with the register: hand-counted tables."""

import pytest
from carenet_workforce.caseloads.rules import KindTotal, StaffLine, WorkerLoad, join_caseloads
from carenet_workforce.staff.rules import StaffKind

P, S, W, SUP = (
    StaffKind.PSYCHIATRIC_VISITOR,
    StaffKind.SUICIDE_VISITOR,
    StaffKind.MH_SOCIAL_WORKER,
    StaffKind.SUPERVISOR,
)


def test_each_worker_gets_their_staff_line_and_the_lines_are_totalled():
    loads = [WorkerLoad("a", 10, 2, False), WorkerLoad("b", 30, 0, True), WorkerLoad("c", 5, 1, False)]
    staff = [StaffLine("a", "甲", P), StaffLine("b", "乙", P), StaffLine("c", "丙", S), StaffLine("s", "督", SUP)]
    view = join_caseloads(loads, staff)
    assert [(w.sub, w.name, w.kind, w.open_cases) for w in view.workers] == [
        ("b", "乙", P, 30),
        ("a", "甲", P, 10),
        ("c", "丙", S, 5),
    ]
    assert view.by_staff_kind == {
        "psychiatric_visitor": KindTotal(workers=2, open_cases=40, overdue=2),
        "suicide_visitor": KindTotal(workers=1, open_cases=5, overdue=1),
    }
    assert view.not_in_register == [] and view.case_managers_without_cases == []


@pytest.mark.parametrize(
    ("loads", "staff", "off_register", "idle_case_managers", "unregistered_total"),
    [
        # someone holds cases but is not employed on the register (left, or never added)
        ([WorkerLoad("x", 7, 3, False)], [StaffLine("a", "甲", P)], ["x"], ["a"], KindTotal(1, 7, 3)),
        # a supervisor or nurse without cases is not a case manager "without cases"
        ([], [StaffLine("s", "督", SUP), StaffLine("n", "護", StaffKind.PUBLIC_HEALTH_NURSE)], [], [], None),
        # a social worker holding nothing is named; one holding cases is not
        (
            [WorkerLoad("w1", 3, 0, False)],
            [StaffLine("w1", "社1", W), StaffLine("w2", "社2", W)],
            [],
            ["w2"],
            None,
        ),
        # a worker with 0 open cases in case-mgmt's answer still counts as holding none
        ([WorkerLoad("a", 0, 0, False)], [StaffLine("a", "甲", P)], [], ["a"], None),
    ],
)
def test_workers_off_the_register_and_case_managers_without_cases(
    loads, staff, off_register, idle_case_managers, unregistered_total
):
    view = join_caseloads(loads, staff)
    assert view.not_in_register == off_register
    assert view.case_managers_without_cases == idle_case_managers
    assert view.by_staff_kind.get("unregistered") == unregistered_total
