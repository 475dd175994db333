"""ETags of single resources (a hash of the representation)."""

from __future__ import annotations

import hashlib

from fastapi import Response
from pydantic import BaseModel


def etag_of(model: BaseModel) -> str:
    return 'W/"' + hashlib.sha256(model.model_dump_json().encode()).hexdigest()[:32] + '"'


def set_etag(response: Response, model: BaseModel) -> None:
    response.headers["ETag"] = etag_of(model)
