"""Pure rules, table-driven with the numbers of the seeds and domain-rules §3."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from carenet_eap.checkins.rules import add_months, due_on, due_windows
from carenet_eap.common import TAIPEI
from carenet_eap.counsellors.rules import DatedException, Interval, WorkingHours, conflicts, first_conflict, materialise
from carenet_eap.retention.rules import purge_cutoff
from carenet_eap.selfchecks.rules import Band, bsrs5_band, bsrs5_refer, bsrs5_total
from carenet_eap.stats.rules import recomputable, suppress


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, Band.NORMAL),
        (5, Band.NORMAL),
        (6, Band.MILD),
        (9, Band.MILD),
        (10, Band.MODERATE),
        (14, Band.MODERATE),
        (15, Band.SEVERE),
        (20, Band.SEVERE),
    ],
)
def test_bsrs5_bands(total, band):
    assert bsrs5_band(total) == band


@pytest.mark.parametrize(
    ("total", "ideation", "refer"),
    [
        (3, 2, True),  # ideation ≥ 2 refers whatever the total
        (0, 4, True),
        (3, 1, False),
        (9, 0, False),
        (10, 0, True),  # moderate
        (20, 0, True),  # severe
    ],
)
def test_bsrs5_refer(total, ideation, refer):
    assert bsrs5_refer(total, ideation) is refer


def test_bsrs5_total_refuses_out_of_range():
    assert bsrs5_total([4, 4, 4, 4, 4]) == 20
    for bad in ([5, 0, 0, 0, 0], [-1, 0, 0, 0, 0], [1, 1, 1, 1]):
        with pytest.raises(ValueError):
            bsrs5_total(bad)


@pytest.mark.parametrize(
    ("hire", "first", "anniversary"),
    [
        (date(2026, 1, 15), (date(2026, 2, 15), date(2026, 4, 15)), (date(2027, 1, 15), date(2027, 2, 14))),
        (date(2026, 1, 31), (date(2026, 2, 28), date(2026, 4, 30)), (date(2027, 1, 31), date(2027, 2, 27))),
        (date(2024, 2, 29), (date(2024, 3, 29), date(2024, 5, 29)), (date(2025, 2, 28), date(2025, 3, 27))),
    ],
)
def test_new_staff_windows(hire, first, anniversary):
    f, a = due_windows(hire)
    assert (f.opens, f.closes) == first and (a.opens, a.closes) == anniversary


def test_due_on_skips_answered_and_out_of_window():
    hire = date(2026, 1, 15)
    assert due_on(hire, date(2026, 2, 14), set()) == []  # not yet a month
    assert [w.questionnaire for w in due_on(hire, date(2026, 3, 1), set())] == ["first"]
    assert due_on(hire, date(2026, 3, 1), {"first"}) == []
    assert due_on(hire, date(2026, 4, 16), set()) == []  # past 3 months
    assert [w.questionnaire for w in due_on(hire, date(2027, 1, 20), set())] == ["anniversary"]
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)


def _iv(h1, h2):
    d = datetime(2026, 12, 1, tzinfo=UTC)
    return Interval(d + timedelta(hours=h1), d + timedelta(hours=h2))


def test_conflicts_and_buffer():
    assert conflicts(_iv(9, 10), _iv(9.5, 10.5))
    assert not conflicts(_iv(9, 10), _iv(10, 11))  # touching
    assert conflicts(_iv(9, 10), _iv(10, 11), buffer=timedelta(minutes=10))
    assert first_conflict([_iv(9, 10), _iv(9.9, 11)], []) == (1, _iv(9, 10))
    assert first_conflict([_iv(11, 12)], [_iv(9, 10)]) is None


def test_materialise_weekly_hours_with_exceptions():
    mon = date(2026, 11, 30)  # a Monday
    weekly = [WorkingHours(0, time(9), time(12), "in_person"), WorkingHours(2, time(14), time(16), "video")]
    exceptions = [
        DatedException(date(2026, 12, 2), True),  # Wednesday closed
        DatedException(date(2026, 12, 5), False, time(10), time(11), "phone"),
    ]  # Saturday extra
    plan = materialise(
        weekly=weekly,
        exceptions=exceptions,
        start=mon,
        end=mon + timedelta(days=6),
        session_minutes=50,
        buffer_minutes=10,
        tz=TAIPEI,
    )
    starts = [(p.starts_at.date(), p.starts_at.time(), p.mode) for p in plan]
    assert starts == [
        (mon, time(9), "in_person"),
        (mon, time(10), "in_person"),
        (mon, time(11), "in_person"),
        (date(2026, 12, 5), time(10), "phone"),
    ]
    assert all(p.ends_at - p.starts_at == timedelta(minutes=50) for p in plan)


def test_purge_cutoff_is_years_back_at_taipei_midnight():
    assert purge_cutoff(date(2026, 11, 23), 10) == datetime(2016, 11, 22, 16, 0, tzinfo=UTC)


# ---- suppression ----


def _derivable(table, dims, values):
    """Brute check: no withheld cell is recomputable from what the table publishes."""
    from carenet_eap.stats.rules import _equations

    withheld = {("cell", k) for k, v in table.cells.items() if v is None}
    if table.margins:
        withheld |= {("margin", i, v) for i, m in enumerate(table.margins) for v, n in m.items() if n is None}
    if table.total is None:
        withheld.add(("total",))
    return recomputable(_equations(dims, values), withheld)


def test_a_cell_of_three_is_suppressed_and_cannot_be_recomputed():
    dims, values = ["kind", "gender"], [["psychological", "legal", "career"], ["F", "M"]]
    counts = {
        ("psychological", "F"): 3,
        ("psychological", "M"): 12,
        ("legal", "F"): 20,
        ("legal", "M"): 9,
        ("career", "F"): 7,
        ("career", "M"): 30,
    }
    t = suppress(dims, values, counts)
    assert t.cells[("psychological", "F")] is None and ("cell", ("psychological", "F")) in t.primary
    # its row and column each lose a second cell, so neither margin gives it away
    assert t.cells[("psychological", "M")] is None
    assert sum(1 for k, v in t.cells.items() if k[1] == "F" and v is None) >= 2
    assert _derivable(t, dims, values) == set()
    # what is still published is the truth
    assert t.total == sum(counts.values())
    assert all(v == counts[k] for k, v in t.cells.items() if v is not None)
    assert sum(v is not None for v in t.cells.values()) == 2  # a 2×2 rectangle is withheld, no more


def test_one_dimension_total_does_not_reveal_the_small_cell():
    dims, values = ["kind"], [["psychological", "legal", "career"]]
    t = suppress(dims, values, {("psychological",): 40, ("legal",): 3, ("career",): 9})
    assert t.cells[("legal",)] is None and t.cells[("career",)] is None  # career withheld to protect legal
    assert t.cells[("psychological",)] == 40 and t.total == 52
    assert _derivable(t, dims, values) == set()


def test_zero_and_small_margins_are_suppressed_too():
    dims, values = ["kind", "gender"], [["legal", "career"], ["F", "M"]]
    t = suppress(dims, values, {("legal", "F"): 2, ("legal", "M"): 1, ("career", "F"): 10, ("career", "M"): 10})
    assert t.margins[0]["legal"] is None and all(v is None for k, v in t.cells.items() if k[0] == "legal")
    assert _derivable(t, dims, values) == set()


def test_nothing_suppressed_when_all_cells_are_large():
    dims, values = ["kind", "gender"], [["legal", "career"], ["F", "M"]]
    t = suppress(dims, values, {("legal", "F"): 5, ("legal", "M"): 6, ("career", "F"): 7, ("career", "M"): 8})
    assert all(v is not None for v in t.cells.values()) and t.total == 26 and not t.complementary


@pytest.mark.parametrize("seed", range(25))
def test_random_three_way_tables_never_leak(seed):
    import random

    rnd = random.Random(seed)
    dims = ["a", "b", "c"]
    values = [["x", "y", "z"], ["p", "q"], ["m", "n"]]
    import itertools

    counts = {k: rnd.choice([0, 1, 3, 4, 5, 8, 13, 40]) for k in itertools.product(*values)}
    t = suppress(dims, values, counts)
    assert _derivable(t, dims, values) == set()
    assert all(v is None or v >= 5 for v in t.cells.values())
