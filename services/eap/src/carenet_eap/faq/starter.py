"""The starter FAQ written from seeds 002 and 004 (starter_faq.json), loaded by migration eap_0006."""

from __future__ import annotations

import json
import uuid
from importlib import resources
from typing import Any

# Fixed ids, so the migration and a reload give each starter entry the same id everywhere.
_NAMESPACE = uuid.UUID("6f1c2a9e-3d4b-4e5f-8a7b-9c0d1e2f3a4b")


def starter_entries() -> list[dict[str, Any]]:
    """The starter entries: key, question, answer, source, keywords — and a stable id per key."""
    raw = json.loads(resources.files(__package__).joinpath("starter_faq.json").read_text(encoding="utf-8"))
    return [{**e, "id": str(uuid.uuid5(_NAMESPACE, e["key"]))} for e in raw]
