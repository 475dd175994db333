"""The standing facts kept on the case row (issue 15), written in the writer's own transaction.

The row keeps `tiers.rules.facts_of` over every visit (last visit day and outcome, last face-to-face or met
visit, consecutive not-met) and `next_visit_due` under the county policy in force. The writers:

- a visit recorded or edited: `refresh_visit_facts` — one UPDATE … FROM recomputes the case's facts from its
  visits and its due date (the caller holds the case row locked, so two visits to one case queue up and the
  second one's statement sees the first one's visit);
- intake, a tier change, a transfer: `set_due` (Python, from the row's own facts);
- a policy version taking effect: `redue_county` — one set-based UPDATE of the county's rows, computed from
  each row's own columns only, so a row a concurrent visit changed is recomputed from its new values
  (PostgreSQL re-reads a row it waited for before applying the expression);
- a version that starts on a later day: `catch_up` applies it once its day has come (the lists call it first).

Nothing that depends on "today" is stored: overdue is `next_visit_due < today`, decided at read time.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import ColumnElement, ColumnExpressionArgument, Date, Table, bindparam, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.functions import FunctionElement

from ..tiers.models import TierPolicyVersion
from ..tiers.rules import FACE_TO_FACE_METHODS, TierPolicy, due_after
from ..visits.models import Visit
from .models import Case

FACT_COLUMNS = ("last_visit_on", "last_visit_outcome", "last_contact_on", "consecutive_not_met", "next_visit_due")


class plus_days(FunctionElement[date]):
    """`date + n days` in the dialect's own words."""

    type = Date()
    inherit_cache = True
    name = "plus_days"


@compiles(plus_days)
def _plus_days(element: Any, compiler: Any, **kw: Any) -> str:
    d, n = list(element.clauses)
    return f"({compiler.process(d, **kw)} + {compiler.process(n, **kw)})"


@compiles(plus_days, "sqlite")
def _plus_days_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    d, n = list(element.clauses)
    return f"date({compiler.process(d, **kw)}, '+' || ({compiler.process(n, **kw)}) || ' days')"


def due_sql(
    policy: TierPolicy,
    *,
    tier: ColumnExpressionArgument[int],
    intake: ColumnExpressionArgument[date],
    last_on: Any,
    last_outcome: Any,
) -> ColumnElement[date]:
    """`tiers.rules.due_after` as SQL over columns, the policy's numbers bound as parameters."""
    interval = case({t: policy.interval(t) for t in policy.intervals}, value=tier)
    retry = case({t: min(policy.interval(t), policy.not_met_retry_days) for t in policy.intervals}, value=tier)
    return case(
        (last_on.is_(None), plus_days(intake, interval)),
        else_=plus_days(last_on, case((last_outcome == "not_met", retry), else_=interval)),
    )


def _facts_of_visits(c: Any) -> dict[str, Any]:
    """`tiers.rules.facts_of` as correlated subqueries over the visits of case `c` (same order: time, then a
    not-met attempt before a met visit at the same instant)."""
    v = aliased(Visit, name="v")
    m = aliased(Visit, name="m")
    latest = (
        select(v.visit_date, v.outcome)
        .where(v.case_id == c.id)
        .order_by(v.visited_at.desc(), case((v.outcome == "met", 0), else_=1))
        .limit(1)
    )
    last_met_at = select(func.max(m.visited_at)).where(m.case_id == v.case_id, m.outcome == "met").scalar_subquery()
    return {
        "last_on": latest.with_only_columns(v.visit_date).scalar_subquery(),
        "last_outcome": latest.with_only_columns(v.outcome).scalar_subquery(),
        "last_contact_on": select(func.max(v.visit_date))
        .where(v.case_id == c.id, or_(v.method.in_(FACE_TO_FACE_METHODS), v.outcome == "met"))
        .scalar_subquery(),
        "cnm": select(func.count())
        .select_from(v)
        .where(v.case_id == c.id, v.outcome == "not_met", or_(last_met_at.is_(None), v.visited_at > last_met_at))
        .scalar_subquery(),
    }


@lru_cache(maxsize=256)
def _refresh_statement(intervals: tuple[tuple[int, int], ...], not_met_retry_days: int) -> Any:
    """The UPDATE of `refresh_visit_facts` under one policy's numbers, the case id a bound parameter `case_id`:
    built once per policy (building it — aliases, correlated subqueries — costs more than running it)."""
    policy = TierPolicy(intervals=dict(intervals), not_met_retry_days=not_met_retry_days)
    c = aliased(Case, name="c")
    f = _facts_of_visits(c)
    facts = (
        select(c.id.label("id"), *[expr.label(name) for name, expr in f.items()])
        .where(c.id == bindparam("case_id"))
        .subquery()
    )
    cases = cast(Table, Case.__table__)  # Core: the ORM's bulk-update machinery costs more than the statement
    return (
        update(cases)
        .where(cases.c.id == facts.c.id)
        .values(
            last_visit_on=facts.c.last_on,
            last_visit_outcome=facts.c.last_outcome,
            last_contact_on=facts.c.last_contact_on,
            consecutive_not_met=facts.c.cnm,
            next_visit_due=due_sql(
                policy,
                tier=cases.c.tier,
                intake=cases.c.intake_date,
                last_on=facts.c.last_on,
                last_outcome=facts.c.last_outcome,
            ),
        )
        .returning(*[cases.c[n] for n in FACT_COLUMNS])
    )


async def refresh_visit_facts(session: AsyncSession, case: Case, policy: TierPolicy) -> None:
    """Recompute the case's facts from its visits and its due date under `policy`, in one statement; the case
    object gets the stored values. The caller holds the row locked (`load_case(..., for_update=True)`)."""
    await session.flush()
    stmt = _refresh_statement(tuple(sorted(policy.intervals.items())), policy.not_met_retry_days)
    row = (await session.execute(stmt, {"case_id": case.id})).one()
    for name, value in zip(FACT_COLUMNS, row, strict=True):
        set_committed_value(case, name, value)


def set_due(case: Case, policy: TierPolicy) -> None:
    """The case's due date from its own facts (after intake, a tier change or a move to another county)."""
    case.next_visit_due = due_after(
        tier=case.tier,
        intake_date=case.intake_date,
        last_visit_on=case.last_visit_on,
        last_outcome=case.last_visit_outcome,
        policy=policy,
    )


async def redue_county(session: AsyncSession, *, county: str, policy: TierPolicy) -> None:
    """Every case of the county gets its due date under `policy`, in one set-based statement."""
    await session.flush()
    await session.execute(
        update(Case)
        .where(Case.county == county)
        .values(
            next_visit_due=due_sql(
                policy,
                tier=Case.tier,
                intake=Case.intake_date,
                last_on=Case.last_visit_on,
                last_outcome=Case.last_visit_outcome,
            )
        )
        .execution_options(synchronize_session=False)
    )
    for obj in list(session.identity_map.values()):  # a case already loaded reads its new date on next access
        if isinstance(obj, Case) and obj.county == county:
            session.expire(obj, ["next_visit_due"])


async def catch_up(session: AsyncSession, *, on: date, county: str | None = None) -> set[str]:
    """Apply the policy versions that took effect by `on` since they were written (usually none: one statement);
    returns the counties recomputed. A concurrent twin waits on the version rows and then finds nothing to do."""
    due = select(TierPolicyVersion.id).where(
        TierPolicyVersion.applied.is_(False), TierPolicyVersion.effective_from <= on
    )
    if county is not None:
        due = due.where(TierPolicyVersion.county == county)
    # locked in id order: two processes catching up at once queue up instead of deadlocking
    due = due.order_by(TierPolicyVersion.id).with_for_update()
    stmt = (
        update(TierPolicyVersion)
        .where(TierPolicyVersion.id.in_(due.scalar_subquery()))
        .values(applied=True)
        .returning(TierPolicyVersion.county)
        .execution_options(synchronize_session=False)
    )
    counties = set((await session.scalars(stmt)).all())
    if counties:
        from ..tiers.service import policy_on  # tiers.service writes facts through this module

        for c in sorted(counties):
            await redue_county(session, county=c, policy=await policy_on(session, county=c, on=on))
    return counties
