"""Small request dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Request

IfMatch = Annotated[str | None, Header(alias="If-Match", description="the ETag last read")]


def person_secret(request: Request) -> str:
    return request.app.state.settings.person_key_secret.get_secret_value()
