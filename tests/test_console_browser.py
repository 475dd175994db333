"""The console in a real browser: Debian's headless Chromium driven by Playwright, the whole stack behind it.

A demo county (tools/demo.py, through the API) gives every page data. Each role signs in with the dev
role/county picker; the auditor does the month (opens the sampling, reviews every record of a unit by
keyboard, sees the unit reach 100 %, downloads the sheet, verifies the draw); the supervisor opens the
worklist, a case, the agenda and its A4 print view; the county admin reads the scorecard and drills down;
the ministry reads the map of the 22 counties; the EAP admin sees suppressed cells. axe-core (from
tests/console/package-lock.json) finds no WCAG 2.1 A/AA violation on any page. A role that may not use a
page gets the 403 page; another county's record is "not found". Screenshots: test-artifacts/console/.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import os
import random
import re
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from carenet_core import clock

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from demo import Demo

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "tests" / "console" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "console"
COUNTY = "TW-KEE"  # 基隆市: no other cross-service test writes there
OTHER = "TW-MIA"
# the month before last: household-audit's scheduler draws last month by itself (maybe before the logs are in)
MONTH = clock.add_months(clock.today().replace(day=1), -2)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

async_api = pytest.importorskip("playwright.async_api")
pytestmark = [
    pytest.mark.stack,
    # locally a missing browser or axe-core skips loudly; in CI (`make test` installs both) it fails
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and not os.environ.get("CI"),
        reason="!!! no /usr/bin/chromium: run `make browser` !!!",
    ),
    pytest.mark.skipif(
        not AXE.exists() and not os.environ.get("CI"), reason="!!! no axe-core: run `make console-npm` !!!"
    ),
]


@pytest.fixture(scope="module")
def demo(stack: Any) -> dict[str, Any]:
    """The demo loader's parts the pages show (fewer cases than `make demo`: the pages, not the volume, are tested)."""
    with httpx.Client(base_url=stack.gateway_url, timeout=60) as client:
        d = Demo(client, COUNTY, rng=random.Random(20261207))  # its own people: the demo test draws the default seed
        cases = d.cases(16)
        d.discharge_plans(2)
        d.conference()
        d.incidents(cases)
        sampling = d.query_logs_and_sampling(MONTH)
        d.eap()
        d.facts()
        return {"cases": len(cases), "sampling": sampling}


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Any]:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    async with async_api.async_playwright() as p:
        b = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        await b.close()
    print(f"\nconsole screenshots: {ARTIFACTS}")


class Console:
    """One signed-in person's browser tab, with the checks every page gets."""

    def __init__(self, base: str, name: str) -> None:
        self.base = base.rstrip("/")
        self.name = name
        self.shots = 0

    async def start(self, browser: Any) -> Console:
        # axe is injected as a script; the console's CSP (script-src 'self') would rightly refuse it
        self.context = await browser.new_context(bypass_csp=True, accept_downloads=True, locale="zh-TW")
        self.page = await self.context.new_page()
        return self

    async def open(self, path: str) -> Any:
        return await self.page.goto(self.base + path)

    async def login(self, role: str, county: str = COUNTY, sub: str = "") -> None:
        await self.open("/")
        assert self.page.url.endswith("/console/login"), self.page.url
        await self.page.select_option("#role", role)
        await self.page.select_option("#county", county)
        if sub:
            await self.page.fill("#sub", sub)
        await self.page.click("form[action$='/login/dev'] button[type=submit]")
        await self.page.wait_for_selector("h1:text('首頁')")

    async def check(self, label: str) -> None:
        """axe-core: no WCAG 2.1 A/AA violation; the page's language; a screenshot kept."""
        page = self.page
        assert await page.get_attribute("html", "lang") == "zh-Hant-TW"
        await page.add_script_tag(path=str(AXE))
        result = await page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]
        ]
        self.shots += 1
        await page.screenshot(path=str(ARTIFACTS / f"{self.name}-{self.shots:02d}-{label}.png"), full_page=True)
        assert violations == [], f"{label}: {violations}"

    async def close(self) -> None:
        await self.context.close()


@pytest.fixture
async def console(browser: Any, stack: Any, demo: dict[str, Any], request: Any) -> AsyncIterator[Any]:
    opened: list[Console] = []

    async def make(name: str) -> Console:
        c = await Console(stack.console_url, f"{request.node.name[5:30]}-{name}").start(browser)
        opened.append(c)
        return c

    yield make
    for c in opened:
        await c.close()


async def test_the_auditor_does_the_whole_month(console, demo):
    a = await console("auditor")
    await a.login("auditor", sub="console-auditor")
    await a.check("home")
    await a.page.click("nav >> text=戶役政查詢抽樣")
    await a.check("samplings")
    await a.page.click(f"#open-{clock.month_of(MONTH)}")
    await a.page.wait_for_selector("h1:has-text('戶役政查詢抽樣')")
    assert a.page.url.endswith(f"/console/audit/samplings/{demo['sampling']}")
    await a.check("sampling")

    unit = f"DEMO-{COUNTY[-3:]}-HB"
    await a.page.click(f"text=審查 {unit}")
    await a.page.wait_for_selector("#review-form")
    await a.check("review")
    total = await a.page.locator("ol.records li").count()
    assert total >= 10
    for n in range(
        total
    ):  # one record after another, by keyboard only: 1/2 = (un)justified, N = note, Ctrl+Enter = save
        await a.page.wait_for_selector("#review-form")
        assert (await a.page.locator("#unit-pct").inner_text()) == f"{100 * n // total} %"
        await a.page.keyboard.press("2" if n == 0 else "1")  # the first one is not justified: an anomaly opens
        await a.page.keyboard.press("n")
        await a.page.keyboard.type(f"查詢目的與個案相符 {n + 1}")
        async with a.page.expect_navigation():
            await a.page.keyboard.press("Control+Enter")
    await a.page.wait_for_selector(".done")
    assert (await a.page.locator("#unit-pct").inner_text()) == "100 %"
    await a.check("review-done")

    await a.page.click("text=回到抽樣")
    assert (await a.page.locator(f".pct[data-unit='{unit}']").inner_text()) == "100 %"
    async with a.page.expect_download() as got:
        await a.page.click("text=下載稽核表 CSV")
    download = await got.value
    await download.save_as(ARTIFACTS / "audit-sheet.csv")
    sheet = await asyncio.to_thread((ARTIFACTS / "audit-sheet.csv").read_text, encoding="utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(sheet)) if unit in r]
    assert len(rows) == total and all(any("查詢目的與個案相符" in c for c in r) for r in rows), sheet[:500]
    assert sum("unjustified" in r or "不合理" in " ".join(r) for r in rows) == 1, rows

    async with a.page.expect_download() as got:
        await a.page.click("text=下載稽核表 XLSX")
    xlsx = await got.value
    await xlsx.save_as(ARTIFACTS / "audit-sheet.xlsx")
    head = await asyncio.to_thread((ARTIFACTS / "audit-sheet.xlsx").read_bytes)
    assert head[:2] == b"PK" and xlsx.suggested_filename.endswith(".xlsx")  # an Office Open XML workbook

    await a.page.click("text=驗證抽樣")
    await a.page.wait_for_selector("#seed")
    assert "相符" in (await a.page.locator("p.verdict").inner_text())
    seed, commitment = (await a.page.locator("#seed").inner_text()), (await a.page.locator("#commitment").inner_text())
    assert hashlib.sha256(seed.encode()).hexdigest() == commitment
    await a.check("verify")
    await a.page.click("nav >> text=異常案件")
    row = a.page.locator("#anomalies tbody tr", has_text=unit)
    assert (await row.locator(".state").inner_text()) == "新開立"
    await a.check("anomalies")
    await row.locator("select").select_option("investigating")
    async with a.page.expect_navigation():
        await row.locator("button").click()
    row = a.page.locator("#anomalies tbody tr", has_text=unit)
    assert (await row.locator(".state").inner_text()) == "調查中"
    await row.locator("select").select_option("concluded")
    await row.locator("input[name=outcome]").fill("查詢者已說明並接受教育訓練")
    async with a.page.expect_navigation():
        await row.locator("input[name=outcome]").press("Enter")
    assert (await a.page.locator("#anomalies tbody tr", has_text=unit).locator(".state").inner_text()) == "已有結論"

    admin = await console("county-admin-reports")  # the county admin reports the outcome to the ministry
    await admin.login("county_admin", sub="console-admin-reporter")
    await admin.open("/audit/anomalies")
    row = admin.page.locator("#anomalies tbody tr", has_text=unit)
    await row.locator("input[name=report_ref]").fill("基衛字第1150001234號")
    async with admin.page.expect_navigation():
        await row.locator("button").click()
    row = admin.page.locator("#anomalies tbody tr", has_text=unit)
    assert (await row.locator(".state").inner_text()) == "已報部" and "基衛字第1150001234號" in await row.inner_text()
    await admin.check("anomaly-reported")
    await a.page.click("nav >> text=半年內部稽核")
    await a.check("internal-audits")


async def test_the_supervisor_works_the_district_and_prints_the_agenda(console):
    s = await console("supervisor")
    await s.login("supervisor", sub="console-supervisor")
    await s.page.click("nav >> text=轄區工作清單")
    await s.page.wait_for_selector("#worklist")
    assert (await s.page.locator("#worklist tbody tr").count()) >= 5
    await s.check("worklist")
    await s.page.select_option("#reason", "overdue")
    async with s.page.expect_navigation():
        await s.page.click("form.filters button")
    assert all("逾期未訪" in t for t in (await s.page.locator("#worklist tbody tr td:last-child").all_inner_texts()))
    await s.check("worklist-overdue")
    await s.page.click("#worklist tbody tr th a >> nth=0")
    await s.page.wait_for_selector("h2:text('訪視紀錄')")
    await s.check("case")
    await s.page.click("nav >> text=個案研討會議程")
    await s.page.wait_for_selector("#sec-not_met_3_plus")
    assert "（0）" not in (
        await s.page.locator("#sec-not_met_3_plus").inner_text()
    )  # the demo has cases not met 3 times
    await s.check("agenda")
    await s.page.click("#print-view")
    await s.page.wait_for_selector("body.print")
    assert (await s.page.locator("nav").count()) == 0
    await s.check("agenda-print")
    await s.page.emulate_media(media="print")
    pdf = await s.page.pdf(path=str(ARTIFACTS / "agenda-A4.pdf"), prefer_css_page_size=True)
    assert re.search(rb"/MediaBox \[0 0 59[0-9.]+ 84[0-9.]+\]", pdf), "print.css asks for A4 (595 x 842 pt)"
    await s.open("/supervisor/caseloads")
    await s.check("caseloads")


async def test_the_county_admin_reads_the_scorecard_and_drills_down(console):
    c = await console("county-admin")
    await c.login("county_admin", sub="console-admin")
    await c.page.click("nav >> text=指標成績單")
    await c.page.wait_for_selector("#scorecard")
    assert "達成" in (await c.page.locator("#met-summary").inner_text())
    assert (await c.page.locator("#scorecard tbody tr").count()) >= 5
    await c.check("scorecard")
    await c.page.click("#scorecard tbody tr th a >> nth=0")
    await c.page.wait_for_selector("#numerator")
    await c.check("drill-down")
    await c.page.click("nav >> text=半年內部稽核")
    await c.page.click("text=執行或開啟")
    await c.page.wait_for_selector("h1:has-text('內部稽核')")
    assert (await c.page.locator("table tbody tr").count()) == 6  # the half's six monthly samplings
    await c.check("internal-audit")


async def test_the_ministry_reads_the_map_of_the_22_counties(console):
    m = await console("ministry")
    await m.login("ministry", sub="console-ministry")
    await m.page.click("nav >> text=全國縣市地圖")
    await m.page.wait_for_selector("svg.tw-map")
    assert (await m.page.locator("svg.tw-map path.county").count()) == 22
    assert (await m.page.locator("#county-table tbody tr").count()) == 22
    assert (await m.page.locator(f"#map-{COUNTY}").get_attribute("class")) != "county band-none"
    await m.check("map")
    await m.page.click("#county-table >> text=基隆市")
    await m.page.wait_for_selector("#scorecard")
    await m.check("scorecard-keelung")


async def test_the_eap_admin_sees_suppressed_cells_and_waitlists_never_a_name(console):
    e = await console("eap-admin")
    await e.login("eap_admin", sub="console-eap")
    await e.page.click("nav >> text=員工協助統計")
    await e.page.wait_for_selector("#stats")
    assert (await e.page.locator("#stats .suppressed").count()) >= 1  # the demo's one booking is a small cell
    await e.check("stats")
    await e.page.click("nav >> text=工作坊與候補")
    await e.page.wait_for_selector("text=壓力調適工作坊")
    assert "demo-employee" not in await e.page.content()
    await e.check("workshops")


async def test_a_case_worker_and_an_employee_get_no_console_page(console, stack):
    for role in ("case_worker", "employee"):
        p = await console(role)
        await p.login(role, sub=f"console-{role}")
        assert (await p.page.locator("nav").count()) == 0 and (await p.page.locator(".no-pages").count()) == 1
        await p.check("home")
        for path in ("/audit/samplings", "/supervisor/worklist", "/supervisor/agenda", "/indicators/scorecard",
                     "/indicators/map", "/eap/stats"):  # fmt: skip
            r = await p.open(path)
            assert r.status == 403 and (await p.page.locator(".status-403").count()) == 1, (role, path, r.status)
        await p.check("forbidden")


async def test_a_page_of_another_role_is_403_and_another_countys_record_is_not_found(console, demo, gw, login):
    a = await console("auditor-elsewhere")
    await a.login("auditor", county=OTHER, sub="console-auditor-mia")
    r = await a.open(f"/audit/samplings/{demo['sampling']}")
    assert r.status == 404 and (await a.page.locator(".status-404").count()) == 1
    await a.check("not-found")
    assert (await a.open("/supervisor/agenda")).status == 403
    assert (await a.open("/indicators/map")).status == 403

    case = gw.get(
        "/case-mgmt/v1/cases", params={"county": COUNTY, "limit": 1}, headers=login("supervisor", county=COUNTY)
    ).json()["items"][0]
    s = await console("supervisor-elsewhere")
    await s.login("supervisor", county=OTHER, sub="console-sup-mia")
    r = await s.open(f"/cases/{case['id']}")
    assert r.status == 404 and case["name"] not in await s.page.content()
    r = await s.open(f"/indicators/scorecard?county={COUNTY}")
    assert r.status in (403, 404)


async def test_forms_need_the_csrf_token_and_the_session_cookie_is_httponly_secure_samesite(console, stack):
    p = await console("csrf")
    await p.login("auditor", sub="console-auditor-2")
    cookie = next(c for c in await p.context.cookies() if c["name"] == "carenet_console")
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax"
    r = await p.context.request.post(
        stack.console_url + "audit/samplings/open", form={"county": COUNTY, "month": "2026-01"}
    )
    assert r.status == 403
