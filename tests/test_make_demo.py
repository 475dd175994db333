"""`make demo` on a fresh data directory (embedded SQLite, as a newcomer runs it) fills the worklist,
the scorecard and a sampling, and prints a token per role and the console's address."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import httpx
from carenet_core import clock

ROOT = Path(__file__).resolve().parents[1]


def _free_block(size: int = 8) -> int:
    """A base port with `size` free ports above it."""
    for base in range(18_100, 30_000, 17):
        ok = True
        for p in range(base, base + size):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", p))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    raise RuntimeError("no free block of ports")


def test_make_demo_on_embedded_sqlite_fills_the_screens(tmp_path):
    base = _free_block()
    # a newcomer's environment: none of the test run's database settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARENET_") and k != "DATABASE_URL"}
    env |= {"CARENET_DATA_DIR": str(tmp_path / "var"), "CARENET_DEV_PORT": str(base)}
    proc = subprocess.Popen(
        ["make", "-s", "demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    up = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("CareNet is up"):
                up.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert up.wait(timeout=300), "".join(lines[-40:])
        out = "".join(lines)
        gateway = f"http://127.0.0.1:{base}"
        assert f"CareNet is up: {gateway}" in out and f"{gateway}/console/" in out
        assert "Demo county TW-MIA" in out and "supervisor" in out and "auditor" in out
        with httpx.Client(base_url=gateway, timeout=30) as gw:

            def login(role: str, **claims: str) -> dict[str, str]:
                body = {"sub": f"check-{role}", "roles": [role], "county": "TW-MIA", **claims}
                token = gw.post("/auth/dev-token", json=body).json()["access_token"]
                return {"Authorization": f"Bearer {token}"}

            work = gw.get("/case-mgmt/v1/worklist", params={"days": 14}, headers=login("supervisor")).json()
            assert len(work["items"]) > 0 and any(i["days_overdue"] > 0 for i in work["items"])
            auditor = login("auditor")
            samplings = gw.get("/household-audit/v1/samplings", headers=auditor).json()["items"]
            assert samplings and samplings[0]["sample_size"] > 0
            admin = login("county_admin")
            deadline = time.monotonic() + 90
            while True:  # indicators follows case-mgmt's feed
                card = gw.get(
                    "/indicators/v1/scorecards/TW-MIA", params={"period": str(clock.today().year)}, headers=admin
                ).json()
                numbers = [i for i in card["items"] if i["source"] == "case_mgmt" and (i.get("denominator") or 0) > 0]
                if len(numbers) >= 2 or time.monotonic() > deadline:
                    break
                time.sleep(1)
            assert len(numbers) >= 2, card
        assert list((tmp_path / "var").glob("*.db")) or list((tmp_path / "var").rglob("*.sqlite*")), "not SQLite"
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
