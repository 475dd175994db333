"""Alembic environment of case-mgmt: its own history, version table in its own schema."""

from carenet_case_mgmt import models  # noqa: F401  (registers the tables)
from carenet_case_mgmt.config import Settings
from carenet_core.migrations import run_env

run_env(Settings)
