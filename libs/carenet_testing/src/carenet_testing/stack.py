"""Start and stop the whole CareNet stack as real processes (used by `make run`, cross-service
tests and benchmarks): each service's migrations, then four uvicorn services and the gateway."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[4]


@dataclass(frozen=True)
class ServiceSpec:
    name: str  # as in the gateway path: case-mgmt
    package: str  # python package suffix: case_mgmt
    port: int

    @property
    def env_prefix(self) -> str:
        return f"CARENET_{self.package.upper()}_"

    @property
    def directory(self) -> Path:
        return ROOT / "services" / self.name

    @property
    def factory(self) -> str:
        return f"carenet_{self.package}.main:create_app"


SERVICES = (
    ServiceSpec("case-mgmt", "case_mgmt", 8001),
    ServiceSpec("indicators", "indicators", 8002),
    ServiceSpec("eap", "eap", 8003),
    ServiceSpec("household-audit", "household_audit", 8004),
    ServiceSpec("workforce", "workforce", 8005),
    ServiceSpec("resources", "resources", 8006),
)
GATEWAY_PORT = 8000
CONSOLE_PORT = 8007


def migrate(spec: ServiceSpec, env: dict[str, str]) -> None:
    """Run one service's alembic history (in its own process: each service imports only its own models)."""
    subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(spec.directory / "alembic.ini"), "upgrade", "head"],
        cwd=spec.directory,
        env=env,
        check=True,
    )


@dataclass
class Stack:
    """The four services and the gateway on loopback ports, all sharing one environment."""

    env: dict[str, str]
    host: str = "127.0.0.1"
    gateway_port: int = GATEWAY_PORT
    ports: dict[str, int] = field(default_factory=lambda: {s.name: s.port for s in SERVICES})
    log_dir: Path | None = None
    only: tuple[str, ...] = tuple(s.name for s in SERVICES)  # the services to run (the gateway always runs)
    console_port: int | None = None  # the console (web pages, behind the gateway at /console/) when set
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def gateway_url(self) -> str:
        return f"http://{self.host}:{self.gateway_port}"

    def service_url(self, name: str) -> str:
        return f"http://{self.host}:{self.ports[name]}"

    @property
    def console_url(self) -> str:
        """The console as people open it: through the gateway."""
        return f"{self.gateway_url}/console/"

    def full_env(self) -> dict[str, str]:
        env = {**os.environ, **self.env}
        for s in SERVICES:
            env[f"CARENET_GATEWAY_{s.package.upper()}_URL"] = self.service_url(s.name)
        if self.console_port is not None:
            env["CARENET_GATEWAY_CONSOLE_URL"] = f"http://{self.host}:{self.console_port}"
            env["CARENET_CONSOLE_GATEWAY_URL"] = self.gateway_url
        else:
            env["CARENET_GATEWAY_CONSOLE_URL"] = ""
        # indicators follows case-mgmt's feed
        env["CARENET_INDICATORS_CASE_MGMT_URL"] = self.service_url("case-mgmt")
        # … and workforce's staffing facts
        if "workforce" in self.only:
            env["CARENET_INDICATORS_WORKFORCE_URL"] = self.service_url("workforce")
        # case-mgmt's referrals name the resource directory's entries
        if "resources" in self.only:
            env["CARENET_CASE_MGMT_RESOURCES_URL"] = self.gateway_url + "/resources"
        # workforce's caseload view asks case-mgmt through the gateway with the caller's token
        if "case-mgmt" in self.only:
            env["CARENET_WORKFORCE_CASE_MGMT_URL"] = self.gateway_url + "/case-mgmt"
        # eap's crisis answer names the resources directory's crisis lines
        if "resources" in self.only:
            env["CARENET_EAP_RESOURCES_URL"] = self.service_url("resources")
        return env

    def migrate_all(self) -> None:
        env = self.full_env()
        for s in SERVICES:
            if s.name in self.only:
                migrate(s, env)

    def _spawn(self, name: str, factory: str, port: int) -> subprocess.Popen[bytes]:
        out: Any = subprocess.DEVNULL
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "ab")
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                factory,
                "--host",
                self.host,
                "--port",
                str(port),
                "--no-access-log",
                "--log-level",
                "warning",
                "--timeout-graceful-shutdown",
                "5",
            ],
            env=self.full_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    def start(self, name: str) -> None:
        if name == "gateway":
            self.procs[name] = self._spawn("gateway", "carenet_gateway.main:create_app", self.gateway_port)
        elif name == "console":
            assert self.console_port is not None
            self.procs[name] = self._spawn("console", "carenet_console.main:create_app", self.console_port)
        else:
            spec = next(s for s in SERVICES if s.name == name)
            self.procs[name] = self._spawn(name, spec.factory, self.ports[name])

    def start_all(self) -> None:
        for name in self.only:
            self.start(name)
        self.start("gateway")
        if self.console_port is not None:
            self.start("console")

    def wait_healthy(self, timeout: float = 90.0, names: list[str] | None = None) -> None:
        names = names or [*self.only, "gateway", *(["console"] if self.console_port is not None else [])]
        deadline = time.monotonic() + timeout
        pending = set(names)
        while pending:
            for name in list(pending):
                proc = self.procs.get(name)
                if proc is not None and proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode} while starting:\n{self.log_tail(name)}")
                url = (
                    self.gateway_url
                    if name == "gateway"
                    else f"http://{self.host}:{self.console_port}"
                    if name == "console"
                    else self.service_url(name)
                )
                try:
                    if httpx.get(url + "/health", timeout=1.0).status_code in (200, 503):
                        pending.discard(name)
                except httpx.HTTPError:
                    pass
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"not healthy after {timeout}s: {sorted(pending)}")
            if pending:
                time.sleep(0.2)

    def log_tail(self, name: str, lines: int = 30) -> str:
        if self.log_dir is None or not (self.log_dir / f"{name}.log").exists():
            return "(no log)"
        return "\n".join((self.log_dir / f"{name}.log").read_text(errors="replace").splitlines()[-lines:])

    def stop(self, name: str, *, kill: bool = False) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.stop(name)
