"""The audit sheet of a sampling (抽樣稽核表): one row per sampled record."""

from __future__ import annotations

import uuid

from carenet_core.auth import Principal
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..common.exports import ExportFormat, file_response
from ..common.reach import unit_scope
from ..querylogs.rules import mask_subject
from ..units.models import Unit
from .models import Sample, SamplingUnit
from .service import load_sampling, sample_rows_stmt, trail_samples

VERDICT_ZH = {None: "未審查", "justified": "合理", "unjustified": "不合理", "needs_follow_up": "待說明"}
HEADERS = [
    "抽樣年月",
    "縣市",
    "單位代碼",
    "單位名稱",
    "序位",
    "紀錄編號",
    "查詢者",
    "查詢時間",
    "當事人(遮罩)",
    "查詢目的",
    "案件編號",
    "符合服務個案",
    "籤號(SHA-256)",
    "審查結果",
    "審查意見",
    "審查者",
    "審查時間",
    "查詢者說明",
    "母體數",
    "抽樣數",
    "種子",
]


async def export_sampling(
    *, session: AsyncSession, sampling_id: uuid.UUID, principal: Principal, fmt: ExportFormat
) -> Response:
    """CSV (UTF-8 BOM) or XLSX of the sampled records; each record exported is trailed."""
    s = await load_sampling(session, sampling_id, principal)
    names = dict((await session.execute(select(Unit.code, Unit.name).where(Unit.county == s.county))).all())
    units = {
        u.unit: u for u in (await session.scalars(select(SamplingUnit).where(SamplingUnit.sampling_id == s.id))).all()
    }
    stmt = sample_rows_stmt(s.id, s.month)
    if (own := unit_scope(principal)) is not None:  # a unit's reviewer exports its own unit's sheet
        stmt = stmt.where(Sample.unit == own)
    rows = list((await session.execute(stmt)).all())
    await trail_samples(session, principal, "export", rows)
    out = []
    for sample, user_id, queried_at, last4, purpose, case_ref, _ in rows:
        su = units.get(sample.unit)
        out.append(
            [
                s.month,
                s.county,
                sample.unit,
                names.get(sample.unit, ""),
                sample.rank,
                str(sample.id),
                user_id,
                queried_at,
                mask_subject(last4),
                purpose,
                case_ref,
                sample.matches_case,
                sample.ticket.hex(),
                VERDICT_ZH.get(sample.verdict, sample.verdict),
                sample.note,
                sample.reviewer,
                sample.reviewed_at,
                sample.explanation,
                su.population if su else None,
                su.sample_size if su else None,
                s.seed,
            ]
        )
    return file_response(
        fmt,
        HEADERS,
        out,
        filename=f"sampling-{s.county}-{s.month}",
        sheet=f"{s.month} 抽樣",
        dated=("查詢時間", "審查時間"),
    )
