"""Server-rendered inline SVG: a small line chart of an indicator over quarters (no chart library, no script)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: list[tuple[float, float, str, float | None]]  # x, y, label, value (None: no value that quarter)
    path: str
    target_y: float | None


def trend(
    labels: list[str], values: list[float | None], target: float | None = None, *, width: int = 220, height: int = 60
) -> Chart:
    """Points and an SVG path through the quarters that have a value; the target as a line when there is one."""
    pad = 8
    known = [v for v in values if v is not None] + ([target] if target is not None else [])
    lo, hi = (min(known), max(known)) if known else (0.0, 1.0)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    step = (width - 2 * pad) / max(len(labels) - 1, 1)

    def y(v: float) -> float:
        return round(height - pad - (v - lo) / (hi - lo) * (height - 2 * pad), 1)

    points = [
        (round(pad + i * step, 1), y(v) if v is not None else float(height - pad), label, v)
        for i, (label, v) in enumerate(zip(labels, values, strict=True))
    ]
    drawn = [(px, py) for px, py, _, v in points if v is not None]
    path = " ".join(f"{'M' if i == 0 else 'L'}{px},{py}" for i, (px, py) in enumerate(drawn))
    return Chart(width, height, points, path, y(target) if target is not None else None)
