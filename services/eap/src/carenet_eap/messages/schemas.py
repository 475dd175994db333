"""Bodies of the employee's inbox."""

from __future__ import annotations

from carenet_core.clock import to_utc
from pydantic import AwareDatetime, BaseModel

from .models import Message, MessageKind


class MessageOut(BaseModel):
    id: str
    kind: MessageKind
    title: str
    body: str
    bsrs5_invite: bool
    created_at: AwareDatetime
    read_at: AwareDatetime | None = None

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "id": "3f1e2d3c-4b5a-4c6d-8e7f-9a0b1c2d3e4f",
                    "kind": "eap_info",
                    "title": "員工協助方案關懷訊息",
                    "body": "得知您正經歷親人離世之痛，我們深表關懷。…",
                    "bsrs5_invite": True,
                    "created_at": "2026-11-27T01:00:00Z",
                    "read_at": None,
                }
            ]
        }
    }


def message_out(m: Message) -> MessageOut:
    return MessageOut(
        id=m.id,
        kind=m.kind,
        title=m.title,
        body=m.body,
        bsrs5_invite=m.bsrs5_invite,
        created_at=to_utc(m.created_at),
        read_at=to_utc(m.read_at) if m.read_at else None,
    )
