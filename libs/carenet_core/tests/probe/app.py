"""The probe service: widgets that are written idempotently, emit events and leave trail rows."""

from __future__ import annotations

import uuid
from typing import ClassVar

from carenet_core.app import build_service_app
from carenet_core.auth import CurrentPrincipal
from carenet_core.db import Base, SessionDep
from carenet_core.errors import NotFound
from carenet_core.idempotency import IdempotencyDep
from carenet_core.outbox import emit
from carenet_core.settings import ServiceSettings
from carenet_core.trail import record_access
from fastapi import APIRouter, FastAPI
from pydantic import BaseModel
from pydantic_settings import SettingsConfigDict
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class ProbeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CARENET_PROBE_", populate_by_name=True, extra="ignore")
    service_name: ClassVar[str] = "probe"
    db_schema: ClassVar[str] = "core_probe"


class Widget(Base):
    __tablename__ = "probe_widgets"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class WidgetIn(BaseModel):
    name: str


router = APIRouter()


@router.post("/v1/widgets", status_code=201)
async def create_widget(body: WidgetIn, session: SessionDep, principal: CurrentPrincipal, idem: IdempotencyDep):
    if (replay := await idem.replay(session)) is not None:
        return replay
    w = Widget(id=str(uuid.uuid4()), name=body.name)
    session.add(w)
    emit(session, "widget.created", {"id": w.id, "name": w.name})
    await record_access(session, principal=principal, action="create", resource=f"widget/{w.id}", person_ref=w.id)
    return await idem.respond(session, 201, {"id": w.id, "name": w.name}, headers={"Location": f"/v1/widgets/{w.id}"})


@router.get("/v1/widgets/{widget_id}")
async def read_widget(widget_id: str, session: SessionDep, principal: CurrentPrincipal):
    w = await session.get(Widget, widget_id)
    if w is None:
        raise NotFound("no such widget")
    await record_access(session, principal=principal, action="read", resource=f"widget/{w.id}", person_ref=w.id)
    return {"id": w.id, "name": w.name}


def create_app(settings: ProbeSettings | None = None) -> FastAPI:
    return build_service_app(settings=settings or ProbeSettings(), title="probe", routers=[router])
