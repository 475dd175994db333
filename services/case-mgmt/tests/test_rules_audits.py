"""Audit timing and the county's volume class (seed 001 tables of counties by class)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from carenet_case_mgmt.audits.rules import (
    PSYCHIATRIC_CLASS_RATE,
    SUICIDE_CLASS_RATE,
    county_rate,
    quarter_ended,
)
from carenet_core.clock import parse_quarter, taipei_date

ALL_22 = {
    "TW-NWT", "TW-TPE", "TW-TAO", "TW-TXG", "TW-TNN", "TW-KHH", "TW-ILA", "TW-HSQ", "TW-MIA", "TW-CHA", "TW-NAN",
    "TW-YUN", "TW-CYQ", "TW-PIF", "TW-TTT", "TW-HUA", "TW-PEN", "TW-KEE", "TW-HSZ", "TW-CYI", "TW-KIN", "TW-LIE",
}  # fmt: skip


def test_the_plan_names_every_county_once_per_kind():
    assert set(PSYCHIATRIC_CLASS_RATE) == ALL_22 and set(SUICIDE_CLASS_RATE) == ALL_22


@pytest.mark.parametrize(
    ("kind", "county", "volume", "rate"),
    [
        ("psychiatric", "TW-LIE", 50, "0.15"),  # 連江縣 15% (< 4 000)
        ("psychiatric", "TW-MIA", 12000, "0.10"),  # 苗栗縣 10% whatever it recorded this quarter
        ("psychiatric", "TW-CHA", 0, "0.06"),  # 彰化縣 6%
        ("psychiatric", "TW-PIF", 100, "0.06"),  # 屏東縣 6%
        ("psychiatric", "TW-TPE", 3, "0.04"),  # 臺北市 4%
        ("suicide_attempt", "TW-PEN", 5000, "0.15"),  # 澎湖縣 15% (< 500)
        ("suicide_attempt", "TW-MIA", 0, "0.10"),  # 苗栗縣 10% (500–1 000)
        ("suicide_attempt", "TW-PIF", 0, "0.06"),  # 屏東縣 6% (1 000–2 000)
        ("suicide_attempt", "TW-CHA", 0, "0.04"),  # 彰化縣 4% (> 2 000): a class apart from its psychiatric 6%
        ("suicide_attempt", "TW-HSZ", 0, "0.10"),  # 新竹市
        ("psychiatric", "TW-HSZ", 0, "0.15"),
        ("psychiatric", "TW-XXX", 4500, "0.10"),  # not in the plan: the quarter's own volume class
    ],
)
def test_rate_is_the_county_class_the_plan_names(kind, county, volume, rate):
    assert county_rate(kind, county, volume) == Decimal(rate)


@pytest.mark.parametrize(
    ("instant", "quarter", "ended"),
    [
        ("2026-12-31T23:40:00+08:00", "2026-Q4", False),  # last day of the quarter, Taipei
        ("2027-01-01T00:00:00+08:00", "2026-Q4", True),  # first day after (UTC: still 31 Dec)
        ("2027-01-01T07:30:00+08:00", "2026-Q4", True),
        ("2026-09-30T23:40:00+08:00", "2026-Q3", False),
        ("2026-10-01T00:00:00+08:00", "2026-Q3", True),
        ("2028-03-31T23:59:00+08:00", "2028-Q1", False),
        ("2028-02-29T12:00:00+08:00", "2027-Q4", True),
        ("2026-11-30T10:00:00+08:00", "2026-Q4", False),
    ],
)
def test_quarter_ended_in_taipei(instant, quarter, ended):
    _, last = parse_quarter(quarter)
    assert quarter_ended(last_day=last, today=taipei_date(datetime.fromisoformat(instant))) is ended
    assert quarter_ended(last_day=date(2026, 12, 31), today=date(2026, 12, 31)) is False
