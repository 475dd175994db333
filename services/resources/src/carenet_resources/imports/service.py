"""Importing a county's open-data CSV: every row checked alone, stored by source id (add or update)."""

from __future__ import annotations

from typing import Any

from carenet_core.auth import Principal
from carenet_core.errors import Forbidden, RuleViolation
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from ..directory import service as directory
from ..directory.schemas import ResourceIn
from . import rules
from .schemas import ImportResult, RejectedRow


def _reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", "invalid"))
    return "; ".join(parts)


def _county(principal: Principal, county: str | None) -> str:
    scope = principal.county_scope()
    if scope is not None and county not in (None, scope):
        raise Forbidden("a county admin imports into their own county only", code="other_county")
    chosen = county or scope
    if not chosen:
        raise RuleViolation("say which county the file is for", code="county_required")
    return chosen


async def import_csv(
    *, session: AsyncSession, principal: Principal, data: bytes, county: str | None, source: str, max_rows: int
) -> ImportResult:
    """Counts of added, updated and unchanged entries and each refused row's index and reason; a file that
    cannot be read at all (encoding, header, size) is refused whole with 422 and changes nothing."""
    county = _county(principal, county)
    try:
        file = rules.read_csv(rules.decode(data))
    except ValueError as exc:
        raise RuleViolation(str(exc), code="unreadable_file") from None
    if len(file.rows) > max_rows:
        raise RuleViolation(f"{len(file.rows)} rows; one import takes at most {max_rows}", code="too_many_rows")

    result = ImportResult(accepted=0, updated=0, unchanged=0, rejected=[])
    first_seen: dict[str, int] = {}
    for index, row in rules.rows_of(file):
        if isinstance(row, rules.RowError):
            result.rejected.append(RejectedRow(index=index, reason=str(row)))
            continue
        source_id = row.get("source_id")
        if not source_id:
            result.rejected.append(RejectedRow(index=index, reason="no source id"))
            continue
        if source_id in first_seen:
            reason = f"source id {source_id} is also row {first_seen[source_id]} of this file"
            result.rejected.append(RejectedRow(index=index, reason=reason))
            continue
        first_seen[source_id] = index
        try:
            body = ResourceIn.model_validate({**row, "county": county, "source": source})
        except ValidationError as exc:
            result.rejected.append(RejectedRow(index=index, reason=_reason(exc)))
            continue
        try:
            outcome = await _store(session=session, principal=principal, body=body, source_id=source_id)
        except RuleViolation as exc:
            result.rejected.append(RejectedRow(index=index, reason=str(exc.detail)))
            continue
        if outcome == "accepted":
            result.accepted += 1
        elif outcome == "updated":
            result.updated += 1
        else:
            result.unchanged += 1
    return result


async def _store(*, session: AsyncSession, principal: Principal, body: ResourceIn, source_id: str) -> str:
    existing = await directory.find_by_source_id(session=session, county=body.county, source_id=source_id)
    if existing is None:
        await directory.create_resource(session=session, principal=principal, body=body, via="import")
        return "accepted"
    changes: dict[str, Any] = directory.editable_fields(body)
    if "hours" in body.model_fields_set and existing.hours is not None:
        # A file carries weekly hours only: the exceptions edited in the directory stay.
        changes["hours"] = {**changes["hours"], "exceptions": existing.hours.get("exceptions", [])}
    elif "hours" not in body.model_fields_set:
        changes.pop("hours")
    changed = directory.apply_changes(
        session=session, resource=existing, principal=principal, changes=changes, via="import"
    )
    return "updated" if changed else "unchanged"
