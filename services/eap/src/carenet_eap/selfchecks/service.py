"""Use cases of the BSRS-5 self-check: score it, keep an anonymous tally, keep the result only when asked."""

from __future__ import annotations

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.errors import RuleViolation
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import new_id
from .models import SelfCheckResult
from .rules import Band, bsrs5_band, bsrs5_refer, bsrs5_total
from .schemas import Bsrs5In


async def self_check(*, session: AsyncSession, body: Bsrs5In, principal: Principal | None) -> tuple[int, Band, bool]:
    """(total, band, refer); an anonymous (month, band) tally always, the caller's login only with `keep`."""
    total = bsrs5_total(body.items)
    band = bsrs5_band(total)
    refer = bsrs5_refer(total, body.suicide_ideation)
    if body.keep and principal is None:
        raise RuleViolation("keeping a result needs a login", code="login_required_to_keep")
    session.add(
        SelfCheckResult(
            id=new_id(),
            month=clock.month_of(clock.now()),
            total=total,
            suicide_ideation=body.suicide_ideation,
            band=band.value,
            refer=refer,
            subject_sub=principal.sub if body.keep and principal else None,
            # seed 002: 篩檢出潛在高危險群機關 — by agency, but never with a login beside it
            agency_code=body.agency_code if not body.keep else None,
        )
    )
    return total, band, refer


async def kept_results(*, session: AsyncSession, principal: Principal) -> list[SelfCheckResult]:
    """The results the caller asked to keep, newest month first."""
    stmt = (
        select(SelfCheckResult)
        .where(SelfCheckResult.subject_sub == principal.sub)
        .order_by(SelfCheckResult.month.desc())
        .limit(500)
    )
    return list((await session.scalars(stmt)).all())
