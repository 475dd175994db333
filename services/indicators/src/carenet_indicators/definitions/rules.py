"""Targets of the ministry's indicators (衡量指標 目標值) as pure functions of a county and a period.

A definition stores its target as a small rule (data, e.g. `{"kind": "by_district_count", ...}`);
`resolve_target()` turns the rule into a threshold for one county, `scale_to_period()` adapts a
target written for a quarter or a year to the period being scored, and `is_met()` judges a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

Op = Literal[">=", "<=", "<", "=="]


@dataclass(frozen=True)
class CountyProfile:
    """What a target may depend on: class, municipality, district count, island, kind of county."""

    code: str
    financial_class: int
    is_municipality: bool
    is_island: bool
    kind: str  # "municipality" | "city" | "county"
    districts: int
    psychiatric_audit_rate: Decimal | None = None  # seed 001: the 2020 volume class assigned per county
    suicide_audit_rate: Decimal | None = None


@dataclass(frozen=True)
class Target:
    threshold: Decimal
    op: Op


def _d(x: Any) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def audit_rate_for_volume(volume: int, bands: list[dict[str, Any]], otherwise: Any) -> Decimal:
    """The visit-record audit rate (%) for a quarter's visit volume.

    seed 001: psychiatric 15% (< 4 000 a quarter), 10% (4 000–7 000), 6% (7 000–10 000), 4% (> 10 000);
    suicide 15% (< 500), 10% (500–1 000), 6% (1 000–2 000), 4% (> 2 000). A band's `below` is
    exclusive, `up_to` inclusive (7 000 is still in "4 000–7 000").
    """
    for band in bands:
        if "below" in band and volume < band["below"]:
            return _d(band["rate"])
        if "up_to" in band and volume <= band["up_to"]:
            return _d(band["rate"])
    return _d(otherwise)


PSYCHIATRIC_AUDIT_BANDS: list[dict[str, Any]] = [
    {"below": 4000, "rate": 15},
    {"up_to": 7000, "rate": 10},
    {"up_to": 10000, "rate": 6},
]
SUICIDE_AUDIT_BANDS: list[dict[str, Any]] = [
    {"below": 500, "rate": 15},
    {"up_to": 1000, "rate": 10},
    {"up_to": 2000, "rate": 6},
]


def resolve_target(
    rule: dict[str, Any], county: CountyProfile, *, volume: int | None = None, previous: Decimal | None = None
) -> Target | None:
    """The threshold a county must reach under `rule`; None when the rule does not apply or lacks an input.

    `volume` is the quarterly visit volume (audit-rate rules); `previous` the same indicator's value
    one year earlier (year-on-year rules).
    """
    kind = rule.get("kind", "none")
    if kind == "at_least":
        return Target(_d(rule["value"]), ">=")
    if kind == "at_most":
        return Target(_d(rule["value"]), "<=")
    if kind == "is_true":
        return Target(Decimal(1), "==")
    if kind == "by_district_count":
        # seed 001: 鄉鎮市區數 < 10 → at least 1 centre, ≥ 10 → at least 2
        n = rule["at_or_above"] if county.districts >= rule["threshold"] else rule["below"]
        return Target(_d(n), ">=")
    if kind == "by_municipality":
        return Target(_d(rule["municipality"] if county.is_municipality else rule["other"]), ">=")
    if kind == "by_island":
        return Target(_d(rule["island"] if county.is_island else rule["other"]), ">=")
    if kind == "by_county_kind":
        # seed 001 lectures: islands first (Penghu, Kinmen, Lienchiang are 縣 but get the island number)
        key = "island" if county.is_island else county.kind
        return Target(_d(rule[key]), ">=")
    if kind == "by_financial_class":
        value = rule["values"].get(str(county.financial_class))
        return None if value is None else Target(_d(value), ">=")
    if kind == "by_named_counties":
        # seed 001 names the counties of each class (e.g. 「15%(每季訪視次數小於500人次)：澎湖縣、金門縣、連江縣」)
        for group in rule["groups"]:
            if county.code in group["counties"]:
                return Target(_d(group["value"]), ">=")
        return None if rule.get("otherwise") is None else Target(_d(rule["otherwise"]), ">=")
    if kind == "by_volume":
        if volume:
            return Target(audit_rate_for_volume(volume, rule["bands"], rule["otherwise"]), ">=")
        fallback = getattr(county, rule.get("fallback", ""), None) if rule.get("fallback") else None
        return None if fallback is None else Target(_d(fallback), ">=")
    if kind == "below_previous":
        return None if previous is None else Target(previous, "<")
    if kind == "reduce_previous_by":
        # seed 003: 下降上一年度再被開案率之5% — 5% of last year's rate, not 5 percentage points
        if previous is None:
            return None
        factor = (Decimal(100) - _d(rule["pct"])) / Decimal(100)
        return Target((previous * factor).quantize(Decimal("0.0001"), ROUND_HALF_UP), "<=")
    return None


def scale_to_period(
    target: Target | None, *, natural: str, scoring: str, formula_kind: str, prorate: bool = False
) -> Target | None:
    """Adapt a target written per `natural` period ("quarter"/"half"/"year") to the `scoring` period.

    Counts add up: 1 a quarter is 4 a year (2 a half-year). A longer period's count is judged in a
    shorter one only when the definition says it accrues evenly (`prorate`: 12 meetings a year → 3 a
    quarter; 4.15 visits a year → 1.0375); otherwise the shorter period cannot judge it (None).
    Percentages and booleans do not scale.
    """
    if target is None or natural == scoring:
        return target
    if formula_kind not in ("count", "average"):
        return target
    quarters = {"quarter": 1, "half": 2, "year": 4}
    factor = Decimal(quarters.get(scoring, 4)) / Decimal(quarters.get(natural, 4))
    if factor > 1:
        return Target(target.threshold * factor, target.op)
    return Target(target.threshold * factor, target.op) if prorate else None


def is_met(value: Decimal | None, target: Target | None) -> bool | None:
    """Whether `value` reaches `target`; None when either is unknown."""
    if value is None or target is None:
        return None
    if target.op == ">=":
        return value >= target.threshold
    if target.op == "<=":
        return value <= target.threshold
    if target.op == "<":
        return value < target.threshold
    return value == target.threshold


def describe_rule(rule: dict[str, Any]) -> str:
    """A one-line reading of a target rule for people (exports, definitions sheet)."""
    kind = rule.get("kind", "none")
    if kind == "at_least":
        return f"≥ {rule['value']}"
    if kind == "at_most":
        return f"≤ {rule['value']}"
    if kind == "is_true":
        return "是"
    if kind == "by_district_count":
        return f"鄉鎮市區數 < {rule['threshold']}：≥ {rule['below']}；≥ {rule['threshold']}：≥ {rule['at_or_above']}"
    if kind == "by_municipality":
        return f"直轄市 ≥ {rule['municipality']}；其餘縣市 ≥ {rule['other']}"
    if kind == "by_island":
        return f"離島 ≥ {rule['island']}；其餘 ≥ {rule['other']}"
    if kind == "by_county_kind":
        return f"直轄市 {rule['municipality']}；縣 {rule['county']}；市 {rule['city']}；離島 {rule['island']}"
    if kind == "by_financial_class":
        return "；".join(f"第{k}級 ≥ {v}%" for k, v in sorted(rule["values"].items()))
    if kind == "by_named_counties":
        return "；".join(f"{g.get('label') or '、'.join(g['counties'])}：≥ {g['value']}" for g in rule["groups"])
    if kind == "by_volume":
        parts = [
            f"< {b['below']}：{b['rate']}%" if "below" in b else f"≤ {b['up_to']}：{b['rate']}%" for b in rule["bands"]
        ]
        return "每季訪視次數 " + "；".join([*parts, f"其餘：{rule['otherwise']}%"])
    if kind == "below_previous":
        return "低於前一年"
    if kind == "reduce_previous_by":
        return f"較前一年下降 {rule['pct']}%"
    return "—"
