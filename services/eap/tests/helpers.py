"""Shared test helpers: register a counsellor, publish slots, book."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
from carenet_core import clock

ADMIN = {"roles": ("eap_admin",), "sub": "hr-admin-1"}


def at(days: float = 1, hour: int = 9, minute: int = 0) -> datetime:
    """A whole-hour instant `days` from now (UTC), far enough ahead for the minimum notice."""
    base = clock.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=days)
    return base.replace(hour=hour, minute=minute)


async def make_counsellor(
    client: httpx.AsyncClient,
    auth: Any,
    *,
    name: str = "林心怡",
    kinds: list[str] | None = None,
    gender: str = "F",
    user_sub: str | None = None,
    modes: list[str] | None = None,
) -> dict[str, Any]:
    r = await client.post(
        "/v1/counsellors",
        headers=auth("eap_admin", sub="hr-admin-1"),
        json={
            "name": name,
            "kinds": kinds or ["psychological"],
            "gender": gender,
            "modes": modes or ["in_person", "video", "phone"],
            "languages": ["zh-TW"],
            "user_sub": user_sub,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


async def make_slots(
    client: httpx.AsyncClient,
    auth: Any,
    counsellor_id: str,
    starts: list[datetime],
    minutes: int = 50,
    mode: str = "in_person",
) -> list[dict[str, Any]]:
    r = await client.post(
        f"/v1/counsellors/{counsellor_id}/slots",
        headers=auth("eap_admin"),
        json={
            "slots": [
                {"starts_at": s.isoformat(), "ends_at": (s + timedelta(minutes=minutes)).isoformat(), "mode": mode}
                for s in starts
            ]
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["items"]


async def book(
    client: httpx.AsyncClient, auth: Any, slot_id: str, *, sub: str = "emp-1", kind: str = "psychological", **extra: Any
) -> httpx.Response:
    return await client.post(
        "/v1/bookings",
        headers=auth("employee", sub=sub, agency="工務局"),
        json={"slot_id": slot_id, "kind": kind, **extra},
    )
