"""One error model: a small hierarchy rendered as RFC 9457 problem+json by one set of handlers."""

from __future__ import annotations

import copy
import re
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .forwarded import PREFIX_PATTERN

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:carenet:problem:"
log = structlog.get_logger("carenet.errors")


class FieldError(BaseModel):
    field: str = Field(examples=["body.national_id"])
    message: str
    type: str | None = None


class ProblemDetail(BaseModel):
    """RFC 9457 problem details, plus a machine `code` and per-field `errors`."""

    type: str = Field(examples=["urn:carenet:problem:not_found"])
    title: str
    status: int
    detail: str | None = None
    code: str
    instance: str | None = None
    errors: list[FieldError] | None = None

    model_config = {"extra": "allow"}


class Problem(Exception):
    status = 500
    code = "internal_error"
    title = "Internal error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        title: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.code = code or self.code
        self.title = title or self.title
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra


class BadRequest(Problem):
    status, code, title = 400, "bad_request", "Bad request"


class Unauthorized(Problem):
    status, code, title = 401, "unauthorized", "Authentication required"


class Forbidden(Problem):
    status, code, title = 403, "forbidden", "Not allowed for this role"


class NotFound(Problem):
    status, code, title = 404, "not_found", "Not found"


class Conflict(Problem):
    status, code, title = 409, "conflict", "Conflict"


class PreconditionFailed(Problem):
    status, code, title = 412, "precondition_failed", "Precondition failed"


class PreconditionRequired(Problem):
    status, code, title = 428, "precondition_required", "Precondition required"


class PayloadTooLarge(Problem):
    status, code, title = 413, "payload_too_large", "Payload too large"


class RuleViolation(Problem):
    status, code, title = 422, "rule_violation", "Rule violation"


class TooManyRequests(Problem):
    status, code, title = 429, "rate_limited", "Too many requests"


class ServiceUnavailable(Problem):
    status, code, title = 503, "unavailable", "Service unavailable"


def problem_body(
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    *,
    errors: list[dict[str, Any]] | None = None,
    instance: str | None = None,
    extra: dict[str, Any] | None = None,
    **more: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {"type": TYPE_PREFIX + code, "title": title, "status": status, "code": code}
    if detail is not None:
        body["detail"] = detail
    if instance is not None:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    # Extra members never replace the standard ones (a `status` of a booking is not the HTTP status).
    for k, v in {**(extra or {}), **more}.items():
        body[k if k not in body else f"{k}_"] = v
    return body


def problem_response(
    status: int, code: str, title: str, detail: str | None = None, *, headers: dict[str, str] | None = None, **kw: Any
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, code, title, detail, **kw),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()))
        out.append({"field": loc, "message": err.get("msg", "invalid"), "type": err.get("type")})
    return out


# SQLSTATE classes that mean "the database is not there right now", not "your input is wrong":
# 08 connection exception, 53 insufficient resources, 57P0x admin shutdown / crash / cannot connect now.
_UNAVAILABLE_STATES = ("08", "53", "57P01", "57P02", "57P03")


def _unavailable_state(exc: DBAPIError) -> bool:
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(getattr(orig, "__cause__", None), "sqlstate", None)
    return bool(state) and str(state).startswith(_UNAVAILABLE_STATES)


def _client_side_data_error(exc: DBAPIError) -> bool:
    """asyncpg refuses a parameter before sending it (e.g. an integer beyond int64): bad input."""
    cause = getattr(exc.orig, "__cause__", None)
    return type(cause).__name__ == "DataError" or "invalid input for query argument" in str(exc.orig)


def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("database_unavailable", path=request.url.path, error=type(getattr(exc, "orig", exc)).__name__)
    return _render(
        request, 503, "database_unavailable", "Database unavailable", "try again shortly", headers={"Retry-After": "2"}
    )


_PREFIX_RE = re.compile(PREFIX_PATTERN)


def gateway_prefix(request: Request) -> str:
    """The gateway's path prefix for this service (`X-Forwarded-Prefix: /case-mgmt`), or "" when called directly."""
    prefix = request.headers.get("x-forwarded-prefix", "")
    return prefix if _PREFIX_RE.match(prefix) else ""


def wants_chinese(accept_language: str | None) -> bool:
    """`Accept-Language` asks for Traditional Chinese first (zh-TW, zh-Hant, zh) — q-values respected."""
    best, best_q = "", -1.0
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and q > best_q:
            best, best_q = tag.strip().lower(), q
    return best in {"zh-tw", "zh-hant", "zh-hant-tw", "zh"}


def _render(
    request: Request,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    *,
    headers: dict[str, str] | None = None,
    **kw: Any,
) -> JSONResponse:
    """The problem for this request: `instance` as the gateway path, the title in the caller's language."""
    if wants_chinese(request.headers.get("accept-language")):
        title = localised_title(status, code, title)
    body = problem_body(status, code, title, detail, instance=gateway_prefix(request) + request.url.path, **kw)
    return JSONResponse(
        body,
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Render every error — ours, validation, routing, database, unexpected — as problem+json."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return _render(
            request,
            exc.status,
            exc.code,
            exc.title,
            exc.detail,
            errors=exc.errors,
            extra=exc.extra,
            headers=exc.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _field_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        return _render(request, 422, "validation_error", "Invalid input", detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # The framework could not parse the body (bad encoding, not JSON): bad input, like any other.
            return _render(request, 422, "invalid_body", "Invalid input", str(exc.detail))
        code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(exc.status_code, "http_error")
        return _render(
            request,
            exc.status_code,
            code,
            str(exc.detail),
            None,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        log.info("integrity_conflict", path=request.url.path, error=type(exc.orig).__name__)
        return _render(request, 409, "conflict", "Conflict", "the change conflicts with existing data")

    @app.exception_handler(DBAPIError)
    async def _dbapi(request: Request, exc: DBAPIError) -> JSONResponse:
        if isinstance(exc, DataError) or _client_side_data_error(exc):
            # e.g. a value out of the column's range: the input is at fault, not the server.
            log.info("database_rejected_value", path=request.url.path, error=type(exc.orig).__name__)
            return _render(request, 422, "invalid_value", "Invalid input", "a value is out of range")
        if exc.connection_invalidated or isinstance(exc, (OperationalError, InterfaceError)) or _unavailable_state(exc):
            return _database_unavailable(request, exc)
        log.exception("database_error", path=request.url.path)
        return _render(request, 500, "internal_error", "Internal error", None)

    @app.exception_handler(OSError)
    async def _os_error(request: Request, exc: OSError) -> JSONResponse:
        # The database (or another dependency) refused or dropped the connection.
        return _database_unavailable(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return _render(request, 500, "internal_error", "Internal error", None)


# 問題標題 — Traditional Chinese titles; `code` never changes with the language.
ZH_TITLES_BY_CODE = {
    "validation_error": "輸入資料有誤",
    "invalid_body": "輸入資料有誤",
    "invalid_value": "輸入值超出範圍",
    "invalid_cursor": "分頁游標無效",
    "unauthorized": "需要登入",
    "token_expired": "登入已逾時",
    "forbidden": "此角色無此權限",
    "not_found": "查無資料",
    "method_not_allowed": "不支援此方法",
    "conflict": "資料衝突",
    "precondition_failed": "資料已被他人更新",
    "etag_mismatch": "資料已被他人更新",
    "precondition_required": "需要 If-Match 標頭",
    "if_match_required": "需要 If-Match 標頭",
    "payload_too_large": "內容過大",
    "rate_limited": "請求過於頻繁",
    "database_unavailable": "資料庫暫時無法使用",
    "service_unavailable": "服務暫時無法使用",
    "service_timeout": "服務未及時回應",
    "unavailable": "服務暫時無法使用",
    "internal_error": "系統內部錯誤",
    "below_legal_minimum": "低於法定下限",
    "tier_locked": "級數鎖定期間不得調整",
    "face_to_face_required": "降級前須有實際面訪",
    "quarter_not_ended": "該季尚未結束",
    "self_review": "不得審查本人查詢紀錄",
}
ZH_TITLES_BY_STATUS = {
    400: "請求格式錯誤",
    401: "需要登入",
    403: "此角色無此權限",
    404: "查無資料",
    405: "不支援此方法",
    409: "資料衝突",
    412: "資料已被他人更新",
    413: "內容過大",
    422: "輸入資料或規則不符",
    428: "需要 If-Match 標頭",
    429: "請求過於頻繁",
    500: "系統內部錯誤",
    503: "服務暫時無法使用",
}


def localised_title(status: int, code: str, title: str) -> str:
    """The Traditional Chinese title of a problem (by its code, else its status; the English one as a last resort)."""
    return ZH_TITLES_BY_CODE.get(code) or ZH_TITLES_BY_STATUS.get(status) or title


_TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Not allowed for this role",
    404: "Not found",
    409: "Conflict",
    412: "Precondition failed",
    413: "Payload too large",
    422: "Rule violation or invalid input",
    429: "Too many requests",
    503: "Service unavailable",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the problem statuses a route can answer."""
    return {
        s: {
            "model": ProblemDetail,
            "description": _TITLES.get(s, "Problem"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}},
        }
        for s in (401, *statuses)
    }


def _local_times(node: Any) -> None:
    """pydantic documents `datetime.time` as RFC 3339 `format: time` (which needs an offset) but
    writes wall-clock times without one ("09:00:00"): describe them as what they are."""
    if isinstance(node, dict):
        if node.get("format") == "time" and node.get("type") == "string":
            del node["format"]
            node.setdefault("pattern", r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
            node.setdefault("description", "a wall-clock time, HH:MM[:SS], Asia/Taipei (no offset)")
        for v in node.values():
            _local_times(v)
    elif isinstance(node, list):
        for v in node:
            _local_times(v)


def problem_openapi(app: FastAPI) -> None:
    """Describe errors as they are sent: every 4xx/5xx response is `application/problem+json`.

    FastAPI documents its own 422 as `application/json` with its `HTTPValidationError`; CareNet
    answers problem+json, so the spec is corrected once, when it is first built.
    """
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        schemas["ProblemDetail"] = ProblemDetail.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas["FieldError"] = (
            schemas["ProblemDetail"].pop("$defs", {}).get("FieldError", FieldError.model_json_schema())
        )
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        _local_times(spec)
        problem = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}}
        for item in spec.get("paths", {}).values():
            for op in item.values():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                responses = op["responses"]
                responses.setdefault("422", {"description": "Invalid input"})
                if any(
                    p.get("in") == "header" and p.get("name", "").lower() == "idempotency-key"
                    for p in op.get("parameters", [])
                ):  # the same key with another body
                    responses.setdefault("409", {"description": "Conflict (e.g. an Idempotency-Key reused)"})
                for status, resp in responses.items():
                    if status[0] in "45":
                        resp["content"] = problem
                    else:  # a file (CSV, XLSX) is bytes: say so, so generated clients type it
                        for media, body in resp.get("content", {}).items():
                            if not body.get("schema") and media != "application/json":
                                body["schema"] = {"type": "string", "format": "binary"}
        complete_examples(schemas)
        app.openapi_schema = spec
        return spec

    app.openapi = openapi  # type: ignore[method-assign]


def _nullable(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "null" or any(_nullable(s) for s in schema.get("anyOf", []) if isinstance(s, dict))


def _complete(example: Any, schema: dict[str, Any], schemas: dict[str, Any], depth: int = 0) -> None:
    """Fill a hand-written example's omitted nullable fields with null, as the service sends them."""
    if depth > 12:
        return
    if "$ref" in schema:
        schema = schemas.get(schema["$ref"].rsplit("/", 1)[1], {})
    for alt in schema.get("anyOf", []):
        if isinstance(alt, dict) and not _nullable(alt) and isinstance(example, (dict, list)):
            _complete(example, alt, schemas, depth + 1)
    if isinstance(example, list) and isinstance(schema.get("items"), dict):
        for item in example:
            _complete(item, schema["items"], schemas, depth + 1)
    if isinstance(example, dict):
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in example and name in props and _nullable(props[name]):
                example[name] = None
        for name, value in example.items():
            if name in props:
                _complete(value, props[name], schemas, depth + 1)


def _inherited(example: Any, schema: dict[str, Any], others: list[Any]) -> bool:
    """An example a model took from its parent (`class Out(In)`) that lacks the subclass's own required fields."""
    if not isinstance(example, dict) or example not in others:
        return False
    return any(
        n not in example and not _nullable(schema.get("properties", {}).get(n, {})) for n in schema.get("required", [])
    )


def complete_examples(schemas: dict[str, Any]) -> None:
    """Response models' examples name what matters; the spec shows them whole (omitted nullable fields as null).

    An example inherited from a parent model that does not describe the child is dropped from the child (a
    wrong example is worse than none); an example written for the model itself is kept as written, so a
    mistake in it still fails the interop test that validates every example.
    """
    for name, schema in schemas.items():
        examples = schema.get("examples")
        if not isinstance(examples, list):
            continue
        others = [e for n, s in schemas.items() if n != name for e in s.get("examples", []) or []]
        kept = [copy.deepcopy(e) for e in examples if not _inherited(e, schema, others)]  # models keep theirs
        if kept:
            schema["examples"] = kept
        else:
            schema.pop("examples")
        for example in kept:
            _complete(example, schema, schemas)
