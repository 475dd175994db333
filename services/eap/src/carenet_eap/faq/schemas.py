"""Bodies of the FAQ assistant and of its editing (eap_admin)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.clock import to_utc
from pydantic import AwareDatetime, BaseModel, Field

from .models import FaqEntry, FaqRevision

Keyword = Annotated[str, Field(min_length=1, max_length=40)]


class FaqAnswer(BaseModel):
    id: str
    question: str
    answer: str
    source: str = Field(description="the plan or page the answer was written from")
    score: float = Field(description="BM25 relevance of the entry to the question (higher is closer)")


class Fallback(BaseModel):
    message: str
    booking_link: str
    crisis_line: str = Field(description="安心專線, 24 hours")


class FaqResult(BaseModel):
    answers: list[FaqAnswer]
    no_good_answer: bool
    fallback: Fallback

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "answers": [
                        {
                            "id": "0b7c6c1e-5d2a-5b55-9a53-4f3c1f0e2a11",
                            "question": "使用員工協助方案會被主管或人事單位知道嗎？",
                            "answer": "不會。服務流程依保密原則設計：員工可自主申請，無須透過人事機構或單位主管…",
                            "source": "臺北市政府114-115年推動員工協助方案2.0 陸、計畫擬定 › 標準作業流程 3",
                            "score": 9.412,
                        }
                    ],
                    "no_good_answer": False,
                    "fallback": {
                        "message": "找不到您要的答案嗎？可以直接預約諮詢，或撥打24小時安心專線1925。",
                        "booking_link": "https://eap.example.gov.tw/book",
                        "crisis_line": "1925",
                    },
                }
            ]
        }
    }


class FaqEntryIn(BaseModel):
    key: str = Field(min_length=1, max_length=60, pattern=r"^[a-z0-9_]+$", description="a stable slug")
    question: str = Field(min_length=1, max_length=300)
    answer: str = Field(min_length=1, max_length=4000)
    source: str = Field(min_length=1, max_length=300)
    keywords: list[Keyword] = Field(default_factory=list, max_length=40)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "key": "counsellor_gender",
                    "question": "可以選擇諮商人員的性別嗎？",
                    "answer": "可以。預約時可篩選諮商人員的性別。",
                    "source": "新北市政府109年度推動員工協助方案工作計畫 二（二）",
                    "keywords": ["性別", "男性", "女性"],
                }
            ]
        }
    }


class FaqEntryPatch(BaseModel):
    question: str | None = Field(None, min_length=1, max_length=300)
    answer: str | None = Field(None, min_length=1, max_length=4000)
    source: str | None = Field(None, min_length=1, max_length=300)
    keywords: list[Keyword] | None = Field(None, max_length=40)
    active: bool | None = None

    model_config = {"json_schema_extra": {"examples": [{"answer": "可以。預約時可選擇諮商人員的性別。"}]}}


class FaqEntryOut(FaqEntryIn):
    id: str
    active: bool
    version: int
    updated_at: AwareDatetime
    updated_by: str


class FaqRevisionOut(BaseModel):
    version: int
    question: str
    answer: str
    source: str
    keywords: list[str]
    active: bool
    changed_by: str
    changed_at: AwareDatetime


class FaqRevisionList(BaseModel):
    items: list[FaqRevisionOut]


def entry_out(e: FaqEntry) -> FaqEntryOut:
    return FaqEntryOut(
        id=e.id,
        key=e.key,
        question=e.question,
        answer=e.answer,
        source=e.source,
        keywords=list(e.keywords),
        active=e.active,
        version=e.version,
        updated_at=to_utc(e.updated_at),
        updated_by=e.updated_by,
    )


def revision_out(r: FaqRevision) -> FaqRevisionOut:
    return FaqRevisionOut(
        version=r.version,
        question=r.question,
        answer=r.answer,
        source=r.source,
        keywords=list(r.keywords),
        active=r.active,
        changed_by=r.changed_by,
        changed_at=to_utc(r.changed_at),
    )
