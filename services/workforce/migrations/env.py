"""Alembic environment of workforce: its own history, version table in its own schema."""

from carenet_core.migrations import run_env
from carenet_workforce import models  # noqa: F401  (registers the tables)
from carenet_workforce.config import Settings

run_env(Settings)
