"""Pure rules of the semiannual internal audit (內部稽核) and its report to the ministry.

Seed 001 (001_c9d8afea91fb3f89.txt, 資訊安全作業 3.): 「衛生局應針對前開「每月抽查使用者查詢戶役政資料紀錄作業」，
每半年辦理一次內部稽核工作，並提出稽核計畫及稽核結果，以供本部彙整」, and on the process slide
「每年由衛生局提報2次稽核作業計畫及結果至心口司」 — the audit is submitted (提報) to the ministry, once.
"""

from __future__ import annotations

from enum import StrEnum


class AuditStatus(StrEnum):
    DRAFT = "draft"  # run, not yet sent
    SUBMITTED = "submitted"  # 提報 — sent to the ministry: final


def can_submit(status: str) -> bool:
    """Only a draft is submitted; a submitted audit stays as the ministry received it."""
    return status == AuditStatus.DRAFT
