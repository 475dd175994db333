"""Behind the gateway a service answers with gateway paths; `Accept-Language: zh-TW` gets Chinese titles."""

import pytest
from carenet_core.errors import localised_title, wants_chinese

PREFIX = {"X-Forwarded-Prefix": "/probe-svc"}


async def test_location_and_instance_carry_the_gateway_prefix(client, auth):
    h = auth("case_worker")
    r = await client.post("/v1/widgets", json={"name": "w"}, headers={**h, **PREFIX, "Idempotency-Key": "k-1"})
    assert r.status_code == 201
    wid = r.json()["id"]
    assert r.headers["location"] == f"/probe-svc/v1/widgets/{wid}"
    replay = await client.post("/v1/widgets", json={"name": "w"}, headers={**h, **PREFIX, "Idempotency-Key": "k-1"})
    assert replay.headers["location"] == f"/probe-svc/v1/widgets/{wid}"  # a replay too
    missing = await client.get("/v1/widgets/nope", headers={**h, **PREFIX})
    assert missing.status_code == 404 and missing.json()["instance"] == "/probe-svc/v1/widgets/nope"


async def test_called_directly_paths_are_the_services_own(client, auth):
    h = auth("case_worker")
    r = await client.post("/v1/widgets", json={"name": "w"}, headers=h)
    assert r.headers["location"] == f"/v1/widgets/{r.json()['id']}"
    bad = await client.get("/v1/widgets/x", headers={**h, "X-Forwarded-Prefix": "https://evil.example/"})
    assert bad.json()["instance"] == "/v1/widgets/x"  # only a plain path segment is honoured


async def test_problem_titles_follow_accept_language_and_the_code_does_not(client, auth):
    h = auth("case_worker")
    en = (await client.get("/v1/widgets/x", headers=h)).json()
    zh = (await client.get("/v1/widgets/x", headers={**h, "Accept-Language": "zh-TW,zh;q=0.9,en;q=0.5"})).json()
    assert en["title"] == "Not found" and zh["title"] == "查無資料" and en["code"] == zh["code"] == "not_found"
    invalid = await client.post("/v1/widgets", json={}, headers={**h, "Accept-Language": "zh-TW"})
    assert invalid.status_code == 422 and invalid.json()["title"] == "輸入資料有誤"
    assert invalid.json()["code"] == "validation_error"


@pytest.mark.parametrize(
    ("header", "chinese"),
    [
        ("zh-TW", True),
        ("zh-Hant", True),
        ("en, zh-TW;q=0.5", False),
        ("zh-TW;q=0.4, en;q=0.9", False),
        ("", False),
        (None, False),
        ("fr", False),
        ("zh", True),
    ],
)
def test_wants_chinese(header, chinese):
    assert wants_chinese(header) is chinese


def test_a_title_without_a_translation_of_its_code_falls_back_to_its_status():
    assert localised_title(409, "slot_taken", "Slot taken") == "資料衝突"
    assert localised_title(418, "teapot", "I'm a teapot") == "I'm a teapot"


def test_examples_are_shown_whole_and_inherited_ones_that_do_not_fit_are_dropped():
    from carenet_core.errors import complete_examples

    nullable = {"anyOf": [{"type": "string"}, {"type": "null"}]}
    parent_example = {"name": "w"}
    schemas = {
        "WidgetIn": {"properties": {"name": {"type": "string"}}, "required": ["name"], "examples": [parent_example]},
        "WidgetOut": {  # `class WidgetOut(WidgetIn)` inherits the example, which lacks `id`
            "properties": {"name": {"type": "string"}, "id": {"type": "string"}, "note": nullable},
            "required": ["name", "id", "note"],
            "examples": [dict(parent_example)],
        },
        "Note": {
            "properties": {"id": {"type": "string"}, "note": nullable},
            "required": ["id", "note"],
            "examples": [{"id": "n1"}],
        },
    }
    complete_examples(schemas)
    assert "examples" not in schemas["WidgetOut"]
    assert schemas["Note"]["examples"] == [{"id": "n1", "note": None}]  # omitted nullable field shown as null
    assert schemas["WidgetIn"]["examples"] == [{"name": "w"}] and parent_example == {"name": "w"}
