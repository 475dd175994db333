"""What an integrator meets: clients generated from the live merged OpenAPI (Python and TypeScript)
have every operation and every response typed and work; the spec's examples validate; the docs
pages load nothing from outside; problems speak Traditional Chinese on request."""

from __future__ import annotations

import importlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from carenet_core import clock
from jsonschema import Draft202012Validator

from tests.twid import national_id

ROOT = Path(__file__).resolve().parents[1]
INTEROP = ROOT / "tests" / "interop"
VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def spec(gw) -> dict[str, Any]:
    r = gw.get("/openapi.json")
    assert r.status_code == 200
    return r.json()


@pytest.fixture(scope="module")
def spec_file(spec, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "openapi.json"
    path.write_text(json.dumps(spec, ensure_ascii=False))
    return path


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "responses" in op
    ]


def test_operation_ids_are_unique_and_tags_declared(spec):
    ids = [op["operationId"] for _, _, op in operations(spec)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    declared = {t["name"] for t in spec["tags"]}
    assert {t for _, _, op in operations(spec) for t in op.get("tags", [])} <= declared
    assert all(t.get("description") for t in spec["tags"])
    titles = [s.get("title") for s in spec["components"]["schemas"].values()]
    assert len(titles) == len(set(titles))


def test_public_operations_need_no_token_and_say_so(spec, gw):
    public = {(m, p) for m, p, op in operations(spec) if op.get("security") == []}
    assert {("post", "/auth/dev-token"), ("get", "/health"), ("post", "/eap/v1/self-checks/bsrs5")} <= public
    assert ("post", "/case-mgmt/v1/cases") not in public
    for method, path in public:
        if method == "get" and "{" not in path:
            assert gw.get(path).status_code != 401, path


@pytest.fixture(scope="module")
def python_client(spec_file, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("pyclient")
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(
        [str(VENV_BIN / "openapi-python-client"), "generate", "--path", str(spec_file), "--meta", "none"],
        cwd=out,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return out, proc.stdout + proc.stderr + f"\n(exit {proc.returncode})"


def test_the_python_client_generates_without_a_warning_and_types_every_response(python_client, spec):
    out, log = python_client
    assert "(exit 0)" in log and "Warning" not in log and "Error" not in log, log
    api = out / "care_net_api_client" / "api"
    modules = [p for p in api.rglob("*.py") if p.name != "__init__.py"]
    assert len(modules) == len(operations(spec)), "operations missing from the generated client"
    untyped = [p.name for p in modules if "Response[Any]" in p.read_text()]
    assert not untyped, f"untyped responses: {untyped}"


def test_the_generated_python_client_opens_a_case_records_a_visit_and_reads_the_worklist(python_client, stack, login):
    out, _ = python_client
    sys.path.insert(0, str(out))
    try:
        client_mod = importlib.import_module("care_net_api_client")
        open_case = importlib.import_module("care_net_api_client.api.case_mgmt.case_mgmt_open_case")
        record_visit = importlib.import_module("care_net_api_client.api.case_mgmt.case_mgmt_record_visit")
        worklist = importlib.import_module("care_net_api_client.api.case_mgmt.case_mgmt_worklist")
        models = importlib.import_module("care_net_api_client.models")
        token = login("case_worker", county="TW-MIA", district="頭份市", sub="interop-cw")["Authorization"][7:]
        client = client_mod.AuthenticatedClient(base_url=stack.gateway_url, token=token)
        today = clock.today()
        body = models.CaseMgmtCaseIn.from_dict(
            {
                "national_id": national_id(random.Random()),
                "name": "林小華",
                "birth_date": "1979-03-02",
                "sex": "F",
                "county": "TW-MIA",
                "district": "頭份市",
                "kinds": ["psychiatric"],
                "source": "hospital_discharge",
                "intake_date": (today - timedelta(days=1)).isoformat(),
                "flags": [],
            }
        )
        opened = open_case.sync_detailed(client=client, body=body)
        assert opened.status_code == 201, opened.content
        case = opened.parsed
        assert isinstance(case, models.CaseMgmtCaseOut) and case.tier == 1
        location = opened.headers["location"]
        assert location == f"/case-mgmt/v1/cases/{case.id}"
        visit = models.CaseMgmtVisitIn.from_dict(
            {"id": str(uuid.uuid4()), "visited_at": clock.now().isoformat(), "method": "phone", "outcome": "met"}
        )
        recorded = record_visit.sync_detailed(case_id=case.id, client=client, body=visit, idempotency_key="interop-1")
        assert recorded.status_code == 201, recorded.content
        items = worklist.sync(client=client, days=30, mine=True)
        assert any(i.case_id == case.id for i in items.items)
    finally:
        sys.path.remove(str(out))


def _npm_tools() -> Path:
    bin_dir = INTEROP / "node_modules" / ".bin"
    if not all((bin_dir / tool).exists() for tool in ("openapi-typescript", "tsc", "spectral")):
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed for the TypeScript client test (Node and npm are part of the dev machine)")
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=INTEROP, check=True, timeout=600, capture_output=True
        )
    return bin_dir


def test_the_typescript_client_generates_and_compiles_typed_calls(spec, spec_file, tmp_path):
    tools = _npm_tools()
    out = tmp_path / "api.d.ts"
    proc = subprocess.run(
        [str(tools / "openapi-typescript"), str(spec_file), "-o", str(out)], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "warn" not in (proc.stdout + proc.stderr).lower(), proc.stdout + proc.stderr
    text = out.read_text()
    missing = [op["operationId"] for _, _, op in operations(spec) if f"    {op['operationId']}: {{" not in text]
    assert not missing, f"operations missing from the TypeScript types: {missing}"
    usage = tmp_path / "usage.ts"
    usage.write_text(
        'import type { paths } from "./api";\n'
        'type CaseOut = paths["/case-mgmt/v1/cases/{case_id}"]["get"]["responses"][200]["content"]["application/json"];\n'
        'const due: CaseOut["next_visit_due"] = "2026-11-30";\n'
        'const tier: CaseOut["tier"] = 2;\n'
        "export { due, tier };\n"
    )
    tsc = subprocess.run(
        [str(tools / "tsc"), "--noEmit", "--strict", "--skipLibCheck", str(usage)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert tsc.returncode == 0, tsc.stdout + tsc.stderr
    wrong = tmp_path / "wrong.ts"
    wrong.write_text(
        usage.read_text().replace('const tier: CaseOut["tier"] = 2;', 'const tier: CaseOut["tier"] = "2";')
    )
    assert (
        subprocess.run(
            [str(tools / "tsc"), "--noEmit", "--strict", str(wrong)], capture_output=True, timeout=300
        ).returncode
        != 0
    ), "the generated types must catch a wrong type"


def test_spectral_finds_nothing_to_warn_about(spec_file, tmp_path):
    """The OpenAPI linter integrators run (Spectral's `spectral:oas` ruleset): zero warnings, zero errors."""
    tools = _npm_tools()
    ruleset = tmp_path / ".spectral.yaml"
    ruleset.write_text('extends: ["spectral:oas"]\n')
    proc = subprocess.run(
        [
            str(tools / "spectral"),
            "lint",
            str(spec_file),
            "--ruleset",
            str(ruleset),
            "-f",
            "text",
            "--fail-severity",
            "warn",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def _examples(node: Any, where: str = "#"):
    """(where, schema, example) for every example written beside its schema."""
    if isinstance(node, dict):
        schema = node.get("schema") if "schema" in node else node if "type" in node or "$ref" in node else None
        if schema is not None:
            for ex in node.get("examples", []) if isinstance(node.get("examples"), list) else []:
                yield where, schema, ex
            if "example" in node:
                yield where, schema, node["example"]
            if isinstance(node.get("examples"), dict):
                for name, ex in node["examples"].items():
                    if isinstance(ex, dict) and "value" in ex:
                        yield f"{where}/examples/{name}", schema, ex["value"]
        for k, v in node.items():
            if k not in ("examples", "example"):
                yield from _examples(v, f"{where}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _examples(v, f"{where}/{i}")


def test_every_example_validates_against_its_schema(spec):
    bad, seen = [], 0
    for where, schema, example in _examples(spec):
        seen += 1
        # the schema beside the components it may refer to, so `#/components/...` resolves
        root = {"$ref": "#/x", "components": spec["components"], "x": schema}
        errors = list(Draft202012Validator(root).iter_errors(example))
        if errors:
            bad.append(f"{where}: {example!r}: {errors[0].message}")
    assert seen > 20, "the spec should carry examples"
    assert not bad, "\n".join(bad[:40])


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_load_nothing_from_outside(gw, page):
    r = gw.get(page)
    assert r.status_code == 200
    outside = re.findall(r"https?://[^\s\"'<>]+", r.text)
    assert not outside, outside
    for asset in re.findall(r"(?:src|href)=[\"'](/[^\"']+)", r.text) + re.findall(r"url: ?'(/[^']+)'", r.text):
        assert gw.get(asset).status_code == 200, asset


def test_problems_speak_traditional_chinese_on_request(gw, login):
    h = login("case_worker", county="TW-MIA", district="頭份市", sub="interop-zh")
    missing = f"/case-mgmt/v1/cases/{uuid.uuid4()}"
    en = gw.get(missing, headers=h).json()
    zh = gw.get(missing, headers={**h, "Accept-Language": "zh-TW"}).json()
    assert en["code"] == zh["code"] and zh["title"] == "查無資料" and en["title"] != zh["title"]
    assert zh["instance"] == missing
    no_token = gw.get("/case-mgmt/v1/worklist", headers={"Accept-Language": "zh-TW"}).json()
    assert no_token["title"] == "需要登入" and no_token["code"] == "unauthorized"
