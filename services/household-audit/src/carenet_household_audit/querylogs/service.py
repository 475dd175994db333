"""Ingest of query-log batches: validate record by record, protect the subject, ticket, bulk insert."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import datetime
from typing import Any

import asyncpg
import structlog
from carenet_core import clock
from carenet_core.db import dialect_is_postgres
from sqlalchemy import bindparam, select, text, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..common.db import insert_ignore, lock_months
from ..config import Settings
from ..sampling.models import Sampling
from ..sampling.rules import ticket_prefix
from ..sampling.seeds import ensure_seeds
from ..units.models import ServedCase
from ..units.service import unit_counties
from .models import QueryLog
from .partitions import ensure_partitions
from .rules import CleanRecord, clean_record
from .schemas import IngestResult, LateRecord, Rejected

log = structlog.get_logger("carenet.household_audit.ingest")
_PG_INSERT = text("""
INSERT INTO query_logs (id, county, month, unit, user_id, queried_at, subject_hmac, subject_last4,
                            purpose, case_ref, ticket, matches_case, late, received_at)
    SELECT r.*, CAST(:received_at AS timestamptz)
    FROM unnest(CAST(:id AS uuid[]), CAST(:county AS text[]), CAST(:month AS text[]), CAST(:unit AS text[]),
                CAST(:user_id AS text[]), CAST(:queried_at AS timestamptz[]), CAST(:subject_hmac AS bytea[]),
                CAST(:subject_last4 AS text[]), CAST(:purpose AS text[]), CAST(:case_ref AS text[]),
                CAST(:ticket AS bytea[]), CAST(:matches_case AS boolean[]), CAST(:late AS boolean[])) AS r
ON CONFLICT (id, month) DO NOTHING
RETURNING id::text
""")
COLUMNS = (
    "id",
    "county",
    "month",
    "unit",
    "user_id",
    "queried_at",
    "subject_hmac",
    "subject_last4",
    "purpose",
    "case_ref",
    "ticket",
    "matches_case",
    "late",
    "received_at",
)
_SQLITE_CHUNK = 2000


async def ingest_query_logs(
    *, session: AsyncSession, records: list[Any], settings: Settings, now: datetime | None = None
) -> IngestResult:
    """Store each valid record once (by id); name every rejected record; report late ones."""
    now = now or clock.now()
    codes = {r["unit"] for r in records if isinstance(r, dict) and isinstance(r.get("unit"), str)}
    counties = await unit_counties(session, codes)

    clean: list[tuple[int, CleanRecord]] = []
    rejected: list[Rejected] = []
    seen: set[str] = set()
    repeated = 0
    for i, raw in enumerate(records):
        try:
            rec = clean_record(raw, unit_counties=counties, now=now)
        except ValueError as exc:
            rid = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
            rejected.append(Rejected(index=i, reason=str(exc), id=rid[:64] if rid else None))
            continue
        if rec.id in seen:
            repeated += 1
            continue
        seen.add(rec.id)
        clean.append((i, rec))
    if not clean:
        return IngestResult(accepted=0, duplicates=repeated, rejected=rejected)

    pairs = {(r.county, r.month) for _, r in clean}
    # before this transaction touches query_logs: creating a partition locks the whole table
    await ensure_partitions(session.info.get("db"), {m for _, m in pairs})
    await lock_months(session, sorted(pairs), shared=True)
    seeds = await ensure_seeds(session, pairs, now=now)
    drawn = {
        (c, m): sid
        for c, m, sid in (
            await session.execute(
                select(Sampling.county, Sampling.month, Sampling.id).where(
                    tuple_(Sampling.county, Sampling.month).in_(sorted(pairs))
                )
            )
        ).all()
    }
    served = await _served(session, clean)

    key = settings.subject_hmac_key.get_secret_value().encode()
    prefixes: dict[tuple[str, str, str], bytes] = {}
    sha256, hmac_new = hashlib.sha256, hmac.new
    rows: list[tuple[Any, ...]] = []
    for _, r in clean:
        pk = (r.county, r.month, r.unit)
        prefix = prefixes.get(pk)
        if prefix is None:
            prefix = prefixes[pk] = ticket_prefix(seeds[(r.county, r.month)].seed, r.unit, r.month)
        rows.append(
            (
                r.id,
                r.county,
                r.month,
                r.unit,
                r.user_id,
                r.queried_at,
                hmac_new(key, r.subject_national_id.encode(), "sha256").digest(),
                r.subject_national_id[-4:],
                r.purpose,
                r.case_ref,
                sha256(prefix + r.id.encode()).digest(),
                r.case_ref is not None and (r.unit, r.case_ref) in served,
                (r.county, r.month) in drawn,
                now,
            )
        )

    if dialect_is_postgres(session):
        stored = await _insert_pg(session, rows)
    else:
        stored = await _insert_sqlite(session, rows)

    late: list[LateRecord] = []
    late_samplings = {drawn[(r.county, r.month)] for _, r in clean if r.id in stored and (r.county, r.month) in drawn}
    if late_samplings:  # their late-record counts change: a new ETag
        await session.execute(
            update(Sampling).where(Sampling.id.in_(late_samplings)).values(version=Sampling.version + 1)
        )
    if drawn:
        for i, r in clean:
            if r.id in stored and (r.county, r.month) in drawn:
                late.append(
                    LateRecord(
                        index=i, id=r.id, county=r.county, month=r.month, sampling_id=str(drawn[(r.county, r.month)])
                    )
                )
    accepted = len(stored)
    return IngestResult(accepted=accepted, duplicates=repeated + (len(clean) - accepted), rejected=rejected, late=late)


async def _insert_pg(session: AsyncSession, rows: list[tuple[Any, ...]]) -> set[str]:
    """Store the rows whose id is new; returns their ids.

    The common case is COPY straight into the table (the fastest path PostgreSQL has) after one
    indexed look-up of which ids exist. If a concurrent batch commits one of the same ids in
    between, the COPY fails as a whole and the batch falls back to INSERT … ON CONFLICT DO NOTHING.
    """
    conn = await session.connection()
    raw = (await conn.get_raw_connection()).driver_connection
    assert raw is not None  # asyncpg's connection under the pool's proxy
    ids = [r[0] for r in rows]
    months = sorted({r[2] for r in rows})  # a record's month follows from its queried_at: only those partitions
    existing = {
        rec[0]
        for rec in await raw.fetch(
            "SELECT id::text FROM query_logs WHERE month = ANY($2::text[]) AND id = ANY($1::uuid[])", ids, months
        )
    }
    fresh = [r for r in rows if r[0] not in existing] if existing else rows
    if not fresh:
        return set()
    await raw.execute("SAVEPOINT ingest_copy")
    try:
        await raw.copy_records_to_table("query_logs", records=fresh, columns=COLUMNS)
        await raw.execute("RELEASE SAVEPOINT ingest_copy")
        return {r[0] for r in fresh}
    except asyncpg.UniqueViolationError:
        await raw.execute("ROLLBACK TO SAVEPOINT ingest_copy")
        log.info("ingest_copy_raced", rows=len(fresh))  # a concurrent batch stored some of these ids first
    arrays = {name: list(col) for name, col in zip(COLUMNS, zip(*fresh, strict=True), strict=True)}
    arrays["received_at"] = fresh[0][-1]
    res = await session.execute(_PG_INSERT, arrays)
    return {str(x) for x in res.scalars().all()}


async def _served(session: AsyncSession, clean: list[tuple[int, CleanRecord]]) -> set[tuple[str, str]]:
    """(unit, case_ref) pairs of the batch that point at a case the unit serves."""
    refs = sorted({r.case_ref for _, r in clean if r.case_ref})
    if not refs:
        return set()
    units = sorted({r.unit for _, r in clean})
    stmt = select(ServedCase.unit, ServedCase.case_ref).where(
        ServedCase.unit.in_(units), ServedCase.case_ref.in_(bindparam("refs", expanding=True))
    )
    return {(u, c) for u, c in (await session.execute(stmt, {"refs": refs})).all()}


async def _insert_sqlite(session: AsyncSession, rows: list[tuple[Any, ...]]) -> set[str]:
    table = QueryLog.__table__
    stored: set[str] = set()
    for start in range(0, len(rows), _SQLITE_CHUNK):
        chunk = [
            dict(zip(COLUMNS, r, strict=True)) | {"id": uuid.UUID(r[0])} for r in rows[start : start + _SQLITE_CHUNK]
        ]
        stmt = insert_ignore(session, table).values(chunk).returning(table.c.id)
        stored.update(str(x) for x in (await session.execute(stmt)).scalars().all())
    return stored
