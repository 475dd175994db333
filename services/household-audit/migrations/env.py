"""Alembic environment of household-audit: its own history, version table in its own schema."""

from carenet_core.migrations import run_env
from carenet_household_audit import models  # noqa: F401  (registers the tables)
from carenet_household_audit.config import Settings

run_env(Settings)
