"""Reading a county's open-data CSV of resources: encoding, column names, coordinates, hours.

seed 001 (001_c9d8afea91fb3f89.txt): 「定期更新及公布相關資料於網站，提供民眾查詢」 — counties already publish
their resource lists as open data (政府資料開放平臺), in UTF-8 or Big5, with WGS84 (經度/緯度) or TWD97 TM2
(EPSG:3826, X/Y in metres) coordinates. This module turns one file into plain rows (dicts with the
directory's field names) or a reason per row; storing them is the service's job.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from pyproj import Transformer

from ..directory.rules import DAYS

# Our field → the column names counties use for it (compared without case, spaces or underscores).
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "source_id": ("source_id", "id", "編號", "代碼", "機構代碼", "識別碼", "序號"),
    "name": ("name", "名稱", "機構名稱", "單位名稱", "資源名稱"),
    "district": ("district", "鄉鎮市區", "行政區", "鄉鎮市"),
    "address": ("address", "地址", "機構地址"),
    "phone": ("phone", "電話", "聯絡電話", "服務電話"),
    "categories": ("categories", "category", "類別", "服務類別", "資源類別"),
    "lat": ("lat", "latitude", "緯度", "wgs84緯度", "wgs84lat"),
    "lon": ("lon", "lng", "longitude", "經度", "wgs84經度", "wgs84lon"),
    "x": ("x", "twd97x", "x坐標", "x座標", "twd97_x", "橫坐標"),
    "y": ("y", "twd97y", "y坐標", "y座標", "twd97_y", "縱坐標"),
    "hours": ("hours", "服務時間", "開放時間"),
    "languages": ("languages", "語言", "服務語言"),
    "accessibility": ("accessibility", "無障礙", "無障礙設施"),
    "fees": ("fees", "費用", "收費"),
    "eligibility": ("eligibility", "服務對象", "對象"),
    "last_checked_on": ("last_checked_on", "更新日期", "資料更新日期", "查核日期"),
}
LIST_SEPARATORS = re.compile(r"[;；,，、|/]")
# Taiwan's TWD97 TM2 (central meridian 121°E): metres, X about 150–360 km, Y about 2 400–2 800 km.
TWD97_X = (100_000.0, 400_000.0)
TWD97_Y = (2_350_000.0, 2_850_000.0)


class RowError(ValueError):
    """A row that cannot be imported, with the reason a county admin can act on."""


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM) when it decodes, else Big5 (Windows code page 950)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp950")
    except UnicodeDecodeError:
        raise ValueError("the file is neither UTF-8 nor Big5") from None


def _key(name: str) -> str:
    return re.sub(r"[\s_\-()（）]", "", name).lower()


_ALIASES = {_key(alias): field for field, aliases in COLUMNS.items() for alias in aliases}


def header_fields(header: list[str]) -> list[str | None]:
    """Each column's field name, or None for a column we do not read."""
    return [_ALIASES.get(_key(h)) for h in header]


@dataclass(frozen=True)
class CsvFile:
    fields: list[str | None]
    rows: list[tuple[int, list[str]]]  # (index, cells); index 1 is the first data row


def read_csv(text: str) -> CsvFile:
    """Header and data rows; ValueError when the header lacks a name or a source id column."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError("the file is empty") from None
    fields = header_fields(header)
    missing = [f for f in ("source_id", "name") if f not in fields]
    if missing:
        raise ValueError(f"the header has no column for: {', '.join(missing)}")
    rows = [(i, cells) for i, cells in enumerate(reader, start=1) if any(c.strip() for c in cells)]
    return CsvFile(fields=fields, rows=rows)


def cells_of(fields: list[str | None], cells: list[str]) -> dict[str, str]:
    """The row's non-empty cells by field name."""
    if len(cells) > len(fields):
        raise RowError(f"{len(cells)} cells but the header has {len(fields)} columns")
    return {f: c.strip() for f, c in zip(fields, cells, strict=False) if f is not None and c.strip()}


@lru_cache(maxsize=1)
def _twd97_to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:3826", "EPSG:4326", always_xy=True)


def twd97_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """TWD97 TM2 zone 121 (EPSG:3826) metres → WGS84 (lat, lon) degrees."""
    lon, lat = _twd97_to_wgs84().transform(x, y)
    return lat, lon


def _number(text: str, what: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise RowError(f"{what} {text!r} is not a number") from None


def coordinates(cells: Mapping[str, str]) -> tuple[float, float]:
    """WGS84 (lat, lon) from the row's lat/lon or TWD97 X/Y columns, told apart by their size."""
    if "lat" in cells and "lon" in cells:
        a, b = _number(cells["lat"], "lat"), _number(cells["lon"], "lon")
    elif "x" in cells and "y" in cells:
        a, b = _number(cells["y"], "y"), _number(cells["x"], "x")
    else:
        raise RowError("no coordinates (lat/lon or TWD97 X/Y)")
    if abs(a) <= 90 and abs(b) <= 180:
        return a, b  # degrees: WGS84
    y, x = a, b
    if not (TWD97_X[0] <= x <= TWD97_X[1] and TWD97_Y[0] <= y <= TWD97_Y[1]):
        raise RowError(f"coordinates {x}, {y} are neither WGS84 degrees nor TWD97 TM2 metres in Taiwan")
    return twd97_to_wgs84(x, y)


_DAY_RANGE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?$")
_INTERVAL = re.compile(r"^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$")


def parse_hours(text: str) -> dict[str, Any]:
    """`mon-fri 09:00-12:00,13:30-17:00; sat 09:00-12:00` or `24h` → the directory's weekly hours.

    Only the weekly part comes from a file; dated exceptions are edited in the directory.
    """
    text = text.strip().lower()
    if text in ("24h", "24小時", "全年無休"):
        return {"weekly": {d: [{"opens": "00:00", "closes": "24:00"}] for d in DAYS}, "exceptions": []}
    weekly: dict[str, list[dict[str, str]]] = {}
    for part in filter(None, (p.strip() for p in re.split(r"[;；]", text))):
        days, _, times = part.partition(" ")
        m = _DAY_RANGE.match(days)
        if m is None:
            raise RowError(f"hours: {days!r} is not a day or day range such as mon-fri")
        first = DAYS.index(m.group(1))
        last = DAYS.index(m.group(2) or m.group(1))
        if last < first:
            raise RowError(f"hours: {days!r} runs backwards")
        intervals = []
        for span in filter(None, (s.strip() for s in times.split(","))):
            iv = _INTERVAL.match(span)
            if iv is None:
                raise RowError(f"hours: {span!r} is not an interval such as 09:00-17:00")
            intervals.append({"opens": iv.group(1).zfill(5), "closes": iv.group(2).zfill(5)})
        if not intervals:
            raise RowError(f"hours: {part!r} has no times")
        for d in DAYS[first : last + 1]:
            weekly.setdefault(d, []).extend(intervals)
    return {"weekly": weekly, "exceptions": []}


_ROC_DATE = re.compile(r"^(\d{2,3})[/.-](\d{1,2})[/.-](\d{1,2})$")


def parse_day(text: str) -> date:
    """An ISO date (2026-11-30) or a ROC one (115/11/30)."""
    m = _ROC_DATE.match(text)
    try:
        if m is not None:
            return date(int(m.group(1)) + 1911, int(m.group(2)), int(m.group(3)))
        return date.fromisoformat(text)
    except ValueError:
        raise RowError(f"{text!r} is not a date (2026-11-30 or 115/11/30)") from None


def split_list(text: str) -> list[str]:
    return [p.strip() for p in LIST_SEPARATORS.split(text) if p.strip()]


def row_fields(cells: Mapping[str, str]) -> dict[str, Any]:
    """A resource's fields (before schema validation) from one row's cells; RowError with the reason."""
    lat, lon = coordinates(cells)
    out: dict[str, Any] = {
        "source_id": cells.get("source_id"),
        "name": cells.get("name"),
        "district": cells.get("district"),
        "address": cells.get("address"),
        "phone": cells.get("phone"),
        "lat": lat,
        "lon": lon,
        "categories": split_list(cells.get("categories", "")),
        "languages": split_list(cells.get("languages", "")),
        "accessibility": split_list(cells.get("accessibility", "")),
        "fees": cells.get("fees"),
        "eligibility": cells.get("eligibility"),
    }
    if "hours" in cells:
        out["hours"] = parse_hours(cells["hours"])
    if "last_checked_on" in cells:
        out["last_checked_on"] = parse_day(cells["last_checked_on"])
    return out


def rows_of(file: CsvFile) -> Iterator[tuple[int, dict[str, Any] | RowError]]:
    """Each data row's index and its fields, or the reason it cannot be read."""
    for index, cells in file.rows:
        try:
            yield index, row_fields(cells_of(file.fields, cells))
        except RowError as exc:
            yield index, exc
