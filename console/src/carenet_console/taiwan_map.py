"""The map of Taiwan's 22 counties (@svg-maps/taiwan, see static/NOTICE), coloured by indicators met.

Its region ids (`miaoli-county`) are mapped once to the ISO 3166-2:TW codes indicators uses (`TW-MIA`).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from markupsafe import Markup, escape

SVG = Path(__file__).parent / "static" / "taiwan.svg"
REGION_TO_ISO = {
    "changhua-county": "TW-CHA",
    "chiayi-city": "TW-CYI",
    "chiayi-county": "TW-CYQ",
    "hualien-county": "TW-HUA",
    "hsinchu-city": "TW-HSZ",
    "hsinchu-county": "TW-HSQ",
    "kaohsiung-city": "TW-KHH",
    "keelung-city": "TW-KEE",
    "kinmen-county": "TW-KIN",
    "lienchiang-county": "TW-LIE",
    "miaoli-county": "TW-MIA",
    "nantou-county": "TW-NAN",
    "new-taipei-city": "TW-NWT",
    "penghu-county": "TW-PEN",
    "pingtung-county": "TW-PIF",
    "taichung-city": "TW-TXG",
    "tainan-city": "TW-TNN",
    "taipei-city": "TW-TPE",
    "taitung-county": "TW-TTT",
    "taoyuan-city": "TW-TAO",
    "yilan-county": "TW-ILA",
    "yunlin-county": "TW-YUN",
}
_PATH = re.compile(r'<path\s+id="([a-z-]+)"\s+aria-label="[^"]*"\s+d="([^"]+)"\s*/>', re.S)


@cache
def regions() -> dict[str, str]:
    """ISO code → the SVG path data of its shape."""
    found = {REGION_TO_ISO[rid]: d for rid, d in _PATH.findall(SVG.read_text(encoding="utf-8"))}
    assert len(found) == 22, sorted(found)
    return found


def band(met: int | None, total: int | None) -> str:
    """Colour band of a county: share of its indicators met (`none` without a scorecard)."""
    if not total or met is None:
        return "none"
    share = met / total
    return "high" if share >= 0.8 else "mid" if share >= 0.5 else "low"


def render(counties: dict[str, dict[str, object]]) -> Markup:
    """The inline SVG: each county a path with its band as class and its name and score as <title>."""
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1295" class="tw-map" role="img" '
        'aria-labelledby="map-title"><title id="map-title">各縣市指標達成地圖（詳見下表）</title>'
    ]
    for code, d in sorted(regions().items()):
        c = counties.get(code, {})
        label = f"{c.get('name', code)}：達成 {c.get('met', '—')} / {c.get('total', '—')}"
        parts.append(
            f'<path id="map-{code}" class="county band-{band(c.get("met"), c.get("total"))}" '  # type: ignore[arg-type]
            f'data-county="{code}" d="{d}"><title>{escape(label)}</title></path>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
