"""The directory's rules with the seeds' words: categories, opening hours, and when an entry is stale."""

from datetime import date, datetime

import pytest
from carenet_core.clock import TAIPEI
from carenet_resources.directory import rules
from carenet_resources.directory.rules import Category, DayException, Hours, Interval


def test_seed_004_four_categories_for_bullying_and_harassment_cases():
    # seed 004: 「按諮詢及協談、心理相關、法律諮詢及社會福利等4大類」
    labels = ["諮詢及協談", "心理相關", "法律諮詢", "社會福利"]
    assert [rules.category_of(label) for label in labels] == list(rules.BULLYING_HARASSMENT_CATEGORIES)
    assert len(set(rules.BULLYING_HARASSMENT_CATEGORIES)) == 4


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("psychiatric_care", Category.PSYCHIATRIC_CARE),
        ("精神醫療", Category.PSYCHIATRIC_CARE),
        ("心理諮商", Category.PSYCHOLOGICAL_COUNSELLING),
        ("成癮治療", Category.ADDICTION_TREATMENT),
        ("自殺防治", Category.SUICIDE_PREVENTION),
        ("長期照顧", Category.LONG_TERM_CARE),
        ("法律扶助", Category.LEGAL_AID),
        ("專線", Category.CRISIS_LINE),
        (" 社區心理衛生中心 ", Category.COMMUNITY_MENTAL_HEALTH_CENTRE),
        ("legal_consultation", Category.LEGAL_CONSULTATION),
    ],
)
def test_category_from_code_or_chinese_label(text, category):
    assert rules.category_of(text) is category


@pytest.mark.parametrize("text", ["hospital", "心理", "", "LEGAL_AID"])
def test_anything_else_is_not_a_category(text):
    with pytest.raises(ValueError):
        rules.category_of(text)


WEEKDAYS_9_TO_5 = Hours(
    weekly={d: [Interval("09:00", "12:00"), Interval("13:30", "17:00")] for d in ("mon", "tue", "wed", "thu", "fri")}
    | {"sat": [Interval("09:00", "12:00")]},
    # 元旦 2027-01-01 (a Friday) closed; 2026-12-31 (Thursday) open mornings only
    exceptions=[DayException(date(2027, 1, 1)), DayException(date(2026, 12, 31), [Interval("08:00", "12:00")])],
)


@pytest.mark.parametrize(
    ("local", "open_"),
    [
        ("2026-11-30T08:59", False),  # Monday, before opening
        ("2026-11-30T09:00", True),  # opens at 09:00 sharp
        ("2026-11-30T11:59", True),
        ("2026-11-30T12:00", False),  # lunch break: closes is exclusive
        ("2026-11-30T13:30", True),
        ("2026-11-30T16:59", True),
        ("2026-11-30T17:00", False),
        ("2026-12-05T10:00", True),  # Saturday morning
        ("2026-12-05T14:00", False),  # Saturday afternoon
        ("2026-12-06T10:00", False),  # Sunday: no hours
        ("2027-01-01T10:00", False),  # a Friday, but the exception closes it
        ("2026-12-31T08:30", True),  # the exception opens it earlier …
        ("2026-12-31T14:00", False),  # … and closes the afternoon
        ("2027-01-04T10:00", True),  # the next Monday is an ordinary day
    ],
)
def test_open_at_a_taipei_wall_clock_time(local, open_):
    at = datetime.fromisoformat(local).replace(tzinfo=TAIPEI)
    assert rules.is_open(WEEKDAYS_9_TO_5, at) is open_


def test_open_is_read_on_the_taipei_clock_not_utc():
    # 2026-11-30T01:30Z is Monday 09:30 in Taipei (open) although it is still 01:30 in UTC.
    assert rules.is_open(WEEKDAYS_9_TO_5, datetime.fromisoformat("2026-11-30T01:30:00+00:00")) is True
    # 2026-12-31T16:30Z is 2027-01-01 00:30 in Taipei, the closed holiday, not Thursday the 31st.
    assert (
        rules.is_open(
            Hours(weekly={"thu": [Interval("00:00", "24:00")]}), datetime.fromisoformat("2026-12-31T16:30:00+00:00")
        )
        is False
    )


def test_a_24_hour_line_is_open_at_midnight_and_just_before():
    always = Hours(weekly={d: [Interval("00:00", "24:00")] for d in rules.DAYS})
    assert rules.is_open(always, datetime(2026, 11, 30, 0, 0, tzinfo=TAIPEI))
    assert rules.is_open(always, datetime(2026, 11, 30, 23, 59, tzinfo=TAIPEI))


@pytest.mark.parametrize(
    "hours",
    [
        Hours(weekly={"mon": [Interval("17:00", "09:00")]}),  # closes before it opens
        Hours(weekly={"mon": [Interval("09:00", "12:00"), Interval("11:00", "13:00")]}),  # overlap
        Hours(weekly={"mon": [Interval("09:00", "24:30")]}),  # no such time
        Hours(weekly={"funday": [Interval("09:00", "12:00")]}),
        Hours(weekly={}, exceptions=[DayException(date(2027, 1, 1)), DayException(date(2027, 1, 1))]),
    ],
)
def test_inconsistent_hours_are_refused(hours):
    with pytest.raises(ValueError):
        hours.check()


@pytest.mark.parametrize(
    ("checked", "today", "months", "stale"),
    [
        # seed 001 「定期更新」: 12 months without a check → listed for review
        (date(2025, 11, 30), date(2026, 11, 30), 12, False),  # exactly 12 months: still current
        (date(2025, 11, 29), date(2026, 11, 30), 12, True),
        (date(2026, 1, 1), date(2026, 11, 30), 12, False),
        (date(2027, 2, 28), date(2028, 2, 29), 12, False),  # 29 Feb − 12 months = 28 Feb
        (date(2027, 2, 27), date(2028, 2, 29), 12, True),
        (date(2026, 5, 30), date(2026, 11, 30), 6, False),
        (date(2026, 5, 29), date(2026, 11, 30), 6, True),
    ],
)
def test_stale_after_the_configured_months(checked, today, months, stale):
    assert rules.is_stale(checked, today, months) is stale


def test_hours_read_back_from_storage_are_the_hours_written():
    from carenet_resources.directory.schemas import OpeningHours, to_rules

    stored = OpeningHours.model_validate(
        {
            "weekly": {"mon": [{"opens": "09:00", "closes": "12:00"}], "sat": [{"opens": "10:00", "closes": "24:00"}]},
            "exceptions": [{"date": "2026-11-30", "intervals": [{"opens": "14:00", "closes": "15:00"}], "note": "x"}],
        }
    )
    assert rules.hours_from_stored(stored.model_dump(mode="json")) == to_rules(stored)
