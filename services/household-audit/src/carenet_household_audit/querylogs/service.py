"""Ingest of query-log batches: validate record by record, protect the subject, ticket, bulk insert."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, select, text, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from ..config import Settings
from ..dbutil import insert_ignore, is_pg, lock_months
from ..sampling.models import Sampling
from ..sampling.rules import ticket_prefix
from ..sampling.seeds import ensure_seeds
from ..units.models import ServedCase
from ..units.service import unit_counties
from .models import QueryLog
from .rules import CleanRecord, clean_record
from .schemas import IngestResult, LateRecord, Rejected

_PG_INSERT = text("""
WITH ins AS (
    INSERT INTO query_logs (id, county, month, unit, user_id, queried_at, subject_hmac, subject_last4,
                            purpose, case_ref, ticket, matches_case, late, received_at)
    SELECT r.*, CAST(:received_at AS timestamptz)
    FROM unnest(CAST(:id AS uuid[]), CAST(:county AS text[]), CAST(:month AS text[]), CAST(:unit AS text[]),
                CAST(:user_id AS text[]), CAST(:queried_at AS timestamptz[]), CAST(:subject_hmac AS bytea[]),
                CAST(:subject_last4 AS text[]), CAST(:purpose AS text[]), CAST(:case_ref AS text[]),
                CAST(:ticket AS bytea[]), CAST(:matches_case AS boolean[]), CAST(:late AS boolean[])) AS r
    ON CONFLICT (id) DO NOTHING
    RETURNING id, late
)
SELECT count(*), array_agg(id::text) FILTER (WHERE late) FROM ins
""")
_SQLITE_CHUNK = 2000


async def ingest_query_logs(*, session: AsyncSession, records: list[Any], settings: Settings,
                            now: datetime | None = None) -> IngestResult:
    """Store each valid record once (by id); name every rejected record; report late ones."""
    now = now or datetime.now(UTC)
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
    await lock_months(session, sorted(pairs), shared=True)
    seeds = await ensure_seeds(session, pairs, now=now)
    drawn = {(c, m): sid for c, m, sid in (await session.execute(
        select(Sampling.county, Sampling.month, Sampling.id)
        .where(tuple_(Sampling.county, Sampling.month).in_(sorted(pairs))))).all()}
    served = await _served(session, clean)

    key = settings.subject_hmac_key.get_secret_value().encode()
    prefixes: dict[tuple[str, str, str], bytes] = {}
    rows: dict[str, list[Any]] = {k: [] for k in ("id", "county", "month", "unit", "user_id", "queried_at",
                                                  "subject_hmac", "subject_last4", "purpose", "case_ref",
                                                  "ticket", "matches_case", "late")}
    sha256 = hashlib.sha256
    for _, r in clean:
        pk = (r.county, r.month, r.unit)
        prefix = prefixes.get(pk)
        if prefix is None:
            prefix = prefixes[pk] = ticket_prefix(seeds[(r.county, r.month)].seed, r.unit, r.month)
        rows["id"].append(r.id)
        rows["county"].append(r.county)
        rows["month"].append(r.month)
        rows["unit"].append(r.unit)
        rows["user_id"].append(r.user_id)
        rows["queried_at"].append(r.queried_at)
        rows["subject_hmac"].append(hmac.new(key, r.subject_national_id.encode(), "sha256").digest())
        rows["subject_last4"].append(r.subject_national_id[-4:])
        rows["purpose"].append(r.purpose)
        rows["case_ref"].append(r.case_ref)
        rows["ticket"].append(sha256(prefix + r.id.encode()).digest())
        rows["matches_case"].append(r.case_ref is not None and (r.unit, r.case_ref) in served)
        rows["late"].append((r.county, r.month) in drawn)

    if is_pg(session):
        res = (await session.execute(_PG_INSERT, {**rows, "received_at": now})).one()
        accepted, late_ids = int(res[0]), set(res[1] or ())
    else:
        accepted, late_ids = await _insert_sqlite(session, rows, now)

    late: list[LateRecord] = []
    if late_ids:
        for i, r in clean:
            if r.id in late_ids:
                late.append(LateRecord(index=i, id=r.id, county=r.county, month=r.month,
                                       sampling_id=str(drawn[(r.county, r.month)])))
    return IngestResult(accepted=accepted, duplicates=repeated + (len(clean) - accepted), rejected=rejected, late=late)


async def _served(session: AsyncSession, clean: list[tuple[int, CleanRecord]]) -> set[tuple[str, str]]:
    """(unit, case_ref) pairs of the batch that point at a case the unit serves."""
    refs = sorted({r.case_ref for _, r in clean if r.case_ref})
    if not refs:
        return set()
    units = sorted({r.unit for _, r in clean})
    stmt = select(ServedCase.unit, ServedCase.case_ref).where(
        ServedCase.unit.in_(units), ServedCase.case_ref.in_(bindparam("refs", expanding=True)))
    return {(u, c) for u, c in (await session.execute(stmt, {"refs": refs})).all()}


async def _insert_sqlite(session: AsyncSession, rows: dict[str, list[Any]], now: datetime) -> tuple[int, set[str]]:
    names = list(rows)
    n = len(rows["id"])
    table = QueryLog.__table__
    accepted, late_ids = 0, set()
    for start in range(0, n, _SQLITE_CHUNK):
        chunk = [{k: rows[k][i] for k in names} | {"received_at": now}
                 for i in range(start, min(n, start + _SQLITE_CHUNK))]
        for c in chunk:
            c["id"] = uuid.UUID(c["id"])
        stmt = insert_ignore(session, table).values(chunk).returning(table.c.id, table.c.late)
        for rid, late in (await session.execute(stmt)).all():
            accepted += 1
            if late:
                late_ids.add(str(rid))
    return accepted, late_ids
