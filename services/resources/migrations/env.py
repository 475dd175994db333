"""Alembic environment of resources: its own history, version table in its own schema."""

from carenet_core.migrations import run_env
from carenet_resources import models  # noqa: F401  (registers the tables)
from carenet_resources.config import Settings

run_env(Settings)
