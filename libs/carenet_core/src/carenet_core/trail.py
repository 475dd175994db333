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

from sqlalchemy import BigInteger, Index, Integer, String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from . import clock
from .auth import Principal
from .db import Base, Database, Instant
from .logging import request_id_var
from .partitions import MonthPartitioned, ensure_partitions, months_ahead

GENESIS = "0" * 64
TRAIL = MonthPartitioned("access_trail", "at", "range")
MONTHS_AHEAD = 3  # this month's partition and the next two's


class AccessEntry(Base):
    """One access (存取紀錄). On PostgreSQL the key is (id, at): a partitioned table's key holds its
    partition key, and the linker's updates by key then touch one month's partition only."""

    __tablename__ = "access_trail"

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
    seq: int = (head[0] or 0) if head else 0
    prev: str = (head[1] or GENESIS) if head else GENESIS
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


async def verify_chain(session: AsyncSession, *, chunk: int = 5000) -> ChainReport:
    """Recompute the whole chain; report the first row whose hash, link or position is wrong."""
    expected_seq, prev, checked, last_seq = 1, GENESIS, 0, 0
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
    "ChainReport",
    "ensure_trail_partitions",
    "link_pending",
    "record_access",
    "touched_by",
    "verify_chain",
]
