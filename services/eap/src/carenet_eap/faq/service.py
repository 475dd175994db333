"""Use cases of the FAQ assistant: answer a question from the curated FAQ; eap_admin edits it (versioned).

No question asked is stored anywhere, with or without who asked (and request logs leave out the
query string).
"""

from __future__ import annotations

import asyncio
from typing import Any

from carenet_core import clock
from carenet_core.db import get_or_404
from carenet_core.errors import Conflict
from carenet_core.etag import check_if_match
from carenet_core.pagination import keyset_after
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import new_id
from .models import FaqEntry, FaqRevision
from .retrieval import Document, FaqIndex
from .rules import CRISIS_LINE, good_answers
from .schemas import Fallback, FaqAnswer, FaqEntryIn, FaqEntryPatch, FaqResult
from .starter import starter_entries

# The index of the active entries, rebuilt whenever an entry's id or version changes.
_index: tuple[tuple[tuple[str, int], ...], FaqIndex] | None = None


async def _current_index(entries: list[FaqEntry]) -> FaqIndex:
    global _index
    signature = tuple(sorted((e.id, e.version) for e in entries))
    if _index is None or _index[0] != signature:
        docs = [Document(e.id, e.question, tuple(e.keywords)) for e in entries]
        # jieba loads its dictionary on first use: keep that off the event loop
        _index = (signature, await asyncio.to_thread(FaqIndex, docs))
    return _index[1]


async def answer(*, session: AsyncSession, q: str, min_score: float, limit: int, booking_link: str) -> FaqResult:
    """The best active entries for the question at or above `min_score`, or `no_good_answer` with the fallback."""
    entries = list((await session.scalars(select(FaqEntry).where(FaqEntry.active.is_(True)))).all())
    index = await _current_index(entries)
    by_id = {e.id: e for e in entries}
    hits = good_answers(index.search(q, limit=limit), min_score=min_score, limit=limit)
    fallback = Fallback(
        message=(
            "找不到合適的答案。您可以直接預約員工協助方案諮詢，或撥打24小時安心專線1925。"
            if not hits
            else "找不到您要的答案嗎？可以直接預約諮詢，或撥打24小時安心專線1925。"
        ),
        booking_link=booking_link,
        crisis_line=CRISIS_LINE,
    )
    return FaqResult(
        answers=[
            FaqAnswer(
                id=i,
                question=by_id[i].question,
                answer=by_id[i].answer,
                source=by_id[i].source,
                score=round(s, 3),
            )
            for i, s in hits
        ],
        no_good_answer=not hits,
        fallback=fallback,
    )


def _revision(e: FaqEntry, actor: str) -> FaqRevision:
    return FaqRevision(
        id=new_id(),
        entry_id=e.id,
        version=e.version,
        question=e.question,
        answer=e.answer,
        source=e.source,
        keywords=list(e.keywords),
        active=e.active,
        changed_by=actor,
        changed_at=e.updated_at,
    )


async def create_entry(*, session: AsyncSession, body: FaqEntryIn, actor: str, entry_id: str | None = None) -> FaqEntry:
    """A new active entry at version 1 (with its first revision); a key already used is 409."""
    now = clock.now()
    e = FaqEntry(
        id=entry_id or new_id(),
        key=body.key,
        question=body.question,
        answer=body.answer,
        source=body.source,
        keywords=list(body.keywords),
        active=True,
        version=1,
        created_at=now,
        updated_at=now,
        updated_by=actor,
    )
    try:
        async with session.begin_nested():
            session.add(e)
            await session.flush()
    except IntegrityError:
        raise Conflict(f"an entry with key '{body.key}' exists", code="faq_key_taken") from None
    session.add(_revision(e, actor))
    await session.flush()
    return e


async def list_entries(
    *, session: AsyncSession, include_inactive: bool, limit: int, cursor: str | None
) -> list[FaqEntry]:
    """Entries by key (limit + 1 rows), the withdrawn ones only when asked."""
    stmt = select(FaqEntry)
    if not include_inactive:
        stmt = stmt.where(FaqEntry.active.is_(True))
    stmt = keyset_after(stmt, [FaqEntry.key, FaqEntry.id], cursor)
    return list((await session.scalars(stmt.limit(limit + 1))).all())


async def read_entry(*, session: AsyncSession, entry_id: str, lock: bool = False) -> FaqEntry:
    """One entry (withdrawn ones included); 404 when unknown."""
    e = await get_or_404(session, FaqEntry, entry_id, detail="no such FAQ entry", code="faq_entry_not_found", lock=lock)
    return e


async def update_entry(
    *, session: AsyncSession, entry_id: str, patch: FaqEntryPatch, if_match: str | None, actor: str
) -> FaqEntry:
    """The entry one version on with the changes and a new revision; If-Match missing is 428, stale 412."""
    e = await read_entry(session=session, entry_id=entry_id, lock=True)
    check_if_match(if_match, e.version)
    fields: dict[str, Any] = patch.model_dump(exclude_unset=True, exclude_none=True)
    for name, value in fields.items():
        setattr(e, name, list(value) if name == "keywords" else value)
    e.version += 1
    e.updated_at, e.updated_by = clock.now(), actor
    session.add(_revision(e, actor))
    await session.flush()
    return e


async def withdraw_entry(*, session: AsyncSession, entry_id: str, if_match: str | None, actor: str) -> FaqEntry:
    """The entry withdrawn (inactive, kept with its history), one version on; If-Match as for an edit."""
    return await update_entry(
        session=session, entry_id=entry_id, patch=FaqEntryPatch(active=False), if_match=if_match, actor=actor
    )


async def revisions(*, session: AsyncSession, entry_id: str) -> list[FaqRevision]:
    """Every version of the entry, newest first; 404 when unknown."""
    await read_entry(session=session, entry_id=entry_id)
    stmt = select(FaqRevision).where(FaqRevision.entry_id == entry_id).order_by(FaqRevision.version.desc())
    return list((await session.scalars(stmt)).all())


async def load_starter(*, session: AsyncSession, actor: str) -> int:
    """How many starter entries were added: those whose key is not in the FAQ yet (an edited or withdrawn one stays)."""
    have = set((await session.scalars(select(FaqEntry.key))).all())
    added = 0
    for e in starter_entries():
        if e["key"] in have:
            continue
        body = FaqEntryIn(
            key=e["key"], question=e["question"], answer=e["answer"], source=e["source"], keywords=e["keywords"]
        )
        await create_entry(session=session, body=body, actor=actor, entry_id=e["id"])
        added += 1
    return added
