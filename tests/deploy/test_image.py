"""The one image: multi-stage, non-root, and its `carenet` entrypoint knows every process."""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from pathlib import Path

import pytest
from deploytools import DEPLOY, ROOT, SERVICES

DOCKERFILE = DEPLOY / "docker" / "Dockerfile"


def load_ctl():
    spec = importlib.util.spec_from_file_location("carenet_ctl", DEPLOY / "docker" / "carenet_ctl.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["carenet_ctl"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


ctl = load_ctl()


def test_dockerfile_is_multi_stage_slim_and_runs_as_non_root():
    text = DOCKERFILE.read_text(encoding="utf-8")
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", text, flags=re.M)
    assert len(stages) >= 2
    assert "slim" in re.search(r"^ARG PYTHON_IMAGE=(\S+)", text, flags=re.M).group(1)
    assert "COPY --from=build /opt/venv /opt/venv" in text
    user = re.findall(r"^USER\s+(\S+)", text, flags=re.M)
    assert user and not user[-1].startswith(("0", "root"))
    assert re.search(r'^ENTRYPOINT \["carenet"\]', text, flags=re.M)
    assert re.search(r"^ARG SERVICE=", text, flags=re.M) and "CARENET_SERVICE=${SERVICE}" in text


def test_dockerfile_copies_only_paths_that_exist():
    text = DOCKERFILE.read_text(encoding="utf-8")
    for src in re.findall(r"^COPY (?!--from)(?:--\S+ )*(\S+) \S+$", text, flags=re.M):
        assert (ROOT / src).exists(), src


@pytest.mark.parametrize("name", ["gateway", *SERVICES])
def test_entrypoint_knows_each_process_and_its_package(name):
    proc = ctl.resolve(name, {})
    # found, not imported: the services' models share one metadata and are kept to their own processes
    assert importlib.util.find_spec(f"{proc.package}.main") is not None
    assert "def create_app" in Path(importlib.util.find_spec(f"{proc.package}.main").origin).read_text(encoding="utf-8")
    if proc.has_database:
        settings_cls = importlib.import_module(f"{proc.package}.config").Settings
        assert settings_cls.service_name == name
        assert (ROOT / "services" / name / "alembic.ini").exists()


def test_serve_runs_uvicorn_on_the_process_port_and_honours_overrides():
    argv = ctl.serve_argv(ctl.resolve(None, {"CARENET_SERVICE": "eap"}), {})
    assert argv[:3] == ["uvicorn", "--factory", "carenet_eap.main:create_app"]
    assert argv[argv.index("--port") + 1] == "8003"
    assert "--no-access-log" in argv  # the app logs one JSON line per request itself
    argv = ctl.serve_argv(ctl.PROCESSES["gateway"], {"CARENET_PORT": "9000", "CARENET_WORKERS": "4"})
    assert argv[argv.index("--port") + 1] == "9000" and argv[argv.index("--workers") + 1] == "4"


def test_default_process_is_the_gateway_and_unknown_names_are_refused():
    assert ctl.resolve(None, {}).name == "gateway"
    with pytest.raises(ctl.UsageError):
        ctl.resolve("case_mgmt", {})
    assert ctl.main(["serve", "nope"], {}) == 2


def test_migrate_uses_the_services_alembic_ini_and_skips_the_gateway():
    env = {"CARENET_APP_ROOT": "/app"}
    assert ctl.migrate_argv(ctl.PROCESSES["household-audit"], env) == [
        "alembic",
        "-c",
        str(Path("/app/services/household-audit/alembic.ini")),
        "upgrade",
        "head",
    ]
    assert ctl.migrate_argv(ctl.PROCESSES["gateway"], env) is None
    assert ctl.main(["migrate", "gateway"], env) == 0


def test_wait_migrated_sees_an_unmigrated_database_and_gives_up(tmp_path, monkeypatch):
    monkeypatch.setenv("CARENET_EAP_DATABASE_URL", f"sqlite:///{tmp_path / 'eap.db'}")
    monkeypatch.setattr(ctl.time, "sleep", lambda _s: None)
    env = {"CARENET_APP_ROOT": str(ROOT), "CARENET_MIGRATE_TIMEOUT": "0"}
    assert ctl.wait_migrated(ctl.PROCESSES["eap"], env) == 1


def test_wait_migrated_passes_once_the_database_is_at_head(tmp_path, monkeypatch):
    from carenet_core.migrations import upgrade

    url = f"sqlite:///{tmp_path / 'eap.db'}"
    monkeypatch.setenv("CARENET_EAP_DATABASE_URL", url)
    upgrade(ROOT / "services" / "eap", url)
    env = {"CARENET_APP_ROOT": str(ROOT), "CARENET_MIGRATE_TIMEOUT": "0"}
    assert ctl.wait_migrated(ctl.PROCESSES["eap"], env) == 0


def test_token_signs_with_the_configured_secret_and_carries_the_claims(monkeypatch):
    import jwt

    monkeypatch.setenv("CARENET_JWT_SECRET", "s" * 40)
    tok = ctl.token("smoke", ["county_admin"], 1, {"county": "TW-MIA"})
    claims = jwt.decode(tok, "s" * 40, algorithms=["HS256"], audience="carenet")
    assert claims["sub"] == "smoke" and claims["roles"] == ["county_admin"] and claims["county"] == "TW-MIA"
    assert claims["exp"] - claims["iat"] == 86400
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(tok, "t" * 40, algorithms=["HS256"], audience="carenet")
