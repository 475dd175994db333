"""The answer of an import."""

from __future__ import annotations

from pydantic import BaseModel, Field


class RejectedRow(BaseModel):
    index: int = Field(description="the data row's number: 1 is the first row under the header")
    reason: str


class ImportResult(BaseModel):
    """Rows added, rows that changed an entry with the same source id, rows equal to it, rows refused."""

    accepted: int
    updated: int
    unchanged: int = Field(description="rows whose entry already said exactly this (a repeated import)")
    rejected: list[RejectedRow]
