"""The console's only source of data: the gateway's public API, called with the signed-in person's own token.

Every rule, role and jurisdiction check stays in the services: a 403 from the API becomes the console's
403 page, a 404 (also: another county's record) its "not found" page, a 401 a new sign-in.
"""

from __future__ import annotations

from typing import Any

import httpx


class ApiError(Exception):
    """A non-2xx answer of the API, with its problem body when there is one."""

    def __init__(self, status: int, problem: dict[str, Any] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.problem = problem or {}

    @property
    def detail(self) -> str:
        return str(self.problem.get("detail") or self.problem.get("title") or self.status)


class GatewayClient:
    def __init__(self, base_url: str, timeout: float, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=timeout,
            transport=transport,
            headers={"Accept-Language": "zh-TW"},
        )

    async def close(self) -> None:
        await self.http.aclose()

    async def request(
        self,
        method: str,
        path: str,
        token: str | None,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        ok: tuple[int, ...] = (200, 201),
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        headers = {**(headers or {}), **({"Authorization": f"Bearer {token}"} if token else {})}
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        try:
            r = await self.http.request(method, path, params=clean, json=json, headers=headers)
        except httpx.HTTPError as exc:
            raise ApiError(503, {"title": "無法連線至閘道", "detail": type(exc).__name__}) from exc
        if r.status_code not in ok:
            problem: dict[str, Any] = {}
            if "json" in r.headers.get("content-type", ""):
                try:
                    body = r.json()
                    problem = body if isinstance(body, dict) else {}
                except ValueError:
                    problem = {}
            raise ApiError(r.status_code, problem)
        return r

    async def get(self, path: str, token: str | None, **params: Any) -> Any:
        return (await self.request("GET", path, token, params=params)).json()

    async def post(self, path: str, token: str | None, body: Any, ok: tuple[int, ...] = (200, 201)) -> Any:
        return (await self.request("POST", path, token, json=body, ok=ok)).json()
