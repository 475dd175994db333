"""`/health` (the process answers) and `/ready` (its database answers)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse


def health_router(service: str) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/health")
    async def health() -> dict[str, str]:
        """Liveness: the process is up."""
        return {"status": "ok", "service": service}

    @router.get("/ready", responses={503: {"description": "database unreachable"}})
    async def ready(request: Request) -> JSONResponse:
        """Readiness: the service's database answers."""
        ok = await request.app.state.db.ping()
        return JSONResponse(
            {"status": "ok" if ok else "down", "service": service, "database": ok}, status_code=200 if ok else 503
        )

    return router
