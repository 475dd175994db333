"""Scorecards as files people open: CSV (UTF-8 with BOM) and XLSX, Traditional Chinese headers."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from carenet_core.clock import TAIPEI, roc_date

from ..definitions.models import Definition
from ..definitions.rules import describe_rule
from .rules import parse_period

ITEM_HEADERS = [
    "縣市代碼",
    "縣市",
    "期間",
    "期間起日",
    "期間起日（民國）",
    "期間迄日",
    "期間迄日（民國）",
    "指標代碼",
    "指標名稱",
    "面向",
    "單位",
    "數值",
    "分子",
    "分母",
    "目標值",
    "比較方式",
    "目標來源",
    "是否達成",
    "資料時間",
    "資料日期（民國）",
    "定義版本",
    "資料來源",
    "事實編號",
    "未達成紀錄數",
]
DEFINITION_HEADERS = [
    "指標代碼",
    "版本",
    "指標名稱",
    "英文名稱",
    "面向",
    "公式類型",
    "分子",
    "分母",
    "單位",
    "期間",
    "方向",
    "目標值",
    "資料來源",
    "依據",
    "生效年度",
    "生效年度（民國）",
]
AREAS = {
    "infrastructure": "整合及加強心理健康基礎建設",
    "suicide_prevention": "自殺防治及災難心理衛生服務",
    "psychiatric_care": "落實精神疾病防治與照護服務",
    "addiction_prevention": "加強成癮防治服務",
    "innovation": "具有特色或創新服務",
    "social_safety_net": "社會安全網",
}
UNITS = {
    "ratio": "人/督導",
    "percent": "%",
    "count": "次/場/處",
    "boolean": "是/否",
    "visits_per_case": "次/人",
    "per_100k": "每十萬人口",
}
SOURCES = {"case_mgmt": "個案管理系統", "manual": "縣市填報", "workforce": "人力管理系統"}
TARGET_SOURCES = {"class": "計畫分級目標", "county": "縣市自訂目標", "previous_year": "前一年度"}
DIRECTIONS = {"higher": "越高越好", "lower": "越低越好", "true": "是"}


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.astimezone(TAIPEI).isoformat(timespec="seconds")
    return "" if value is None else str(value)


def _roc_when(value: Any) -> str:
    """The Taipei calendar day of an instant in 民國 form (`115/11/30`), beside the ISO instant."""
    return roc_date(value.astimezone(TAIPEI).date()) if isinstance(value, datetime) else ""


def _met(value: bool | None) -> str:
    return "—" if value is None else ("是" if value else "否")


def _cell(value: Any) -> Any:
    return "" if value is None else value


def item_rows(card: dict[str, Any]) -> list[list[Any]]:
    rows = []
    period = parse_period(card["period"])
    for i in card["items"]:
        rows.append(
            [
                card["county"],
                card["county_name"],
                card["period"],
                period.start.isoformat(),
                roc_date(period.start),
                period.end.isoformat(),
                roc_date(period.end),
                i["code"],
                i["title"],
                AREAS.get(i["area"], i["area"]),
                UNITS.get(i["unit"], i["unit"]),
                _cell(i["value"]),
                _cell(i["numerator"]),
                _cell(i["denominator"]),
                _cell(i["target"]),
                _cell(i["target_op"]),
                TARGET_SOURCES.get(i.get("target_source") or "", ""),
                _met(i["met"]),
                _when(i["as_of"]),
                _roc_when(i["as_of"]),
                i["definition_version"],
                SOURCES.get(i["source"], i["source"]),
                " ".join(i["fact_ids"]),
                _cell(i.get("not_met_count")),
            ]
        )
    return rows


def definition_rows(definitions: list[Definition]) -> list[list[Any]]:
    return [
        [
            d.code,
            d.version,
            d.title,
            d.title_en,
            AREAS.get(d.area, d.area),
            d.formula.get("kind", ""),
            d.formula.get("numerator", ""),
            d.formula.get("denominator", ""),
            UNITS.get(d.unit, d.unit),
            "季" if d.period == "quarter" else "年",
            DIRECTIONS.get(d.direction, d.direction),
            describe_rule(d.targets),
            SOURCES.get(d.source, d.source),
            d.seed_ref,
            d.effective_from,
            d.effective_from - 1911,
        ]
        for d in definitions
    ]


def to_csv(cards: list[dict[str, Any]]) -> bytes:
    """One table of every card's items (a county column tells them apart), UTF-8 with BOM for Excel."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(ITEM_HEADERS)
    for card in cards:
        writer.writerows(item_rows(card))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _sheet_title(card: dict[str, Any]) -> str:
    return f"{card['county_name']} {card['period']}"[:31]


def to_xlsx(cards: list[dict[str, Any]], definitions: list[Definition]) -> bytes:
    """One sheet per scorecard, an overview with the counties side by side (when several), and the definitions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    first = wb.active
    bold = Font(bold=True)
    if len(cards) > 1:
        first.title = "總覽"
        first.append(["指標代碼", "指標名稱", *[f"{c['county_name']}（{c['county']}）" for c in cards]])
        for n, defn in enumerate(cards[0]["items"]):
            first.append([defn["code"], defn["title"], *[_cell(c["items"][n]["value"]) for c in cards]])
        first.append(["met_count", "達成項數", *[f"{c['met_count']}/{c['total']}" for c in cards]])
        sheets = [(wb.create_sheet(_sheet_title(c)), c) for c in cards]
    else:
        first.title = _sheet_title(cards[0]) if cards else "計分卡"
        sheets = [(first, c) for c in cards]
    for ws, card in sheets:
        ws.append(ITEM_HEADERS)
        for row in item_rows(card):
            ws.append(row)
        ws.append([])
        ws.append(
            [
                "達成項數",
                f"{card['met_count']}/{card['total']}",
                "資料時間",
                _when(card["as_of"]),
                _roc_when(card["as_of"]),
            ]
        )
    defs = wb.create_sheet("指標定義")
    defs.append(DEFINITION_HEADERS)
    for row in definition_rows(definitions):
        defs.append(row)
    for ws in wb.worksheets:
        for cell in ws[1]:
            cell.font = bold
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
