"""Alembic environment of eap: its own history, version table in its own schema."""

from carenet_core.migrations import run_env
from carenet_eap import models  # noqa: F401  (registers the tables)
from carenet_eap.config import Settings

run_env(Settings)
