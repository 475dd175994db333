"""HTTP: the indicator catalogue (衡量指標)."""

from __future__ import annotations

from typing import Annotated

from carenet_core.auth import CurrentPrincipal, Principal, require_roles
from carenet_core.db import SessionDep
from carenet_core.errors import problems
from fastapi import APIRouter, Query

from ..counties.models import County
from ..counties.service import list_counties
from . import service
from .models import Definition
from .rules import describe_rule
from .schemas import DefinitionChange, DefinitionList, DefinitionOut, DefinitionVersions, Targets

router = APIRouter(prefix="/v1/definitions", tags=["definitions"])


def definition_out(d: Definition, counties: list[County]) -> DefinitionOut:
    return DefinitionOut(
        code=d.code,
        version=d.version,
        title=d.title,
        title_en=d.title_en,
        area=d.area,
        formula=d.formula,
        unit=d.unit,
        period=d.period,
        direction=d.direction,
        source=d.source,
        seed_ref=d.seed_ref,
        effective_from=d.effective_from,
        note=d.note,
        created_at=d.created_at,
        created_by=d.created_by,
        targets=Targets(
            rule=d.targets, description=describe_rule(d.targets), by_county=service.targets_by_county(d, counties)
        ),
    )


@router.get("", response_model=DefinitionList, responses=problems(422))
async def list_definitions(
    session: SessionDep,
    principal: CurrentPrincipal,
    year: Annotated[int | None, Query(ge=2000, le=2999, description="the versions in force that year")] = None,
) -> DefinitionList:
    """Every indicator: code, title, area, formula, unit, period, direction, targets (per county)."""
    defs = await (service.definitions_for_year(session, year=year) if year else service.latest(session))
    counties = await list_counties(session=session)
    return DefinitionList(items=[definition_out(d, counties) for d in defs])


@router.get("/{code}", response_model=DefinitionVersions, responses=problems(404))
async def definition_versions(code: str, session: SessionDep, principal: CurrentPrincipal) -> DefinitionVersions:
    """Every version of one indicator, oldest first."""
    versions = await service.get_versions(session, code=code)
    counties = await list_counties(session=session)
    return DefinitionVersions(code=code, items=[definition_out(d, counties) for d in versions])


@router.post("/{code}/versions", status_code=201, response_model=DefinitionOut, responses=problems(403, 404, 422))
async def new_version(
    code: str, change: DefinitionChange, session: SessionDep, principal: Annotated[Principal, require_roles("ministry")]
) -> DefinitionOut:
    """The ministry changes an indicator: a new version scores from `effective_from`; older periods keep theirs."""
    # a field sent as null means "unchanged", like a field left out
    changes = {
        k: v for k, v in change.model_dump(exclude_unset=True, exclude={"effective_from"}).items() if v is not None
    }
    row = await service.new_version(
        session=session, code=code, changes=changes, effective_from=change.effective_from, principal=principal
    )
    return definition_out(row, await list_counties(session=session))
