"""The 22 counties × every indicator: each target resolves as seed 001's tables say (and seed 003's
items have none of the plan's), read from ONE data table, `data/plan_targets.csv`, written from the
seed — not from the code under test. A row per indicator, a column per county; an empty cell: no target."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

TABLE = Path(__file__).parent / "data" / "plan_targets.csv"
SCORED_AS = {"year": "2020", "quarter": "2020-Q1", "half": "2020-H1"}  # each target in its own period


def plan_rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["code"] != "#"]


@pytest.fixture
async def scorecards(client, auth):
    ministry = auth("ministry", county=None)
    out = {}
    for kind, period in SCORED_AS.items():
        r = await client.get(f"/v1/scorecards?period={period}", headers=ministry)
        assert r.status_code == 200, r.text
        out[kind] = {card["county"]: {i["code"]: i for i in card["items"]} for card in r.json()["items"]}
    return out


async def test_every_indicator_and_county_is_in_the_table(scorecards):
    rows = plan_rows()
    counties = [c for c in rows[0] if c.startswith("TW-")]
    assert len(counties) == 22 and sorted(scorecards["year"]) == sorted(counties)
    assert sorted(r["code"] for r in rows) == sorted(scorecards["year"]["TW-MIA"])


async def test_targets_resolve_as_the_plan_says(scorecards):
    wrong = []
    for row in plan_rows():
        cards = scorecards[row["period"]]
        for county, cell in row.items():
            if not county.startswith("TW-"):
                continue
            got = cards[county][row["code"]]
            want = None if cell == "" else Decimal(cell)
            have = None if got["target"] is None else Decimal(str(got["target"]))
            if have != want or (want is not None and (got["target_op"], got["target_source"]) != (row["op"], "class")):
                wrong.append((row["code"], county, cell, got["target"], got["target_op"]))
    assert wrong == []
