"""Files people open: CSV in UTF-8 with BOM (Excel reads the Chinese right) and XLSX, Traditional Chinese headers.

Every date column is written twice: ISO (`2026-11-30`, instants in Taipei time) and beside it the ROC
(民國) date people in a health bureau write (`115/11/30`, `clock.roc_date`), in a column named `…(民國)`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from carenet_core.clock import TAIPEI, roc_date, taipei_date
from fastapi.responses import Response


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


MEDIA = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


ROC_SUFFIX = "(民國)"


def roc_of(v: Any) -> str:
    """The ROC date of a day or of an instant's Taipei day (`115/11/30`); empty for no value."""
    if isinstance(v, datetime):
        return roc_date(taipei_date(v))
    if isinstance(v, date):
        return roc_date(v)
    return ""


def with_roc_dates(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], dated: Sequence[str]
) -> tuple[list[str], list[list[Any]]]:
    """The table with a ROC-date column right after each column named in `dated`."""
    at = {headers.index(name) for name in dated}
    out_headers: list[str] = []
    for i, h in enumerate(headers):
        out_headers += [h, h + ROC_SUFFIX] if i in at else [h]
    out_rows = []
    for r in rows:
        row: list[Any] = []
        for i, v in enumerate(r):
            row += [v, roc_of(v)] if i in at else [v]
        out_rows.append(row)
    return out_headers, out_rows


def _cell(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.astimezone(TAIPEI).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, bool):
        return "是" if v else "否"
    return "" if v is None else v


def _safe_text(v: Any) -> Any:
    # A cell starting with = + - @ is a formula to Excel: neutralise it (CSV injection).
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
        return "'" + v
    return v


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(headers)
    for r in rows:
        w.writerow([_safe_text(_cell(v)) for v in r])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(list(headers))
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append([_safe_text(_cell(v)) for v in r])
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def file_response(
    fmt: ExportFormat,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    filename: str,
    sheet: str,
    dated: Sequence[str] = (),
) -> Response:
    """The file to download; each column named in `dated` gets its ROC date beside it."""
    headers, rows = with_roc_dates(headers, rows, dated)
    body = csv_bytes(headers, rows) if fmt == ExportFormat.CSV else xlsx_bytes(headers, rows, sheet=sheet)
    name = f"{filename}.{fmt.value}"
    return Response(
        body,
        media_type=MEDIA[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{name.encode("ascii", "replace").decode()}"; '
            f"filename*=UTF-8''{quote(name)}"
        },
    )


EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the file",
        "content": {
            MEDIA[ExportFormat.CSV]: {
                "schema": {"type": "string"},
                "example": "\ufeff單位代碼,單位名稱,查詢者,...\r\n",
            },
            MEDIA[ExportFormat.XLSX]: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}
