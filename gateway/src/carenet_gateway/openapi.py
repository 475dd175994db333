"""One OpenAPI for all: the four services' specs merged under their prefixes."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp

from .config import SERVICES

CACHE_SECONDS = 30.0
# The gateway's own routes that need no token.
GATEWAY_PUBLIC = frozenset({"/auth/dev-token", "/health", "/ready", "/livez"})


def _prefix_name(service: str) -> str:
    return "".join(p.capitalize() for p in service.split("-"))


def _camel(service: str) -> str:
    """`case-mgmt` → `caseMgmt` (the operationId prefix)."""
    head, *rest = service.split("-")
    return head + "".join(p.capitalize() for p in rest)


def _retitle(schemas: dict[str, Any]) -> None:
    """Each schema's `title` is its (namespaced) component name: generated clients get unique, typed classes."""
    for name, schema in schemas.items():
        if isinstance(schema, dict):
            schema["title"] = name


def _rewrite_refs(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#/components/schemas/"):
                out[k] = "#/components/schemas/" + prefix + "_" + v.rsplit("/", 1)[1]
            else:
                out[k] = _rewrite_refs(v, prefix)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(v, prefix) for v in node]
    return node


def _add_gateway_responses(op: dict[str, Any], prefix: str, *, with_body: bool) -> None:
    """Answers the gateway itself may give on any service route."""
    problem = {"application/problem+json": {"schema": {"$ref": f"#/components/schemas/{prefix}_ProblemDetail"}}}
    extra = {
        "401": "Authentication required",
        "429": "Too many requests (see Retry-After)",
        "503": "The service is down or did not answer in time",
    }
    if with_body:
        extra["413"] = "Payload too large"
    for status, description in extra.items():
        op.setdefault("responses", {}).setdefault(status, {"description": description, "content": problem})


def merge_specs(
    gateway_spec: dict[str, Any], specs: dict[str, dict[str, Any]], public: frozenset[tuple[str, str]] = frozenset()
) -> dict[str, Any]:
    """Gateway's own paths plus every service's, paths prefixed `/<service>`, schemas namespaced.

    Operation ids are `<service>_<handler>` in camelCase (`caseMgmt_openCase`), every tag used is
    declared with a description, and `public` (method, path) pairs — routes the gateway lets through
    without a token — declare `security: []`.
    """
    merged: dict[str, Any] = {
        "openapi": gateway_spec.get("openapi", "3.1.0"),
        "info": {
            "title": "CareNet API",
            "version": "1.0.0",
            "contact": {"name": "The county health department's CareNet operators (docs/operations.md)"},
            "description": "All CareNet services behind the gateway. Authenticate with a bearer token "
            "(in dev: POST /auth/dev-token).",
        },
        "paths": dict(gateway_spec.get("paths", {})),
        "components": {
            "schemas": dict(gateway_spec.get("components", {}).get("schemas", {})),
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
        "security": [{"bearerAuth": []}],
        "servers": [{"url": "/", "description": "this gateway"}],
        "tags": [{"name": "gateway", "description": "The gateway itself: health, readiness, development tokens"}],
    }
    for path, item in merged["paths"].items():
        for op in item.values():
            if isinstance(op, dict) and "operationId" in op:
                op["operationId"] = f"gateway_{op['operationId']}"
            if isinstance(op, dict) and path in GATEWAY_PUBLIC:
                op["security"] = []
    for service, spec in specs.items():
        prefix = _prefix_name(service)
        spec = _rewrite_refs(spec, prefix)
        for name, schema in spec.get("components", {}).get("schemas", {}).items():
            merged["components"]["schemas"][f"{prefix}_{name}"] = schema
        area_tags: set[str] = set()
        for path, item in spec.get("paths", {}).items():
            if not path.startswith("/v1/"):
                continue  # health, readiness and metrics are the gateway's business
            for method, op in item.items():
                if isinstance(op, dict) and "operationId" in op:
                    op["operationId"] = f"{_camel(service)}_{op['operationId']}"
                    areas = [f"{service}: {t}" for t in op.get("tags", []) if t != service]
                    area_tags.update(areas)
                    op["tags"] = [service, *areas]
                    _add_gateway_responses(op, prefix, with_body=method in ("post", "put", "patch"))
                    if (method.upper(), f"/{service}{path}") in public:
                        op["security"] = []
            merged["paths"][f"/{service}{path}"] = item
        title = spec.get("info", {}).get("title", service)
        merged["tags"].append({"name": service, "description": title})
        merged["tags"] += [{"name": t, "description": f"{title} — {t.split(': ', 1)[1]}"} for t in sorted(area_tags)]
    _retitle(merged["components"]["schemas"])
    return merged


class SpecCache:
    def __init__(self, upstreams: dict[str, str]) -> None:
        self.upstreams = upstreams
        self.specs: dict[str, dict[str, Any]] = {}
        self.fetched_at = 0.0

    async def get(self, session: aiohttp.ClientSession, wait: float) -> dict[str, dict[str, Any]]:
        if time.monotonic() - self.fetched_at < CACHE_SECONDS and len(self.specs) == len(SERVICES):
            return self.specs

        async def one(name: str) -> None:
            # `wait` is the one setting `spec_timeout`, sized for a service's first build of its spec
            try:
                async with session.get(
                    self.upstreams[name] + "/openapi.json", timeout=aiohttp.ClientTimeout(total=wait)
                ) as r:
                    if r.status == 200:
                        self.specs[name] = await r.json()
            except (TimeoutError, aiohttp.ClientError):
                pass  # keep the last copy we had of a service that is down

        await asyncio.gather(*(one(n) for n in SERVICES))
        self.fetched_at = time.monotonic()
        return {n: self.specs[n] for n in SERVICES if n in self.specs}
