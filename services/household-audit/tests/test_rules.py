"""Table-driven tests of the pure rules (domain-rules §4)."""

import hashlib
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from carenet_household_audit.querylogs.rules import clean_record, mask_subject, subject_hmac, valid_national_id
from carenet_household_audit.reviews.rules import can_move, review_complete
from carenet_household_audit.sampling.rules import (
    commitment_of,
    draw,
    half_has_ended,
    month_end,
    month_of,
    months_of_half,
    previous_month,
    retention_cutoff_month,
    sample_size,
    ticket,
)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, 0),
        (1, 1),
        (9, 9),
        (10, 10),
        (11, 10),
        (499, 10),
        (500, 10),
        (501, 11),
        (1234, 25),
        (10000, 200),
    ],
)
def test_sample_size_default_rule(n, expected):
    # max(ceil(2% × n), 10), all when n < 10
    assert sample_size(n) == expected


@pytest.mark.parametrize(
    ("n", "rate", "floor", "expected"),
    [
        (100, Decimal("0.05"), 3, 5),
        (40, Decimal("0.05"), 3, 3),
        (2, Decimal("0.05"), 3, 2),
        (1000, Decimal("0.1"), 0, 100),
    ],
)
def test_sample_size_county_policy(n, rate, floor, expected):
    assert sample_size(n, rate, floor) == expected


def test_ticket_is_sha256_of_seed_unit_month_id():
    seed = "ab" * 32
    expected = hashlib.sha256(f"{seed}|U1|2026-10|rec-1".encode()).digest()
    assert ticket(seed, "U1", "2026-10", "rec-1") == expected
    assert commitment_of(seed) == hashlib.sha256(seed.encode()).hexdigest()


def test_same_seed_and_population_give_the_same_sample():
    seed = "cd" * 32
    ids = [f"r{i}" for i in range(200)]
    tickets = {i: ticket(seed, "U1", "2026-10", i) for i in ids}
    assert draw(tickets, 10) == draw(dict(reversed(list(tickets.items()))), 10)
    other = {i: ticket("ef" * 32, "U1", "2026-10", i) for i in ids}
    assert draw(other, 10) != draw(tickets, 10)


@pytest.mark.parametrize(
    ("instant", "month"),
    [
        ("2026-10-31T15:59:59+00:00", "2026-10"),  # 23:59:59 in Taipei
        ("2026-10-31T16:00:00+00:00", "2026-11"),  # 00:00 on Nov 1st in Taipei
        ("2026-12-31T23:00:00+08:00", "2026-12"),
        ("2026-12-31T17:00:00+00:00", "2027-01"),
    ],
)
def test_month_boundaries_are_in_taipei(instant, month):
    assert month_of(datetime.fromisoformat(instant)) == month


def test_month_arithmetic():
    assert previous_month("2026-01") == "2025-12"
    assert month_end("2026-12") == datetime.fromisoformat("2027-01-01T00:00:00+08:00")
    assert months_of_half("2026-H2") == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
    assert half_has_ended("2026-H1", datetime(2026, 6, 30, 16, 0, tzinfo=UTC))
    assert not half_has_ended("2026-H1", datetime(2026, 6, 30, 15, 59, tzinfo=UTC))
    assert retention_cutoff_month(datetime(2026, 11, 23, tzinfo=UTC), 3) == "2023-11"


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("A123456789", True),
        ("F131104093", True),
        ("A123456788", False),
        ("a123456789", False),
        ("A323456789", False),
        ("AB12345678", True),
        ("12345", False),
    ],
)
def test_national_id_check_digit(value, ok):
    assert valid_national_id(value) is ok


def test_subject_is_protected_and_masked():
    h = subject_hmac(b"k1", "A123456789")
    assert h != subject_hmac(b"k2", "A123456789") and len(h) == 32
    assert mask_subject("6789") == "******6789"


NOW = datetime(2026, 11, 23, tzinfo=UTC)
GOOD = {
    "id": "6f1c1f0e-3a5b-4a51-9d0c-2b8e6c1f7a10",
    "unit": "U1",
    "county": "TW-MIA",
    "user_id": "u",
    "queried_at": "2026-10-05T10:12:00+08:00",
    "subject_national_id": "A123456789",
    "purpose": "p",
}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"id": "x"}, "id must be a UUID"),
        ({"unit": "NOPE"}, "unknown unit 'NOPE'"),
        ({"county": "TW-NWT"}, "registered in TW-MIA"),
        ({"queried_at": "2026-10-05T10:12:00"}, "needs an offset"),
        ({"queried_at": "2027-10-05T10:12:00+08:00"}, "in the future"),
        ({"subject_national_id": "A123456788"}, "not a valid national ID"),
        ({"purpose": ""}, "purpose is required"),
    ],
)
def test_bad_records_say_why_without_the_id(change, reason):
    with pytest.raises(ValueError) as exc:
        clean_record({**GOOD, **change}, unit_counties={"U1": "TW-MIA"}, now=NOW)
    assert reason in str(exc.value)
    assert "A12345678" not in str(exc.value)


def test_good_record_gets_its_taipei_month():
    rec = clean_record({**GOOD, "queried_at": "2026-10-31T16:30:00Z"}, unit_counties={"U1": "TW-MIA"}, now=NOW)
    assert rec.month == "2026-11"


def test_review_rules():
    assert review_complete(["justified", "unjustified"])
    assert not review_complete(["justified", "needs_follow_up"])
    assert not review_complete(["justified", None])
    assert can_move("open", "investigating") and can_move("concluded", "reported")
    assert not can_move("open", "reported") and not can_move("reported", "open")


def test_production_refuses_the_dev_subject_key(monkeypatch):
    from carenet_household_audit.config import Settings
    from pydantic import ValidationError

    monkeypatch.setenv("CARENET_JWKS_URL", "https://idp.example/jwks")
    monkeypatch.setenv("CARENET_JWT_ISSUER", "https://idp.example")
    with pytest.raises(ValidationError, match="SUBJECT_HMAC_KEY"):
        Settings(env="production")
    ok = Settings(env="production", subject_hmac_key="k" * 40)
    assert ok.subject_hmac_key.get_secret_value() == "k" * 40
