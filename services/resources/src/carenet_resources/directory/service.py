"""Use cases of the directory: create, edit (with history), read, list stale entries for review."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from carenet_core import clock
from carenet_core.auth import Principal
from carenet_core.db import get_or_404
from carenet_core.errors import Conflict, Forbidden, NotFound, RuleViolation
from carenet_core.etag import check_if_match
from carenet_core.pagination import keyset_after, page_of
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from . import rules
from .models import Resource, ResourceCategory, ResourceRevision
from .schemas import ResourceIn, ResourceOut, ResourcePage, ResourcePatch, RevisionList, RevisionOut

# Fields a change is recorded for, in the order they are shown.
TRACKED = (
    "name",
    "district",
    "categories",
    "address",
    "lat",
    "lon",
    "phone",
    "hours",
    "languages",
    "accessibility",
    "fees",
    "eligibility",
    "source",
    "last_checked_on",
)


def view(resource: Resource, *, stale_after_months: int, distance_km: float | None = None) -> ResourceOut:
    """The public shape of an entry, with `stale` judged today (Taipei)."""
    return ResourceOut(
        id=resource.id,
        county=resource.county,
        district=resource.district,
        name=resource.name,
        categories=resource.categories,
        address=resource.address,
        lat=resource.lat,
        lon=resource.lon,
        phone=resource.phone,
        hours=resource.hours,
        languages=resource.languages,
        accessibility=resource.accessibility,
        fees=resource.fees,
        eligibility=resource.eligibility,
        source=resource.source,
        source_id=resource.source_id,
        last_checked_on=resource.last_checked_on,
        stale=rules.is_stale(resource.last_checked_on, clock.today(), stale_after_months),
        version=resource.version,
        created_at=resource.created_at,
        updated_at=resource.updated_at,
        distance_km=None if distance_km is None else round(distance_km, 3),
    )


def _own_county(principal: Principal, county: str) -> None:
    if principal.county_scope() not in (None, county):
        raise Forbidden("a county admin adds entries to their own county only", code="other_county")


def _checked_on(day: date | None) -> date:
    today = clock.today()
    if day is None:
        return today
    if day > today:
        raise RuleViolation(f"last_checked_on {day} is in the future", code="checked_in_the_future")
    return day


def editable_fields(body: ResourceIn | ResourcePatch, *, exclude_unset: bool = False) -> dict[str, Any]:
    """The tracked fields of a body as stored: JSON-ready hours, a checked day that is not in the future."""
    fields = body.model_dump(mode="json", include=set(TRACKED), exclude_unset=exclude_unset)
    if "last_checked_on" in fields or not exclude_unset:
        fields["last_checked_on"] = _checked_on(body.last_checked_on)
    return fields


def _current(resource: Resource, name: str) -> Any:
    return resource.categories if name == "categories" else getattr(resource, name)


def _set_categories(resource: Resource, categories: list[str]) -> None:
    resource.category_rows = [ResourceCategory(category=c) for c in sorted(set(categories))]


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


async def find_by_source_id(*, session: AsyncSession, county: str, source_id: str) -> Resource | None:
    """The county's entry with this source id, locked for update, if there is one."""
    stmt = select(Resource).where(Resource.county == county, Resource.source_id == source_id).with_for_update()
    return (await session.scalars(stmt)).first()


async def create_resource(
    *, session: AsyncSession, principal: Principal, body: ResourceIn, via: str = "created"
) -> Resource:
    """A new entry in the caller's county, version 1, its creation recorded in the history."""
    _own_county(principal, body.county)
    if body.source_id is not None:
        existing = await find_by_source_id(session=session, county=body.county, source_id=body.source_id)
        if existing is not None:
            raise Conflict(
                f"source id {body.source_id} is already entry {existing.id}", code="source_id_exists", id=existing.id
            )
    now = clock.now()
    rid = str(uuid.uuid4())
    fields = editable_fields(body)
    fields.pop("categories")
    resource = Resource(
        id=rid,
        county=body.county,
        source_id=body.source_id or f"carenet:{rid}",
        version=1,
        created_at=now,
        updated_at=now,
        **fields,
    )
    _set_categories(resource, body.categories)
    session.add(resource)
    await session.flush()
    session.add(
        ResourceRevision(
            resource_id=rid,
            version=1,
            changed_at=now,
            changed_by=principal.sub,
            via=via,
            changes={k: [None, _json(_current(resource, k))] for k in TRACKED if _current(resource, k) is not None},
        )
    )
    return resource


def apply_changes(
    *, session: AsyncSession, resource: Resource, principal: Principal, changes: dict[str, Any], via: str
) -> bool:
    """Set the changed fields, bump the version and record the revision; False (and nothing written) when nothing differs."""
    diff: dict[str, list[Any]] = {}
    for name, new in changes.items():
        old = _current(resource, name)
        if name == "categories":
            new = sorted(set(new))
        if old != new:
            diff[name] = [_json(old), _json(new)]
            if name == "categories":
                _set_categories(resource, new)
            else:
                setattr(resource, name, new)
    if not diff:
        return False
    resource.version += 1
    resource.updated_at = clock.now()
    session.add(
        ResourceRevision(
            resource_id=resource.id,
            version=resource.version,
            changed_at=resource.updated_at,
            changed_by=principal.sub,
            via=via,
            changes=diff,
        )
    )
    return True


async def load_for_edit(*, session: AsyncSession, principal: Principal, resource_id: str) -> Resource:
    """The entry, locked, when it is in the caller's county; 404 otherwise (another county's entry is not theirs)."""
    resource = await session.get(Resource, resource_id, with_for_update=True)
    if resource is None or principal.county_scope() not in (None, resource.county):
        raise NotFound(f"no resource {resource_id}")
    return resource


async def edit_resource(
    *, session: AsyncSession, principal: Principal, resource_id: str, patch: ResourcePatch, if_match: str | None
) -> Resource:
    """The entry after the change, when `If-Match` names its current version (428/412 otherwise)."""
    resource = await load_for_edit(session=session, principal=principal, resource_id=resource_id)
    check_if_match(if_match, resource.version)
    changes = editable_fields(patch, exclude_unset=True)
    for required in ("name", "district", "categories", "address", "lat", "lon"):
        if required in changes and changes[required] is None:
            raise RuleViolation(f"{required} cannot be removed", code="required_field")
    if changes.get("languages") is None and "languages" in changes:
        changes["languages"] = []
    if changes.get("accessibility") is None and "accessibility" in changes:
        changes["accessibility"] = []
    apply_changes(session=session, resource=resource, principal=principal, changes=changes, via="edit")
    return resource


async def get_resource(*, session: AsyncSession, resource_id: str) -> Resource:
    """One entry of any county (the directory is public); 404 when absent."""
    resource = await get_or_404(session, Resource, resource_id, detail=f"no resource {resource_id}")
    return resource


async def history(*, session: AsyncSession, principal: Principal, resource_id: str) -> RevisionList:
    """Every change of an entry of the caller's county, oldest first; 404 outside it."""
    resource = await session.get(Resource, resource_id)
    if resource is None or principal.county_scope() not in (None, resource.county):
        raise NotFound(f"no resource {resource_id}")
    rows = await session.scalars(
        select(ResourceRevision).where(ResourceRevision.resource_id == resource_id).order_by(ResourceRevision.version)
    )
    return RevisionList(items=[RevisionOut.model_validate(r, from_attributes=True) for r in rows])


async def stale_entries(
    *,
    session: AsyncSession,
    principal: Principal,
    county: str | None,
    stale_after_months: int,
    limit: int,
    cursor: str | None,
) -> ResourcePage:
    """The county's entries not checked for `stale_after_months` months, longest unchecked first."""
    scope = principal.county_scope()
    if scope is not None and county not in (None, scope):
        raise NotFound(f"no directory for {county} in your jurisdiction")
    county = scope or county
    if county is None:
        raise RuleViolation("say which county (?county=)", code="county_required")
    before = rules.stale_before(clock.today(), stale_after_months)
    stmt = select(Resource).where(Resource.county == county, Resource.last_checked_on < before)
    stmt = keyset_after(stmt, [Resource.last_checked_on, Resource.id], cursor, types=[date.min, ""])
    rows = list((await session.scalars(stmt.limit(limit + 1))).all())
    page = page_of(rows, limit, lambda r: [r.last_checked_on.isoformat(), r.id])
    return ResourcePage(
        items=[view(r, stale_after_months=stale_after_months) for r in page.items], next_cursor=page.next_cursor
    )
