"""Small request dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

IfMatch = Annotated[str | None, Header(alias="If-Match", description="the ETag last read")]
