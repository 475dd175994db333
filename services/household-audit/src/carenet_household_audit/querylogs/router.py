"""HTTP routes of query-log ingest."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Request

from . import service
from .schemas import IngestBatch, IngestResult

router = APIRouter(tags=["query-logs"])


@router.post("/v1/query-logs", response_model=IngestResult, responses=problems(403, 422))
async def ingest(
    body: IngestBatch,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, require_roles("system")],
) -> IngestResult:
    """Store a batch of up to 10 000 query logs: a repeated `id` is a duplicate, a bad record is rejected alone.

    Already idempotent by record id, so a retried batch stores nothing twice.
    """
    return await service.ingest_query_logs(session=session, records=body.records, settings=request.app.state.settings)
