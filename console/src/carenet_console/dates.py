"""Dates for people: 民國 (ROC) in the text, ISO in the tooltip and the `datetime` attribute, Asia/Taipei times."""

from __future__ import annotations

from datetime import date, datetime

from carenet_core.clock import TAIPEI, as_aware, roc_date
from markupsafe import Markup, escape


def _parse(value: object) -> date | datetime | None:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return None
    return None


def roc(value: object) -> Markup:
    """`2026-11-30` → `<time datetime="2026-11-30" title="2026-11-30">115/11/30</time>`; an instant gives its Taipei day."""
    v = _parse(value)
    if v is None:
        return Markup("—") if value in (None, "") else escape(str(value))
    d = as_aware(v).astimezone(TAIPEI).date() if isinstance(v, datetime) else v
    iso = d.isoformat()
    return Markup('<time datetime="{0}" title="{0}">{1}</time>').format(iso, roc_date(d))


def roc_time(value: object) -> Markup:
    """An instant in Taipei: `115/11/30 14:05`, the full ISO instant (+08:00) in the tooltip."""
    v = _parse(value)
    if not isinstance(v, datetime):
        return roc(value)
    local = as_aware(v).astimezone(TAIPEI)
    iso = local.isoformat(timespec="seconds")
    return Markup('<time datetime="{0}" title="{0}">{1} {2}</time>').format(
        iso, roc_date(local.date()), local.strftime("%H:%M")
    )


def roc_month(month: str) -> str:
    """`2026-11` → `115年11月`."""
    try:
        year, mm = month.split("-")
        return f"{int(year) - 1911}年{int(mm)}月"
    except ValueError:
        return month
