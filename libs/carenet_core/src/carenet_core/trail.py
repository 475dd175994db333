"""The access trail (存取紀錄): an append-only, hash-chained record of who touched whose record.

A request only INSERTs its row (no lock, no read of the chain head), so the trail never
serialises requests. A single linker — one background task, elected by an advisory lock across
replicas — later walks the unlinked rows in id order and gives each its place in the chain
(`chain_seq`), the previous row's hash, and its own hash. `verify_chain()` recomputes every hash:
an edited row breaks its own hash, a deleted one leaves a gap in `chain_seq` or a broken link.

The law asks for the trail to be kept, so it is never purged; on PostgreSQL it is range-partitioned by
Taipei month of `at` (`access_trail_p2026_12`, a DEFAULT partition catching any month without one), so
it never grows as one heap and a past month can be detached and moved to cold storage whole
(docs/operations.md). The housekeeping job creates the coming months' partitions ahead
(`ensure_trail_partitions`). The chain runs across partitions: the hash covers the row's values, not
where it is stored. SQLite keeps a plain table.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from sqlalchemy import BigInteger, Index, Integer, String, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from . import clock
from .auth import Principal
from .db import Base, Database, Instant, dialect_is_postgres
from .logging import request_id_var
from .partitions import LOCK_TIMEOUT as TRAIL_LOCK_TIMEOUT
from .partitions import MonthPartitioned, ensure_partitions, month_partitions, months_ahead

log = structlog.get_logger("carenet.trail")

GENESIS = "0" * 64
TRAIL = MonthPartitioned("access_trail", "at", "range")
MONTHS_AHEAD = 3  # this month's partition and the next two's


class AccessEntry(Base):
    """One access (存取紀錄). On PostgreSQL the key is (id, at): a partitioned table's key holds its
    partition key, and the linker's updates by key then touch one month's partition only."""

    __tablename__ = "access_trail"
    __plain_insert__ = True  # append-only: a pending row is inserted with plain Core at commit (db.insert_plain_rows)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(Instant, primary_key=True)
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    resource: Mapped[str] = mapped_column(String(300))
    person_ref: Mapped[str | None] = mapped_column(String(200), index=True)
    request_id: Mapped[str | None] = mapped_column(String(100))
    # Unique by construction (one linker, under an advisory lock), no longer by constraint: PostgreSQL can
    # only enforce uniqueness within a partition. A repeated position fails verify_chain (a gap/repeat).
    chain_seq: Mapped[int | None] = mapped_column(BigInteger, index=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    row_hash: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_access_trail_unlinked", "id", postgresql_where=chain_seq.is_(None), sqlite_where=chain_seq.is_(None)),
    )


async def record_access(
    session: AsyncSession, *, principal: Principal, action: str, resource: str, person_ref: str | None = None
) -> None:
    """Append one trail row in the caller's transaction (it lands only if the request commits)."""
    session.add(
        AccessEntry(
            at=clock.now(),
            actor=principal.sub,
            role=",".join(sorted(principal.roles)),
            action=action,
            resource=resource,
            person_ref=person_ref,
            request_id=request_id_var.get(),
        )
    )


def entry_hash(e: AccessEntry, prev_hash: str) -> str:
    at = e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC)
    doc = [
        e.chain_seq,
        e.id,
        at.astimezone(UTC).isoformat(),
        e.actor,
        e.role,
        e.action,
        e.resource,
        e.person_ref,
        e.request_id,
        prev_hash,
    ]
    return hashlib.sha256(json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()


async def link_pending(session: AsyncSession, *, batch: int = 2000) -> int:
    """Give unlinked rows their place in the chain, oldest id first; returns how many were linked."""
    db = session.info.get("db")
    if db is not None and not await db.advisory_lock(session, "access_trail_linker"):
        return 0
    head = (
        await session.execute(
            select(AccessEntry.chain_seq, AccessEntry.row_hash)
            .where(AccessEntry.chain_seq.is_not(None))
            .order_by(AccessEntry.chain_seq.desc())
            .limit(1)
        )
    ).first()
    # the chain goes on from its last row, live or moved to cold storage with its month (`archive_month`)
    anchor = await chain_anchor(session)
    live = (int(head[0]), str(head[1])) if head is not None and head[0] is not None else (0, GENESIS)
    seq, prev = max([(anchor.seq, anchor.hash), *(anchor.interleaved or {}).items(), live])
    rows = (
        await session.scalars(
            select(AccessEntry).where(AccessEntry.chain_seq.is_(None)).order_by(AccessEntry.id).limit(batch)
        )
    ).all()
    for e in rows:
        seq += 1
        e.chain_seq = seq
        e.prev_hash = prev
        e.row_hash = prev = entry_hash(e, prev)
    await session.flush()
    return len(rows)


async def ensure_trail_partitions(db: Database, *, now: datetime | None = None) -> set[str]:
    """Create this month's and the coming months' trail partitions (PostgreSQL); returns the months created."""
    return await ensure_partitions(db, TRAIL, set(months_ahead(clock.month_of(now or clock.now()), MONTHS_AHEAD)))


@dataclass
class ChainReport:
    ok: bool
    checked: int
    unlinked: int
    broken_at: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Anchor:
    """Where the live chain starts once past months went to cold storage: every row up to `seq` is archived,
    `hash` is row `seq`'s hash, and `interleaved` the (seq → hash) of archived rows numbered after it (a
    request that began in the archived month and committed after one of the next month's)."""

    seq: int = 0
    hash: str = GENESIS
    interleaved: dict[int, str] | None = None


async def chain_anchor(session: AsyncSession) -> Anchor:
    """The anchor of the last month moved to cold storage (`archive_month`); the genesis when none was."""
    if not dialect_is_postgres(session) or not await session.scalar(
        text("SELECT to_regclass('access_trail_archive') IS NOT NULL")
    ):
        return Anchor()
    row = (
        await session.execute(
            text(
                "SELECT anchor_seq, anchor_hash, interleaved FROM access_trail_archive ORDER BY anchor_seq DESC LIMIT 1"
            )
        )
    ).first()
    if row is None:
        return Anchor()
    return Anchor(int(row[0]), row[1], {int(k): v for k, v in (row[2] or {}).items()})


async def verify_chain(session: AsyncSession, *, chunk: int = 5000) -> ChainReport:
    """Recompute the chain from its anchor (the genesis, or the last month archived); report the first row
    whose hash, link or position is wrong."""
    anchor = await chain_anchor(session)
    interleaved = anchor.interleaved or {}
    expected_seq, prev, checked, last_seq = anchor.seq + 1, anchor.hash, 0, anchor.seq
    while True:
        rows = (
            await session.scalars(
                select(AccessEntry).where(AccessEntry.chain_seq > last_seq).order_by(AccessEntry.chain_seq).limit(chunk)
            )
        ).all()
        if not rows:
            break
        for e in rows:
            assert e.chain_seq is not None
            while e.chain_seq > expected_seq and expected_seq in interleaved:  # archived with its month
                prev, expected_seq = interleaved[expected_seq], expected_seq + 1
            if e.chain_seq != expected_seq:
                return ChainReport(False, checked, 0, expected_seq, "missing row (gap in the chain)")
            if e.prev_hash != prev:
                return ChainReport(False, checked, 0, e.chain_seq, "link to the previous row is broken")
            if e.row_hash != entry_hash(e, prev):
                return ChainReport(False, checked, 0, e.chain_seq, "row was altered")
            prev, expected_seq, last_seq = e.row_hash, expected_seq + 1, e.chain_seq
            checked += 1
    unlinked = await session.scalar(select(func.count()).where(AccessEntry.chain_seq.is_(None))) or 0
    return ChainReport(True, checked, unlinked)


@dataclass
class Archived:
    month: str
    table: str  # the detached partition, now a plain table: dump it, keep the dump, then drop it
    rows: int
    first_seq: int
    last_seq: int


async def archive_month(db: Database, month: str, *, now: datetime | None = None) -> Archived:
    """Detach the oldest month's trail partition for cold storage, after checking it may go (PostgreSQL).

    The month must be over, be the oldest attached month, have every row linked, and the whole chain must
    verify. In one transaction: the anchor the live chain will start from is recorded in
    `access_trail_archive` (with the month's row count, first and last position), then the partition is
    detached — it stays in the schema as a plain table until the operator has dumped it (docs/operations.md).
    Raises `Conflict` when the month may not go.
    """
    from .errors import Conflict

    if not db.is_postgres:
        raise Conflict("the trail is partitioned on PostgreSQL only")
    current = clock.month_of(now or clock.now())
    name = TRAIL.partition(month)
    async with db.transaction() as session:
        if not await db.advisory_lock(session, "access_trail_linker"):  # no linking meanwhile
            raise Conflict("the trail linker is busy; try again")
        await session.execute(text(f"SET LOCAL lock_timeout = '{TRAIL_LOCK_TIMEOUT}'"))
        months = await month_partitions(session, TRAIL)
        if month >= current:
            raise Conflict(f"{month} is not over yet")
        if month not in months or month != min(months):
            raise Conflict(f"{month} is not the oldest month still attached (oldest first: {min(months, default='-')})")
        report = await verify_chain(session)
        if not report.ok or report.unlinked:
            raise Conflict(f"the chain must verify and be fully linked first ({report})")
        where, params = TRAIL.in_month(month)
        in_default = await session.scalar(text(f"SELECT count(*) FROM {TRAIL.default} WHERE {where}"), params)
        if in_default:
            raise Conflict(f"{in_default} rows of {month} sit in the default partition")
        rows = (await session.execute(text(f"SELECT chain_seq, row_hash FROM {name} ORDER BY chain_seq"))).all()
        old = await chain_anchor(session)
        archived: dict[int, str] = {**(old.interleaved or {}), old.seq: old.hash}
        archived.update({int(q): h for q, h in rows})
        live_min = await session.scalar(
            text(f"SELECT min(chain_seq) FROM access_trail WHERE tableoid <> '{name}'::regclass")
        )
        seq = (int(live_min) - 1) if live_min is not None else max(archived)
        if seq not in archived:
            raise Conflict(f"row {seq}, where the live chain would start, is neither archived nor live")
        await session.execute(
            text(
                "INSERT INTO access_trail_archive "
                "(month, partition, rows, first_seq, last_seq, anchor_seq, anchor_hash, interleaved, archived_at) "
                "VALUES (:m, :p, :n, :f, :l, :s, :h, CAST(:i AS jsonb), :at)"
            ),
            {
                "m": month,
                "p": name,
                "n": len(rows),
                "f": rows[0][0] if rows else None,
                "l": rows[-1][0] if rows else None,
                "s": seq,
                "h": archived[seq],
                "i": json.dumps({str(q): h for q, h in archived.items() if q > seq}),
                "at": now or clock.now(),
            },
        )
        await session.execute(text(f"ALTER TABLE access_trail DETACH PARTITION {name}"))
    log.info("trail_month_archived", month=month, table=name, rows=len(rows))
    return Archived(month, name, len(rows), rows[0][0] if rows else 0, rows[-1][0] if rows else 0)


async def touched_by(session: AsyncSession, person_ref: str, *, limit: int = 500) -> list[AccessEntry]:
    """Who touched a person's record, newest first (for a PDPA request)."""
    return list(
        (
            await session.scalars(
                select(AccessEntry)
                .where(AccessEntry.person_ref == person_ref)
                .order_by(AccessEntry.id.desc())
                .limit(limit)
            )
        ).all()
    )


__all__ = [
    "TRAIL",
    "AccessEntry",
    "Anchor",
    "Archived",
    "ChainReport",
    "archive_month",
    "chain_anchor",
    "ensure_trail_partitions",
    "link_pending",
    "record_access",
    "touched_by",
    "verify_chain",
]
