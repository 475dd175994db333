"""The crisis answer names the caller's county's crisis resources, asked over HTTP from the resources service."""

import asyncio
import socket

import pytest

HOTLINE = {
    "id": "res-hotline",
    "county": "TW-HUA",
    "name": "花蓮縣心理衛生專線",
    "phone": "03-822-7083",
    "categories": ["crisis_line", "suicide_prevention"],
    "address": "花蓮縣花蓮市",
}
CENTRE = {
    "id": "res-centre",
    "county": "TW-HUA",
    "name": "花蓮縣自殺防治中心",
    "phone": None,
    "categories": ["suicide_prevention"],
    "address": "花蓮縣吉安鄉",
}
ELSEWHERE = {**HOTLINE, "id": "res-miaoli", "county": "TW-MIA", "name": "苗栗縣專線"}


@pytest.fixture
async def resources_server():
    """The resources service's public `GET /v1/resources`, served over HTTP by a real server on a free port."""
    import uvicorn
    from fastapi import FastAPI, Request

    directory = [HOTLINE, CENTRE, ELSEWHERE]
    seen: list[dict[str, str]] = []
    fake = FastAPI()

    @fake.get("/v1/resources")
    async def search(request: Request, county: str, category: str) -> dict:
        seen.append(dict(request.query_params))
        if county == "TW-ERR":
            raise RuntimeError("the directory is down")  # a 500 from upstream
        return {"items": [r for r in directory if r["county"] == county and category in r["categories"]]}

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(fake, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    for _ in range(1000):  # until the server listens (safety bound only)
        if server.started:
            break
        await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", seen
    server.should_exit = True
    await task


def closed_port_url() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there any more
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def resources_at(app):
    """Point the running app's `resources_url` at a URL for this test only."""
    original = app.state.settings

    def point(url: str) -> None:
        app.state.settings = original.model_copy(update={"resources_url": url})

    yield point
    app.state.settings = original


async def crisis(client, auth, county="TW-HUA"):
    r = await client.post("/v1/crisis", headers=auth("employee", county=county), json={"kind": "psychological"})
    assert r.status_code == 200, r.text
    return r.json()


async def test_the_crisis_answer_lists_the_callers_county_resources(client, auth, resources_server, resources_at):
    url, seen = resources_server
    resources_at(url)
    body = await crisis(client, auth)
    assert body["resources_available"] is True
    # each resource once, though the hotline is in both categories; another county's never
    assert [r["id"] for r in body["resources"]] == ["res-hotline", "res-centre"]
    assert body["resources"][0] == {k: HOTLINE[k] for k in ("id", "name", "phone", "categories", "address")}
    assert body["resources"][1]["phone"] is None
    assert sorted((q["county"], q["category"]) for q in seen) == [
        ("TW-HUA", "crisis_line"),
        ("TW-HUA", "suicide_prevention"),
    ]
    assert {"1925", "119"} <= {c["phone"] for c in body["escalation_contacts"]}


async def test_a_county_without_resources_is_available_but_empty(client, auth, resources_server, resources_at):
    url, _ = resources_server
    resources_at(url)
    body = await crisis(client, auth, county="TW-TTT")
    assert (body["resources"], body["resources_available"]) == ([], True)


async def test_an_unreachable_resources_service_still_gives_the_crisis_answer(client, auth, resources_at):
    resources_at(closed_port_url())
    body = await crisis(client, auth)
    assert (body["resources"], body["resources_available"]) == ([], False)
    assert {"1925", "119", "110"} <= {c["phone"] for c in body["escalation_contacts"]}


async def test_an_upstream_error_still_gives_the_crisis_answer(client, auth, resources_server, resources_at):
    url, seen = resources_server
    resources_at(url)
    body = await crisis(client, auth, county="TW-ERR")
    assert seen and (body["resources"], body["resources_available"]) == ([], False)


async def test_resources_are_off_while_the_url_is_empty(app, client, auth):
    assert app.state.settings.resources_url == ""
    body = await crisis(client, auth)
    assert (body["resources"], body["resources_available"]) == ([], False)
