"""A person signs in to the console in production mode at a real OpenID provider (panva's oidc-provider,
tests/oidc): authorization code + PKCE (S256) in headless Chromium, the provider's own login and consent
pages, back to the console behind the gateway, which then calls the API with that person's token. The
provider's groups map to roles (`tw-mia-supervisors` → supervisor of TW-MIA), and the dev role picker is gone.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from carenet_testing import plugin
from carenet_testing.stack import SERVICES, Stack

from .conftest import free_port
from .test_console_browser import ARGS, CHROMIUM
from .test_oidc_provider import ROLE_MAP, Provider, keys, oidc_installed  # noqa: F401 (fixtures)

async_api = pytest.importorskip("playwright.async_api")
pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(shutil.which("node") is None, reason="!!! no node: the OpenID provider cannot run !!!"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="!!! no /usr/bin/chromium: run `make browser` !!!"),
]


class ConsoleProvider(Provider):
    """The tests' provider, with the console's callback behind this module's gateway as a redirect URI."""

    def __init__(self, root: Path, signing_keys: list[dict[str, Any]], callback: str) -> None:
        self.callback = callback
        super().__init__(root, signing_keys)

    def config(self, signing_keys: list[dict[str, Any]]) -> dict[str, Any]:
        cfg = super().config(signing_keys)
        for client in cfg["clients"]:
            if client["client_id"] == "carenet-console":
                client["redirect_uris"] = [*client["redirect_uris"], self.callback]
        return cfg


@pytest.fixture(scope="module")
def gateway_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def callback(gateway_port: int) -> str:
    return f"http://127.0.0.1:{gateway_port}/console/login/callback"


@pytest.fixture(scope="module")
def idp(oidc_installed: Path, keys: dict[str, dict[str, Any]], callback: str) -> Iterator[Provider]:  # noqa: F811
    p = ConsoleProvider(oidc_installed, [keys["k1"]], callback)
    try:
        yield p
    finally:
        p.close()


@pytest.fixture(scope="module")
def production_console(
    carenet_database: plugin.TestDatabase, idp: Provider, gateway_port: int, callback: str
) -> Iterator[Stack]:
    data = tempfile.mkdtemp(prefix="carenet-console-oidc-")
    env = {
        "CARENET_ENV": "production",
        "CARENET_DATA_DIR": data,
        "CARENET_OIDC_ISSUER": idp.issuer,
        "CARENET_JWT_AUDIENCE": "carenet",
        "CARENET_JWT_ALGORITHMS": '["RS256"]',
        "CARENET_CLAIM_ROLES": "groups",
        "CARENET_ROLE_MAP": json.dumps(ROLE_MAP),
        "CARENET_CLAIM_COUNTY": "county",
        "CARENET_INDICATORS_FEED_ENABLED": "false",
        "CARENET_GATEWAY_RATE_LIMIT_PER_SECOND": "0",
        "CARENET_CONSOLE_SESSION_SECRET": "console-session-secret-for-the-oidc-test-0123456789",
        "CARENET_CONSOLE_OIDC_REDIRECT_URL": callback,
    }
    spec = next(s for s in SERVICES if s.name == "indicators")
    if carenet_database.kind == "postgresql":
        env[f"{spec.env_prefix}DATABASE_URL"] = carenet_database.url
    st = Stack(
        env=env,
        gateway_port=gateway_port,
        ports={s.name: free_port() for s in SERVICES},
        log_dir=Path(data) / "logs",
        only=("indicators",),
        console_port=free_port(),
    )
    st.migrate_all()
    st.start_all()
    try:
        st.wait_healthy(timeout=90)
        yield st
    finally:
        st.stop_all()


@pytest.fixture(scope="module")
async def page() -> AsyncIterator[Any]:
    async with async_api.async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = await browser.new_context(locale="zh-TW")
        yield await context.new_page()
        await browser.close()


async def test_a_supervisor_signs_in_at_the_identity_provider_with_pkce(production_console, idp, page):
    await page.goto(production_console.console_url)
    assert page.url.endswith("/console/login")
    assert await page.locator("form[action$='/login/dev']").count() == 0  # no role picker in production
    await page.click("text=以縣市身分識別服務登入")
    # the provider's own pages (devInteractions): sign in, then consent
    await page.wait_for_selector("input[name=login]")
    assert page.url.startswith(idp.issuer)
    await page.fill("input[name=login]", "sup-miaoli-01")
    await page.fill("input[name=password]", "any")
    await page.click("button[type=submit]")
    await page.wait_for_selector("button[type=submit]:has-text('Continue'), h1:text('首頁')")
    if page.url.startswith(idp.issuer):
        await page.click("button[type=submit]")
    await page.wait_for_selector("h1:text('首頁')")
    assert page.url == production_console.console_url
    assert "sup-miaoli-01" in await page.locator("header").inner_text()
    assert await page.locator("nav >> text=指標成績單").count() == 1
    await page.click("nav >> text=指標成績單")
    await page.wait_for_selector("#scorecard")  # the API answered the person's own token
    cookie = next(c for c in await page.context.cookies() if c["name"] == "carenet_console")
    assert cookie["secure"] and cookie["httpOnly"]
    r = await page.goto(production_console.console_url + "indicators/scorecard?county=TW-TPE")
    assert r is not None and r.status in (403, 404)  # another county's scorecard stays the API's to refuse
