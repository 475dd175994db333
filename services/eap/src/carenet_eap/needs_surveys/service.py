"""Use cases of needs surveys: open one, answer once (unlinked), results by gender or disability, suppressed."""

from __future__ import annotations

from collections import defaultdict

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.db import get_or_404
from carenet_core.errors import Conflict
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..common import GENDERS, disability_of, new_id
from ..stats.rules import suppress
from . import rules
from .models import NeedsSurvey, NeedsSurveyMarker, NeedsSurveyResponse
from .schemas import GroupResult, NeedsResponseIn, NeedsResults, NeedsSurveyIn

UNKNOWN = "unknown"


async def open_survey(*, session: AsyncSession, body: NeedsSurveyIn) -> NeedsSurvey:
    """A new needs survey."""
    s = NeedsSurvey(id=new_id(), year=body.year, title=body.title, created_at=clock.now())
    session.add(s)
    await session.flush()
    return s


async def load(*, session: AsyncSession, survey_id: str) -> NeedsSurvey:
    """The survey; 404 when unknown."""
    s = await get_or_404(session, NeedsSurvey, survey_id, detail="no such needs survey", code="needs_survey_not_found")
    return s


async def answer(*, session: AsyncSession, principal: Principal, survey_id: str, body: NeedsResponseIn) -> None:
    """The caller's answer, once (409 after), stored without login, time or agency."""
    s = await load(session=session, survey_id=survey_id)
    try:
        async with session.begin_nested():
            session.add(NeedsSurveyMarker(survey_id=s.id, employee_sub=principal.sub))
            await session.flush()
    except IntegrityError:
        raise Conflict("you answered this survey already", code="survey_answered") from None
    session.add(
        NeedsSurveyResponse(
            id=new_id(),
            survey_id=s.id,
            gender=body.gender,
            disability=disability_of(body.disability),
            needs=body.needs.model_dump(),
            comment=body.comment,
        )
    )


async def results(*, session: AsyncSession, survey_id: str, by: rules.ByDimension, threshold: int) -> NeedsResults:
    """Average needs per area for each group of `by`; a group under `threshold` (or revealing one) is suppressed."""
    s = await load(session=session, survey_id=survey_id)
    rows = (await session.scalars(select(NeedsSurveyResponse).where(NeedsSurveyResponse.survey_id == s.id))).all()
    groups: dict[str, list[NeedsSurveyResponse]] = defaultdict(list)
    for r in rows:
        groups[(r.gender if by == "gender" else r.disability) or UNKNOWN].append(r)
    fixed = list(GENDERS) if by == "gender" else ["yes", "no"]
    values = fixed + sorted(set(groups) - set(fixed))
    table = suppress([by], [values], {(g,): len(rs) for g, rs in groups.items()}, threshold=threshold)

    def result(group: str, shown: int | None, members: list[NeedsSurveyResponse]) -> GroupResult:
        averages = {
            a: (rules.average([r.needs[a] for r in members]) if shown is not None else None) for a in rules.AREAS
        }
        return GroupResult(group=group, responses=shown, suppressed=shown is None, averages=averages)

    return NeedsResults(
        survey_id=s.id,
        by=by,
        threshold=threshold,
        groups=[result(k[0], v, groups.get(k[0], [])) for k, v in table.cells.items()],
        total=result("all", table.total, list(rows)),
    )
