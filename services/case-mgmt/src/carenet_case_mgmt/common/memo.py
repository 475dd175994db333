"""The unit of work's memo of a county's rules (tier policy in force on a day, county settings).

Both change rarely and only through their own service, which forgets the memo when it writes; the
memo lives in `session.info`, so it ends with the request's transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

_KEY = "case_mgmt.county_rules"


def county_rules_memo(session: AsyncSession) -> dict[Any, Any]:
    """This transaction's memo, keyed by (county, day)."""
    memo: dict[Any, Any] = session.info.setdefault(_KEY, {})
    return memo


def forget_county_rules(session: AsyncSession) -> None:
    """Drop the memo (after a policy version or the county settings were written in this transaction)."""
    session.info.pop(_KEY, None)
