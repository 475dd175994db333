#!/opt/venv/bin/python
"""`carenet`: the container's entrypoint — serve, migrate, wait for migrations, health-check.

    carenet serve [NAME]          run NAME's HTTP server (uvicorn) on its port
    carenet migrate [NAME]        alembic upgrade head for NAME (the gateway has no database: no-op)
    carenet wait-migrated [NAME]  block until NAME's database is at the migrations' head (init container)
    carenet check [NAME] [PATH]   exit 0 when http://127.0.0.1:<port><PATH> answers 2xx (default /ready)
    carenet token SUB ROLE[,ROLE] [DAYS] [claim=value ...]
                                  print an HS256 token signed with $CARENET_JWT_SECRET (e.g. the indicators
                                  service's system token for case-mgmt's feed); with an OIDC issuer, get it there
    carenet <anything else>       exec'd as given (e.g. `carenet python -V`)

NAME is one of gateway, case-mgmt, indicators, eap, household-audit, workforce, resources, console and defaults to $CARENET_SERVICE.
Environment: CARENET_PORT (default: the process's usual port), CARENET_HOST (0.0.0.0), CARENET_WORKERS (1),
CARENET_FORWARDED_ALLOW_IPS (*), CARENET_MIGRATE_TIMEOUT (600 s), CARENET_APP_ROOT (/app).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Process:
    name: str
    package: str
    port: int
    has_database: bool = True


PROCESSES = {
    p.name: p
    for p in (
        Process("gateway", "carenet_gateway", 8000, has_database=False),
        Process("case-mgmt", "carenet_case_mgmt", 8001),
        Process("indicators", "carenet_indicators", 8002),
        Process("eap", "carenet_eap", 8003),
        Process("household-audit", "carenet_household_audit", 8004),
        Process("workforce", "carenet_workforce", 8005),
        Process("resources", "carenet_resources", 8006),
        Process("console", "carenet_console", 8007, has_database=False),
    )
}


class UsageError(Exception):
    pass


def resolve(name: str | None, env: dict[str, str]) -> Process:
    name = name or env.get("CARENET_SERVICE") or "gateway"
    if name not in PROCESSES:
        raise UsageError(f"unknown process {name!r}; one of: {', '.join(PROCESSES)}")
    return PROCESSES[name]


def port_of(proc: Process, env: dict[str, str]) -> int:
    return int(env.get("CARENET_PORT") or proc.port)


def serve_argv(proc: Process, env: dict[str, str]) -> list[str]:
    """The uvicorn command line: JSON access lines come from the app, so uvicorn's own are off."""
    return [
        "uvicorn", "--factory", f"{proc.package}.main:create_app",
        "--host", env.get("CARENET_HOST", "0.0.0.0"),
        "--port", str(port_of(proc, env)),
        "--workers", str(int(env.get("CARENET_WORKERS", "1"))),
        "--proxy-headers", "--forwarded-allow-ips", env.get("CARENET_FORWARDED_ALLOW_IPS", "*"),
        "--no-access-log", "--timeout-graceful-shutdown", "20",
    ]


def alembic_ini(proc: Process, env: dict[str, str]) -> Path:
    return Path(env.get("CARENET_APP_ROOT", "/app")) / "services" / proc.name / "alembic.ini"


def migrate_argv(proc: Process, env: dict[str, str]) -> list[str] | None:
    if not proc.has_database:
        return None
    return ["alembic", "-c", str(alembic_ini(proc, env)), "upgrade", "head"]


def _heads(proc: Process, env: dict[str, str]) -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    ini = alembic_ini(proc, env)
    cfg = Config(str(ini))
    cfg.set_main_option("script_location", str(ini.parent / "migrations"))
    return set(ScriptDirectory.from_config(cfg).get_heads())


async def _current(proc: Process) -> set[str]:
    import importlib

    from carenet_core.db import async_url, is_postgres_url
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    settings_cls = importlib.import_module(f"{proc.package}.config").Settings
    url = async_url(settings_cls().database_url or "")
    table = f'"{settings_cls.db_schema}".alembic_version' if is_postgres_url(url) else "alembic_version"
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return {r[0] for r in (await conn.execute(text(f"SELECT version_num FROM {table}"))).all()}
    finally:
        await engine.dispose()


def wait_migrated(proc: Process, env: dict[str, str]) -> int:
    if not proc.has_database:
        return 0
    heads = _heads(proc, env)
    deadline = time.monotonic() + float(env.get("CARENET_MIGRATE_TIMEOUT", "600"))
    while True:
        try:
            current = asyncio.run(_current(proc))
            if current == heads:
                print(f"{proc.name}: database at head {sorted(heads)}", flush=True)
                return 0
            detail = f"at {sorted(current)}, want {sorted(heads)}"
        except Exception as exc:  # not reachable yet, or not migrated at all
            detail = f"{type(exc).__name__}"
        if time.monotonic() > deadline:
            print(f"{proc.name}: gave up waiting for migrations ({detail})", file=sys.stderr, flush=True)
            return 1
        print(f"{proc.name}: waiting for migrations ({detail})", file=sys.stderr, flush=True)
        time.sleep(3)


def check(proc: Process, env: dict[str, str], path: str = "/ready") -> int:
    url = f"http://127.0.0.1:{port_of(proc, env)}{path}"
    try:
        with urllib.request.urlopen(url, timeout=3) as resp:
            return 0 if 200 <= resp.status < 300 else 1
    except (urllib.error.URLError, OSError):
        return 1


def token(sub: str, roles: list[str], days: int, extra: dict[str, str] | None = None) -> str:
    from carenet_core.auth import mint_dev_token
    from carenet_core.settings import CoreSettings

    return mint_dev_token(CoreSettings(), {**(extra or {}), "sub": sub, "roles": roles}, ttl=days * 86400)


def main(argv: list[str], env: dict[str, str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    cmd, rest = argv[0], argv[1:]
    try:
        if cmd == "serve":
            proc = resolve(rest[0] if rest else None, env)
            args = serve_argv(proc, env)
            os.execvp(args[0], args)
        if cmd == "migrate":
            proc = resolve(rest[0] if rest else None, env)
            args = migrate_argv(proc, env)
            if args is None:
                print(f"{proc.name}: no database, nothing to migrate", flush=True)
                return 0
            os.execvp(args[0], args)
        if cmd == "wait-migrated":
            return wait_migrated(resolve(rest[0] if rest else None, env), env)
        if cmd == "token":
            if len(rest) < 2:
                raise UsageError("usage: carenet token SUB ROLE[,ROLE] [DAYS] [claim=value ...]")
            days = int(rest[2]) if len(rest) > 2 and rest[2].isdigit() else 365
            extra = dict(a.split("=", 1) for a in rest[2:] if "=" in a)
            print(token(rest[0], rest[1].split(","), days, extra))
            return 0
        if cmd == "check":
            name = rest[0] if rest and not rest[0].startswith("/") else None
            path = next((a for a in rest if a.startswith("/")), "/ready")
            return check(resolve(name, env), env, path)
    except UsageError as exc:
        print(f"carenet: {exc}", file=sys.stderr)
        return 2
    os.execvp(cmd, argv)
    return 127  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], dict(os.environ)))
