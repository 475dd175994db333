"""Benchmark plumbing: a fresh PostgreSQL database, the real stack on it, results and the report."""

from __future__ import annotations

import asyncio
import atexit
import os
import platform
import socket
import statistics
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
from carenet_testing.stack import SERVICES, Stack

ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Figure:
    name: str
    value: str
    target: str
    passed: bool | None  # None: reported, no target
    detail: str = ""
    ratio: str = ""  # the figure over its baseline (or over its target when the target is absolute)


@dataclass
class Report:
    quick: bool
    figures: list[Figure] = field(default_factory=list)

    def add(self, fig: Figure) -> None:
        self.figures.append(fig)
        mark = {True: "PASS", False: "FAIL", None: "info"}[fig.passed]
        ratio = f" [{fig.ratio}]" if fig.ratio else ""
        print(f"  {mark:4}  {fig.name}: {fig.value}{ratio}  (target {fig.target}) {fig.detail}", flush=True)

    def markdown(self) -> str:
        cpu = ""
        try:
            cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
        except (OSError, StopIteration):
            pass
        lines = [
            "# CareNet benchmark results",
            "",
            f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}",
            f"- machine: {platform.node()} · {os.cpu_count()} cores · {cpu} · Python {platform.python_version()}",
            f"- mode: {'quick (data scaled down: bench/README.md, Quick mode)' if self.quick else 'full'}",
            "- every side-by-side figure is the median of ≥ 5 runs, measured in the same run as its baseline; the"
            " load mix (`load …` rows) is one run",
            "",
            "| benchmark | figure | target | ratio | result | detail |",
            "|---|---|---|---|---|---|",
        ]
        for f in self.figures:
            mark = {True: "PASS", False: "FAIL", None: "—"}[f.passed]
            lines.append(f"| {f.name} | {f.value} | {f.target} | {f.ratio or '—'} | {mark} | {f.detail} |")
        return "\n".join(lines) + "\n"


def median_of(runs: list[float]) -> float:
    return statistics.median(runs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _create_db() -> str:
    name = f"carenet_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(ADMIN_URL)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


async def _drop_db(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(ADMIN_URL)
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


_template: str | None = None


def _base_env(db_url: str, **extra_env: str) -> dict[str, str]:
    env = {
        "CARENET_ENV": "dev",
        "CARENET_DATA_DIR": tempfile.mkdtemp(prefix="carenet-bench-"),
        "CARENET_GATEWAY_RATE_LIMIT_PER_SECOND": "0",
        "CARENET_LOG_LEVEL": "WARNING",
        **extra_env,
    }
    for s in SERVICES:
        env[f"{s.env_prefix}DATABASE_URL"] = db_url
    return env


async def _create_from_template(template: str) -> str:
    name = f"carenet_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(ADMIN_URL)
    await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    await conn.close()
    return ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def _migrated_template() -> str:
    """One database migrated by all four services, once per run; each benchmark gets a copy of it."""
    global _template
    if _template is None:
        url = asyncio.run(_create_db())
        st = Stack(env=_base_env(url), ports={s.name: free_port() for s in SERVICES})
        st.migrate_all()
        _template = url.rsplit("/", 1)[1]
        atexit.register(lambda: asyncio.run(_drop_db(url)))
    return _template


@contextmanager
def bench_database() -> Iterator[str]:
    """A fresh database with every service's schema migrated (a copy of the run's template)."""
    url = asyncio.run(_create_from_template(_migrated_template()))
    try:
        yield url
    finally:
        asyncio.run(_drop_db(url))


@contextmanager
def running_stack(db_url: str, *, only: tuple[str, ...] | None = None, **extra_env: str) -> Iterator[Stack]:
    """The gateway and the services in `only` (default all four) as real uvicorn processes on `db_url`
    (already migrated by `bench_database`)."""
    env = _base_env(db_url, **extra_env)
    st = Stack(
        env=env,
        gateway_port=free_port(),
        ports={s.name: free_port() for s in SERVICES},
        log_dir=Path(env["CARENET_DATA_DIR"]) / "logs",
        only=only or tuple(s.name for s in SERVICES),
    )
    st.start_all()
    try:
        st.wait_healthy(timeout=120)
        yield st
    finally:
        st.stop_all()


def dev_headers(
    stack: Stack, *roles: str, county: str | None = "TW-MIA", district: str | None = None, sub: str = "bench"
) -> dict[str, str]:
    r = httpx.post(
        stack.gateway_url + "/auth/dev-token",
        json={"sub": sub, "roles": list(roles), "county": county, "district": district},
    )
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MiB."""
    out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)], capture_output=True, text=True)
    return sum(int(x) for x in out.stdout.split()) / 1024


class PeakRss:
    """Samples a process's resident memory every 50 ms while a block runs."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0.0
        self._stop = False

    async def __aenter__(self) -> PeakRss:
        async def sample() -> None:
            while not self._stop:
                self.peak = max(self.peak, rss_mb(self.pid))
                await asyncio.sleep(0.05)

        self._task = asyncio.create_task(sample())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stop = True
        await self._task


Bench = Callable[[Report, bool], None]
