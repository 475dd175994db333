"""A scorecard names its manual facts in one order, whatever order the database returns them in
(a restored backup returns rows in another physical order; the restore drill compares scorecards)."""

import random
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from carenet_indicators.definitions.models import Definition
from carenet_indicators.facts.models import Fact
from carenet_indicators.scorecards.rules import parse_period
from carenet_indicators.scorecards.service import manual_raw


def _fact(fact_id: str, period: str, value: int) -> Fact:
    at = datetime(2026, 6, 1, tzinfo=UTC)
    return Fact(
        id=fact_id,
        county="TW-MIA",
        period=period,
        year=2026,
        code="suicide_gatekeeper_training",
        value=Decimal(value),
        evidence="e",
        status="active",
        created_at=at,
        created_by="t",
        updated_at=at,
        updated_by="t",
    )


@pytest.mark.parametrize("seed", range(5))
def test_fact_ids_come_in_period_then_id_order_whatever_the_input_order(seed: int) -> None:
    facts = [
        _fact("c", "2026-Q2", 1),
        _fact("a", "2026-Q2", 2),
        _fact("b", "2026-Q1", 3),
        _fact("d", "2026-Q3", 4),
    ]
    random.Random(seed).shuffle(facts)
    defn = Definition(formula={"kind": "count"})
    raw = manual_raw(defn, facts, parse_period("2026"), county=None)  # type: ignore[arg-type]
    assert raw.fact_ids == ["b", "a", "c", "d"]
    assert raw.value == Decimal(10)
