"""Reading the training body's CSV (研習證明清冊): UTF-8 (with or without BOM) or Big5, Chinese or English
headers, ISO or ROC (民國) dates. Pure: bytes in, rows (or a reason per bad row) out."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError

from .schemas import TrainingIn

# column → the headers a training body may use for it
HEADERS: dict[str, tuple[str, ...]] = {
    "sub": ("sub", "帳號", "登入帳號"),
    "course": ("course", "課程名稱"),
    "level": ("level", "課程等級", "等級"),
    "topic": ("topic", "課程主題"),
    "hours": ("hours", "時數"),
    "case_conference_hours": ("case_conference_hours", "個案研討會時數"),
    "completed_on": ("completed_on", "完訓日期", "結訓日期"),
    "certificate": ("certificate", "證書字號", "研習證明字號"),
}
REQUIRED = ("sub", "course", "level", "topic", "hours", "completed_on", "certificate")
LEVELS = {"basic": "basic", "初階": "basic", "advanced": "advanced", "進階": "advanced"}
_ROC = re.compile(r"^(\d{2,3})[/.-](\d{1,2})[/.-](\d{1,2})$")


class CsvUnreadable(ValueError):
    """The file as a whole cannot be read (encoding, missing columns)."""


@dataclass(frozen=True)
class Row:
    index: int
    sub: str
    record: TrainingIn | None
    reason: str | None = None


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not), else Big5 (cp950, as Taiwanese office software writes it)."""
    for encoding in ("utf-8-sig", "cp950"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvUnreadable("the file is neither UTF-8 nor Big5")


def parse_date(text: str) -> date:
    """`2026-03-02` or the ROC form `115/03/02` (民國 year + 1911)."""
    text = text.strip()
    m = _ROC.match(text)
    if m:
        return date(int(m.group(1)) + 1911, int(m.group(2)), int(m.group(3)))
    return date.fromisoformat(text)


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, name in enumerate(h.strip() for h in header):
        for column, aliases in HEADERS.items():
            if name in aliases and column not in found:
                found[column] = i
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise CsvUnreadable(f"missing columns: {', '.join(missing)}")
    return found


def read_rows(data: bytes, *, max_rows: int) -> list[Row]:
    """Every data row, validated alone: a bad row carries its reason and never stops the others."""
    reader = csv.reader(io.StringIO(decode(data)))
    header = next(reader, None)
    if header is None:
        raise CsvUnreadable("the file is empty")
    cols = _columns(header)
    rows: list[Row] = []
    for index, cells in enumerate(reader):
        if not any(c.strip() for c in cells):
            continue
        if index >= max_rows:
            raise CsvUnreadable(f"more than {max_rows} rows; split the file")
        rows.append(_row(index, cells, cols))
    return rows


def _row(index: int, cells: list[str], cols: dict[str, int]) -> Row:
    def cell(column: str) -> str:
        i = cols.get(column)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    sub = cell("sub")
    if not sub:
        return Row(index, sub, None, "sub is empty")
    level = LEVELS.get(cell("level"))
    if level is None:
        return Row(index, sub, None, f"level {cell('level')!r} is neither basic (初階) nor advanced (進階)")
    try:
        completed_on = parse_date(cell("completed_on"))
    except ValueError:
        return Row(index, sub, None, f"completed_on {cell('completed_on')!r} is not a date")
    try:
        hours = Decimal(cell("hours"))
        conference = Decimal(cell("case_conference_hours") or "0")
    except InvalidOperation:
        return Row(index, sub, None, "hours are not numbers")
    try:
        record = TrainingIn(
            course=cell("course"),
            level=level,
            topic=cell("topic"),
            hours=hours,
            case_conference_hours=conference,
            completed_on=completed_on,
            certificate=cell("certificate"),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "row"
        return Row(index, sub, None, f"{where}: {first.get('msg', 'invalid')}")
    return Row(index, sub, record)
