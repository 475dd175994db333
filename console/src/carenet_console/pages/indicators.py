"""County admin and ministry: the scorecard (met / unmet, each indicator's trend over quarters, drill-down to
numerator and denominator) and, for the ministry, the map of the 22 counties with the same as a table."""

from __future__ import annotations

from typing import Any

from carenet_core import clock
from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import taiwan_map
from ..charts import trend
from ..gateway import ApiError
from ..progress import quarters_up_to
from ..web import MAP, SCORECARD, allow, api, file_response, render, viewer
from .login import COUNTIES

router = APIRouter(prefix="/indicators")
IND = "/indicators/v1"


def _county(who: Any, county: str) -> str:
    return county or who.principal.county or "TW-MIA"


@router.get("/scorecard")
async def scorecard(request: Request, county: str = "", period: str = "") -> Response:
    who = allow(await viewer(request), SCORECARD)
    county = _county(who, county)
    period = period or str(clock.today().year)
    card = await api(request).get(f"{IND}/scorecards/{county}", who.token, period=period)
    quarters = quarters_up_to(clock.today(), 4)
    series: dict[str, list[float | None]] = {i["code"]: [] for i in card["items"]}
    for q in quarters:
        try:
            qc = await api(request).get(f"{IND}/scorecards/{county}", who.token, period=q)
        except ApiError as exc:
            if exc.status != 422:  # an indicator kept per year has no quarters: nothing to draw
                raise
            qc = {"items": []}
        values = {i["code"]: i.get("value") for i in qc["items"]}
        for code in series:
            series[code].append(values.get(code))
    charts = {
        i["code"]: trend(quarters, series[i["code"]], i.get("target"))
        if any(v is not None for v in series[i["code"]])
        else None
        for i in card["items"]
    }
    return render(
        request,
        "indicators/scorecard.html",
        {
            "card": card,
            "county": county,
            "period": period,
            "charts": charts,
            "quarters": quarters,
            "counties": COUNTIES,
            "national": who.principal.has("ministry"),
        },
        who=who,
    )


@router.get("/scorecard/{county}/items/{code}")
async def drill_down(request: Request, county: str, code: str, period: str = "") -> Response:
    who = allow(await viewer(request), SCORECARD)
    period = period or str(clock.today().year)
    item = await api(request).get(f"{IND}/scorecards/{county}/items/{code}", who.token, period=period, limit=1000)
    return render(request, "indicators/drill.html", {"i": item, "county": county, "period": period}, who=who)


@router.get("/scorecard/{county}/export.{fmt}")
async def export(request: Request, county: str, fmt: str, period: str = "") -> Response:
    who = allow(await viewer(request), SCORECARD)
    if fmt not in ("csv", "xlsx"):
        raise ApiError(404)
    period = period or str(clock.today().year)
    r = await api(request).request(
        "GET", f"{IND}/scorecards/{county}/export", who.token, params={"period": period, "format": fmt}
    )
    return file_response(r)


@router.get("/map")
async def county_map(request: Request, period: str = "") -> Response:
    who = allow(await viewer(request), MAP)
    period = period or str(clock.today().year)
    cards = await api(request).get(f"{IND}/scorecards", who.token, period=period, limit=50)
    names = dict(COUNTIES)
    counties = {
        c["county"]: {
            "name": c.get("county_name") or names.get(c["county"], c["county"]),
            "met": c["met_count"],
            "total": c["total"],
        }
        for c in cards["items"]
    }
    rows = [
        {
            "code": code,
            "name": names[code],
            **counties.get(code, {}),
            "band": taiwan_map.band(counties.get(code, {}).get("met"), counties.get(code, {}).get("total")),
        }  # type: ignore[arg-type]
        for code, _ in COUNTIES
    ]
    return render(
        request,
        "indicators/map.html",
        {"svg": taiwan_map.render(counties), "rows": rows, "period": period},
        who=who,
    )
