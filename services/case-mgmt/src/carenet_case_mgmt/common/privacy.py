"""Masking of national IDs and names in lists, and the keyed person reference."""

from __future__ import annotations

import hashlib
import hmac


def mask_national_id(national_id: str) -> str:
    """`A123456789` → `A12****789`."""
    if len(national_id) < 7:
        return "*" * len(national_id)
    return national_id[:3] + "*" * (len(national_id) - 6) + national_id[-3:]


def mask_name(name: str) -> str:
    """`王小明` → `王*明`, `李四` → `李*`."""
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def person_key(national_id: str, secret: str) -> str:
    """A keyed hash of the national ID: finds one person across cases and plans, and names them in the trail."""
    return hmac.new(secret.encode(), national_id.upper().encode(), hashlib.sha256).hexdigest()
