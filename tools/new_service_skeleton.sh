#!/usr/bin/env bash
# Lays out the empty shape of a service (used once per service; kept for the next one).
# usage: tools/new_service_skeleton.sh case-mgmt case_mgmt "CareNet case management" [YYYY-MM-DD]
# The initial migration is dated with the last argument (default: today), as the house dates migrations.
set -euo pipefail
dir=$1; pkg=$2; title=$3; day=${4:-$(date +%F)}
upper=$(echo "$pkg" | tr a-z A-Z)
# Migrations are named by the day they are written (YYYY-MM-DD_slug.py); SKELETON_DATE overrides.
day=${SKELETON_DATE:-$(date +%Y-%m-%d)}
root=services/$dir
mkdir -p "$root/src/carenet_$pkg" "$root/migrations/versions" "$root/tests"
cat > "$root/README.md" <<EOT
# $title

What this service does, who calls it, and the public paths it serves (\`/$dir/v1/...\` through the gateway).

## Rules → seed → function
| rule | seed (file, the Chinese words) | function |
|---|---|---|

## Decisions where the seeds are silent
EOT
cat > "$root/pyproject.toml" <<EOT
[project]
name = "carenet-$dir"
version = "0.1.0"
description = "$title"
requires-python = ">=3.11"
dependencies = ["carenet-core"]

[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[tool.setuptools.packages.find]
where = ["src"]
EOT
cat > "$root/alembic.ini" <<EOT
[alembic]
script_location = %(here)s/migrations
file_template = %%(year)d-%%(month).2d-%%(day).2d_%%(slug)s
prepend_sys_path = src
path_separator = os
# The URL comes from CARENET_${upper}_DATABASE_URL / DATABASE_URL (see config.py) unless set here.
sqlalchemy.url =

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = logging.StreamHandler
args = (sys.stderr,)
formatter = generic

[formatter_generic]
format = %(levelname)s [%(name)s] %(message)s
EOT
cat > "$root/migrations/env.py" <<EOT
"""Alembic environment of $dir: its own history, version table in its own schema."""

from carenet_core.migrations import run_env
from carenet_$pkg import models  # noqa: F401  (registers the tables)
from carenet_$pkg.config import Settings

run_env(Settings)
EOT
cat > "$root/migrations/script.py.mako" <<'EOT'
"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
EOT
cat > "$root/migrations/versions/${day}_initial.py" <<EOT
"""initial: the shared plumbing tables (idempotency, access trail, outbox, feed cursors)

Revision ID: ${pkg}_0001
Revises:
Create Date: ${day}
"""

from carenet_core.migrations import create_core_tables, drop_core_tables

revision = "${pkg}_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_core_tables()


def downgrade() -> None:
    drop_core_tables()
EOT
cat > "$root/src/carenet_$pkg/__init__.py" <<EOT
"""$title."""
EOT
cat > "$root/src/carenet_$pkg/models.py" <<EOT
"""Every table of $dir, imported so that alembic and the app see them all."""

from carenet_core import consumer, idempotency, outbox, trail  # noqa: F401
EOT
cat > "$root/src/carenet_$pkg/config.py" <<EOT
"""Settings of $dir (env prefix CARENET_${upper}_)."""

from __future__ import annotations

from typing import ClassVar

from carenet_core.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_${upper}_", populate_by_name=True, extra="ignore")

    service_name: ClassVar[str] = "$dir"
    db_schema: ClassVar[str] = "$pkg"
EOT
cat > "$root/src/carenet_$pkg/main.py" <<EOT
"""create_app(): routers, handlers, lifespan — nothing else."""

from __future__ import annotations

from carenet_core.app import build_service_app
from fastapi import FastAPI

from .config import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(settings=settings or Settings(), title="$title", routers=[])
EOT
cat > "$root/tests/conftest.py" <<EOT
from pathlib import Path

import pytest
from carenet_$pkg.config import Settings
from carenet_$pkg.main import create_app
from carenet_testing.plugin import ServiceHarness


@pytest.fixture(scope="session")
def harness() -> ServiceHarness:
    return ServiceHarness(service_dir=Path(__file__).parents[1], settings_cls=Settings, create_app=create_app)
EOT
# The import order ruff wants depends on the package's name (carenet_testing sorts among the carenet_*).
if [ -x .venv/bin/ruff ]; then
  .venv/bin/ruff check -q --fix --select I "$root" && .venv/bin/ruff format -q "$root"
fi
