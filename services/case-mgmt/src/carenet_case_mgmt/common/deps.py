"""Small request dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Request

IfMatch = Annotated[str | None, Header(alias="If-Match", description="the ETag last read")]

# The contract's readers of a person's case; the ministry sees indicators, never named cases.
READ_ROLES = ("case_worker", "supervisor", "county_admin")
WRITE_ROLES = ("case_worker", "supervisor", "county_admin")


def person_secret(request: Request) -> str:
    return request.app.state.settings.person_key_secret.get_secret_value()
