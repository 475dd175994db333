"""`make run`: migrate every service, start the four services and the gateway, stop them all on Ctrl-C."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from carenet_testing.stack import CONSOLE_PORT, GATEWAY_PORT, ROOT, SERVICES, Stack


def main() -> int:
    data_dir = Path(os.environ.get("CARENET_DATA_DIR", ROOT / "var")).resolve()
    env = {
        "CARENET_ENV": os.environ.get("CARENET_ENV", "dev"),
        "CARENET_DATA_DIR": str(data_dir),
        "CARENET_LOG_JSON": os.environ.get("CARENET_LOG_JSON", "true"),
    }
    # CARENET_DEV_PORT moves the whole set (gateway on it, the services and the console above it),
    # e.g. to run a second copy beside a first, or `make demo` inside the tests.
    shift = int(os.environ.get("CARENET_DEV_PORT", GATEWAY_PORT)) - GATEWAY_PORT
    stack = Stack(
        env=env,
        log_dir=data_dir / "logs",
        gateway_port=GATEWAY_PORT + shift,
        ports={s.name: s.port + shift for s in SERVICES},
        console_port=CONSOLE_PORT + shift,
    )
    where = (os.environ.get("DATABASE_URL") and "PostgreSQL (DATABASE_URL)") or f"embedded SQLite in {data_dir}"
    print(f"CareNet: migrating ({where}) …", flush=True)
    stack.migrate_all()

    def shutdown(*_: object) -> None:
        print("\nCareNet: stopping …", flush=True)
        stack.stop_all()
        sys.exit(0)

    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    stack.start_all()
    try:
        stack.wait_healthy(timeout=90)
    except Exception as exc:
        print(f"CareNet failed to start: {exc}; logs in {data_dir / 'logs'}", file=sys.stderr)
        stack.stop_all()
        return 1
    url = stack.gateway_url
    if "--demo" in sys.argv:
        from demo import main as load_demo  # tools/demo.py: a fictional county through the public API

        print("CareNet: loading the demo county …", flush=True)
        load_demo(["--gateway", url])
    print(
        f"""
CareNet is up: {url}   (API docs: {url}/docs, health: {url}/health, logs: {data_dir / "logs"})

The console (web pages for auditors, supervisors, county admins, the ministry, EAP admins):
  {stack.console_url}   (in dev: pick a role and a county on its login page)

Get a development token and make a first call:
  TOKEN=$(curl -s -X POST {url}/auth/dev-token -H 'content-type: application/json' \\
    -d '{{"sub":"cw-001","roles":["case_worker"],"county":"TW-MIA","district":"頭份市"}}' \\
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
  curl -s {url}/case-mgmt/v1/worklist -H "Authorization: Bearer $TOKEN"

Press Ctrl-C to stop everything.""",
        flush=True,
    )
    while True:
        time.sleep(1)
        for name, proc in list(stack.procs.items()):
            if proc.poll() is not None:
                print(
                    f"CareNet: {name} exited ({proc.returncode}); see {data_dir / 'logs' / (name + '.log')}",
                    file=sys.stderr,
                    flush=True,
                )
                stack.procs.pop(name)


if __name__ == "__main__":
    sys.exit(main())
