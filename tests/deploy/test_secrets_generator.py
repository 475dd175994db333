"""Secrets from a generator, not by hand: deploy/k8s/secrets/generate.sh writes fresh values for every
Secret the overlays reference, kustomize's secretGenerator turns them into Secrets, and a re-run keeps them."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from pathlib import Path

import jwt
from deploytools import DEPLOY, by_kind, kustomize_build, need

SCRIPT = DEPLOY / "k8s" / "secrets" / "generate.sh"


def _generate(out: Path, *extra: str) -> str:
    if shutil.which("openssl") is None:
        need("openssl", "generate.sh draws its random values with openssl rand")
    return subprocess.run(
        ["bash", str(SCRIPT), str(out), "postgres:5432/carenet", *extra],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


def _data(secret: dict) -> dict[str, str]:
    return {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}


def test_every_referenced_secret_is_generated_with_fresh_values(tmp_path):
    _generate(tmp_path / "s")
    secrets = by_kind(kustomize_build(tmp_path / "s"), "Secret")
    documented = set(
        re.findall(r"#\s+(carenet-[a-z-]+)\s", (DEPLOY / "k8s" / "base" / "kustomization.yaml").read_text())
    )
    assert documented <= set(secrets), documented - set(secrets)
    assert "carenet-postgres" in secrets
    values = {name: _data(s) for name, s in secrets.items()}
    jwt_secret = values["carenet-auth"]["CARENET_JWT_SECRET"]
    assert re.fullmatch(r"[0-9a-f]{64}", jwt_secret)
    assert values["carenet-case-mgmt"]["CARENET_CASE_MGMT_PERSON_KEY_SECRET"] != jwt_secret
    pw = values["carenet-postgres"]["CARENET_CASE_MGMT_DB_PASSWORD"]
    assert (
        values["carenet-case-mgmt"]["CARENET_CASE_MGMT_DATABASE_URL"]
        == f"postgresql://carenet_case_mgmt:{pw}@postgres:5432/carenet"
    )
    feed = values["carenet-indicators"]["CARENET_INDICATORS_CASE_MGMT_TOKEN"]
    claims = jwt.decode(feed, jwt_secret, algorithms=["HS256"], audience="carenet")
    assert claims["roles"] == ["system"] and claims["sub"] == "indicators-feed"
    for s in secrets.values():
        assert s["metadata"]["namespace"] == "carenet" and s["metadata"]["name"].startswith("carenet-")


def test_a_rerun_keeps_every_value_and_two_installs_differ(tmp_path):
    _generate(tmp_path / "a")
    first = {p.name: p.read_text() for p in (tmp_path / "a").glob("*.env")}
    out = _generate(tmp_path / "a")
    assert "generated" not in out and {p.name: p.read_text() for p in (tmp_path / "a").glob("*.env")} == first
    _generate(tmp_path / "b", "a-token-from-the-provider")
    assert (tmp_path / "b" / "auth.env").read_text() != first["auth.env"]
    assert (
        "CARENET_INDICATORS_CASE_MGMT_TOKEN=a-token-from-the-provider"
        in (tmp_path / "b" / "indicators.env").read_text()
    )
