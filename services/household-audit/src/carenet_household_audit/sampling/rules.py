"""Pure rules of the monthly sampling (每月抽樣): sizes, tickets, seeds, months in Asia/Taipei.

The draw is verifiable: every query-log record gets a ticket

    ticket = SHA-256( UTF-8 of  seed + "|" + unit + "|" + month + "|" + record_id )

(seed: 64 lowercase hex characters, month `YYYY-MM`, record_id the lowercase hyphenated UUID) and a
unit's sample is its `sample_size(n)` records with the lowest tickets (ties — never seen in
practice — broken by record id). The seed of a county-month is secret while the month's logs
arrive and its SHA-256 (the commitment) is published in advance; revealing it at sampling lets
anyone recompute every ticket and redraw the sample.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal

from carenet_core.clock import TAIPEI

MONTH_RE = re.compile(r"^(20\d{2})-(0[1-9]|1[0-2])$")
HALF_RE = re.compile(r"^(20\d{2})-H([12])$")


# The law's floors (seed 001_c9d8afea91fb3f89.txt, 落實精神照護資訊管理系統資訊安全作業 2.):
# 「每月抽查比率至少為百分之二，每月抽查筆數不得少於十筆，查詢總筆數少於十筆者，應全數查核」
LEGAL_MIN_RATE = Decimal("0.02")
LEGAL_MIN_FLOOR = 10


def policy_below_law(rate: Decimal, floor: int) -> list[str]:
    """The numbers of a sampling policy that fall below the law, by name (empty when lawful).

    Seed 001 (001_c9d8afea91fb3f89.txt, 資訊安全作業 2.): 「每月抽查比率至少為百分之二，每月抽查筆數不得少於十筆」 —
    a county may sample more (a higher rate, a higher floor), never less than 2 % and 10 records a month.
    """
    below = []
    if Decimal(rate) < LEGAL_MIN_RATE:
        below.append(f"rate {rate} is below the legal minimum {LEGAL_MIN_RATE} (每月抽查比率至少為百分之二)")
    if floor < LEGAL_MIN_FLOOR:
        below.append(f"floor {floor} is below the legal minimum {LEGAL_MIN_FLOOR} (每月抽查筆數不得少於十筆)")
    return below


def sample_size(n: int, rate: Decimal = Decimal("0.02"), floor: int = 10) -> int:
    """max(ceil(rate × n), floor), and all n when n < floor (Decimal: 2% of 500 is exactly 10)."""
    if n < 0:
        raise ValueError("population cannot be negative")
    if n < floor:
        return n
    return max(math.ceil(Decimal(n) * Decimal(rate)), floor)


def new_seed() -> str:
    """A fresh secret seed: 32 random bytes as 64 lowercase hex characters."""
    return secrets.token_hex(32)


def commitment_of(seed: str) -> str:
    """The published commitment of a seed: SHA-256 of its UTF-8 text, hex."""
    return hashlib.sha256(seed.encode()).hexdigest()


def ticket_prefix(seed: str, unit: str, month: str) -> bytes:
    return f"{seed}|{unit}|{month}|".encode()


def ticket(seed: str, unit: str, month: str, record_id: str) -> bytes:
    """SHA-256(seed | unit | month | record id), 32 bytes; lower tickets are drawn first."""
    return hashlib.sha256(ticket_prefix(seed, unit, month) + record_id.encode()).digest()


def draw(tickets: dict[str, bytes], k: int) -> list[str]:
    """The record ids of the k lowest tickets (reference implementation of the SQL draw)."""
    return [rid for rid, _ in sorted(tickets.items(), key=lambda kv: (kv[1], kv[0]))[:k]]


# --- months and halves in Asia/Taipei ------------------------------------------------------------


def parse_month(value: str) -> tuple[int, int]:
    m = MONTH_RE.match(value or "")
    if not m:
        raise ValueError("month must be YYYY-MM")
    return int(m.group(1)), int(m.group(2))


def month_of(instant: datetime) -> str:
    """The Asia/Taipei month `YYYY-MM` of an aware instant (23:30 UTC on the 31st is next month in Taipei)."""
    if instant.tzinfo is None:
        raise ValueError("instant must carry an offset")
    local = instant.astimezone(TAIPEI)
    return f"{local.year:04d}-{local.month:02d}"


def month_start(month: str) -> datetime:
    """The first instant of `month` in Asia/Taipei."""
    y, m = parse_month(month)
    return datetime(y, m, 1, tzinfo=TAIPEI)


def next_month(month: str) -> str:
    y, m = parse_month(month)
    return f"{y + (m == 12):04d}-{m % 12 + 1:02d}"


def previous_month(month: str) -> str:
    y, m = parse_month(month)
    return f"{y - (m == 1):04d}-{(m - 2) % 12 + 1:02d}"


def month_end(month: str) -> datetime:
    """The first instant after `month` in Asia/Taipei (exclusive end)."""
    return month_start(next_month(month))


def month_has_ended(month: str, now: datetime) -> bool:
    return now >= month_end(month)


def sampling_due(month: str, due_days: int) -> datetime:
    """A month's sampling is on time when drawn before this instant (month end + due_days)."""
    return month_end(month) + timedelta(days=due_days)


def months_of_half(half: str) -> list[str]:
    """`2026-H1` → 2026-01 … 2026-06."""
    m = HALF_RE.match(half or "")
    if not m:
        raise ValueError("half must be YYYY-H1 or YYYY-H2")
    y, h = int(m.group(1)), int(m.group(2))
    first = 1 if h == 1 else 7
    return [f"{y:04d}-{mm:02d}" for mm in range(first, first + 6)]


def half_has_ended(half: str, now: datetime) -> bool:
    return month_has_ended(months_of_half(half)[-1], now)


def retention_cutoff_month(now: datetime, years: int) -> str:
    """Months strictly before this one are past retention (kept `years` full years after their end)."""
    local = now.astimezone(TAIPEI)
    y, m = local.year - years, local.month
    return f"{y:04d}-{m:02d}"


def local_date(instant: datetime) -> date:
    return instant.astimezone(TAIPEI).date()
