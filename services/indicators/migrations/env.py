"""Alembic environment of indicators: its own history, version table in its own schema."""

from carenet_core.migrations import run_env
from carenet_indicators import models  # noqa: F401  (registers the tables)
from carenet_indicators.config import Settings

run_env(Settings)
