"""The physical limit of case-mgmt's design: a bare Starlette + asyncpg app on case-mgmt's own tables.

It does only the database work CareNet's two hottest calls do, in one transaction each, on the same
database and schema, and runs as its own uvicorn process like the services (`physical_limit.py`):

    GET  /v1/cases/{id}          SELECT the case row; INSERT its access-trail row (action `read`)
    POST /v1/cases/{id}/visits   SELECT the case row FOR UPDATE; INSERT the visit (ON CONFLICT (id) DO NOTHING:
                                 the phone's id makes a resend a read); UPDATE the case row; INSERT the
                                 trail row (action `visit`); INSERT the `visit.recorded` outbox event

The trail row carries the same columns `carenet_core.trail.record_access` writes; its hash chain is
computed later by the linker, not in the request, so no hashing here either. The case UPDATE bumps
`version` and, when case-mgmt stores the standing (`next_visit_due`), moves that indexed column too,
as recording a visit does. What it leaves out is what CareNet adds on top of the database: JWT
verification (the token's claims are read, not checked), request validation, the standing rules,
idempotency keys, response models.

    uvicorn --app-dir bench --factory baseline_app:create_app
    BENCH_BASELINE_DATABASE_URL=postgresql://…  BENCH_BASELINE_SCHEMA=case_mgmt (default)
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

TAIPEI = timezone(timedelta(hours=8))
LATE_AFTER_DAYS = 7

SELECT_CASE = "SELECT * FROM cases WHERE id = $1"
# a visit rewrites the case's standing facts: the row is locked first, so two visits to one case queue up
LOCK_CASE = SELECT_CASE + " FOR UPDATE"
INSERT_TRAIL = (
    "INSERT INTO access_trail (at, actor, role, action, resource, person_ref, request_id) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)"
)
INSERT_VISIT = (
    "INSERT INTO visits (id, case_id, county, district, kinds, visitor, visited_at, visit_date, received_at, "
    "method, outcome, seen, assessment, note, tier_recommendation, late, version) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1) "
    "ON CONFLICT (id) DO NOTHING RETURNING id"
)
INSERT_EVENT = "INSERT INTO outbox (type, occurred_at, data) VALUES ($1, $2, $3)"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _claims(request: Request) -> dict[str, Any]:
    """The bearer token's claims, read without verifying the signature (the baseline's only shortcut on auth)."""
    token = request.headers.get("authorization", "").removeprefix("Bearer ")
    try:
        payload = token.split(".")[1]
        return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))
    except (IndexError, ValueError):
        return {}


def _may_see(claims: dict[str, Any], case: asyncpg.Record) -> bool:
    county, district = claims.get("county"), claims.get("district")
    return (county is None or county == case["county"]) and (district is None or district == case["district"])


def _row(record: asyncpg.Record) -> Response:
    return Response(_dumps(dict(record)), media_type="application/json")


def _not_found() -> JSONResponse:
    return JSONResponse({"status": 404, "code": "case_not_found"}, status_code=404)


class Baseline:
    def __init__(self, url: str, schema: str) -> None:
        self.url, self.schema = url, schema
        self.pool: asyncpg.Pool | None = None
        self.stores_next_visit_due = False

    async def start(self) -> None:
        self.pool = await asyncpg.create_pool(
            self.url, min_size=2, max_size=20, server_settings={"search_path": self.schema}
        )
        async with self.pool.acquire() as conn:
            cols = await conn.fetch(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'cases'",
                self.schema,
            )
        self.stores_next_visit_due = any(c["column_name"] == "next_visit_due" for c in cols)

    async def trail(self, conn: asyncpg.Connection, request: Request, claims: dict[str, Any], **kw: Any) -> None:
        await conn.execute(
            INSERT_TRAIL,
            datetime.now(UTC),
            str(claims.get("sub", "")),
            ",".join(sorted(claims.get("roles", []))),
            kw["action"],
            kw["resource"],
            kw["person_ref"],
            request.headers.get("x-request-id") or uuid.uuid4().hex,
        )

    async def read_case(self, request: Request) -> Response:
        assert self.pool is not None
        case_id, claims = request.path_params["case_id"], _claims(request)
        async with self.pool.acquire() as conn, conn.transaction():
            case = await conn.fetchrow(SELECT_CASE, case_id)
            if case is None or not _may_see(claims, case):
                return _not_found()
            await self.trail(
                conn, request, claims, action="read", resource=f"case/{case_id}", person_ref=case["person_key"]
            )
        return _row(case)

    async def record_visit(self, request: Request) -> Response:
        assert self.pool is not None
        case_id, claims = request.path_params["case_id"], _claims(request)
        body = await request.json()
        received_at = datetime.now(UTC)
        visited_at = datetime.fromisoformat(body["visited_at"])
        visit_date: date = visited_at.astimezone(TAIPEI).date()
        outcome = body["outcome"]
        seen = body.get("seen") or ("person" if outcome == "met" else None)
        late = received_at - visited_at > timedelta(days=LATE_AFTER_DAYS)
        async with self.pool.acquire() as conn, conn.transaction():
            case = await conn.fetchrow(LOCK_CASE, case_id)
            if case is None or not _may_see(claims, case):
                return _not_found()
            visit = {
                "id": body["id"],
                "case_id": case_id,
                "county": case["county"],
                "district": case["district"],
                "kinds": json.loads(case["kinds"]),
                "visitor": str(claims.get("sub", "")),
                "visited_at": visited_at.isoformat(),
                "visit_date": visit_date.isoformat(),
                "received_at": received_at.isoformat(),
                "method": body["method"],
                "outcome": outcome,
                "seen": seen,
                "assessment": body.get("assessment"),
                "note": body.get("note"),
                "tier_recommendation": body.get("tier_recommendation"),
                "late": late,
                "version": 1,
            }
            inserted = await conn.fetchval(
                INSERT_VISIT,
                visit["id"],
                case_id,
                case["county"],
                case["district"],
                case["kinds"],
                visit["visitor"],
                visited_at,
                visit_date,
                received_at,
                visit["method"],
                outcome,
                seen,
                None if visit["assessment"] is None else _dumps(visit["assessment"]),
                visit["note"],
                visit["tier_recommendation"],
                late,
            )
            if inserted is None:  # the same phone id again: the stored visit, nothing new
                stored = await conn.fetchrow("SELECT * FROM visits WHERE id = $1", visit["id"])
                return _row(stored) if stored is not None else _not_found()
            if self.stores_next_visit_due:
                await conn.execute(
                    "UPDATE cases SET version = version + 1, next_visit_due = $2 WHERE id = $1",
                    case_id,
                    visit_date + timedelta(days=30),
                )
            else:
                await conn.execute("UPDATE cases SET version = version + 1 WHERE id = $1", case_id)
            await self.trail(
                conn,
                request,
                claims,
                action="visit",
                resource=f"case/{case_id}/visits",
                person_ref=case["person_key"],
            )
            event = {k: visit[k] for k in ("case_id", "county", "district", "kinds", "visited_at", "visit_date")}
            event |= {k: visit[k] for k in ("method", "outcome", "seen", "late")}
            event |= {"visit_id": visit["id"], "face_to_face": visit["method"].startswith("face_to_face")}
            await conn.execute(INSERT_EVENT, "visit.recorded", received_at, _dumps(event))
        return Response(_dumps(visit), status_code=201, media_type="application/json")

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})


def create_app() -> Starlette:
    baseline = Baseline(
        os.environ.get("BENCH_BASELINE_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
        os.environ.get("BENCH_BASELINE_SCHEMA", "case_mgmt"),
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await baseline.start()
        yield
        if baseline.pool is not None:
            await baseline.pool.close()

    return Starlette(
        routes=[
            Route("/health", baseline.health),
            Route("/v1/cases/{case_id}", baseline.read_case),
            Route("/v1/cases/{case_id}/visits", baseline.record_visit, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
