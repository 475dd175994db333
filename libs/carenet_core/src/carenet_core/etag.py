"""ETag and If-Match for every single resource: one scheme, the record's version number.

A resource that can be edited carries an integer `version` column, bumped on every change; its ETag
is `"<version>"`. A `PATCH`/`PUT` must send `If-Match` with the ETag last read: missing → 428,
another version → 412 with the current ETag, so nobody overwrites a change they have not seen.
"""

from __future__ import annotations

from fastapi import Response

from .errors import PreconditionFailed, PreconditionRequired


def etag(version: int) -> str:
    """The ETag of a record at `version`."""
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


def check_if_match(if_match: str | None, version: int) -> None:
    """`If-Match` must name the current version: missing → 428, another → 412 (never a silent overwrite)."""
    if if_match is None:
        raise PreconditionRequired("send If-Match with the ETag you last read", code="if_match_required")
    wanted = {t.strip().removeprefix("W/") for t in if_match.split(",")}
    if "*" not in wanted and etag(version) not in wanted:
        raise PreconditionFailed(
            "the record changed since you read it", code="etag_mismatch", current_etag=etag(version)
        )
