"""deploy/compose/compose.yaml is valid Compose and runs each service after its migration, on its own role."""

from __future__ import annotations

import copy
import json
import re

import pytest
import yaml
from deploytools import DEPLOY, ROOT, SERVICES

SCHEMA = ROOT / "tests" / "deploy" / "schemas" / "compose-spec.json"
ENV_EXAMPLE = DEPLOY / "compose" / ".env.example"
INITDB = DEPLOY / "k8s" / "overlays" / "county" / "postgres"  # the one copy of the role script
ROLES_SQL = INITDB / "roles.sql"


def schema_validator():
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft201909Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_compose_file_validates_against_the_compose_spec_schema(compose):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in schema_validator().iter_errors(compose)]
    assert not errors, "\n".join(errors)


def test_the_schema_rejects_a_broken_compose_file(compose):
    bad = copy.deepcopy(compose)
    bad["services"]["gateway"]["restart_policy"] = "always"  # not a Compose key
    assert list(schema_validator().iter_errors(bad))
    bad = copy.deepcopy(compose)
    bad["services"]["case-mgmt"]["depends_on"]["case-mgmt-migrate"]["condition"] = "service_done"
    assert list(schema_validator().iter_errors(bad))


def test_postgres_16_with_a_volume_the_role_script_and_a_health_check(compose):
    pg = compose["services"]["postgres"]
    assert pg["image"].startswith("postgres:16")
    assert any(v.startswith("pgdata:") for v in pg["volumes"])
    assert any("/docker-entrypoint-initdb.d/" in v for v in pg["volumes"])
    assert "pg_isready" in " ".join(pg["healthcheck"]["test"])
    assert "pgdata" in compose["volumes"]


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_starts_after_its_migration_with_health_check_and_restart_policy(compose, name):
    svc, mig = compose["services"][name], compose["services"][f"{name}-migrate"]
    assert svc["command"] == ["serve", name] and mig["command"] == ["migrate", name]
    assert svc["depends_on"][f"{name}-migrate"] == {"condition": "service_completed_successfully"}
    assert mig["depends_on"]["postgres"] == {"condition": "service_healthy"}
    assert svc["restart"] == "unless-stopped" and mig["restart"] == "no"
    assert svc["healthcheck"]["test"][:3] == ["CMD", "carenet", "check"]
    assert svc["image"] == mig["image"] == compose["services"]["gateway"]["image"]


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_and_its_migration_use_the_services_own_role_and_schema(compose, name):
    key = f"CARENET_{name.upper().replace('-', '_')}_DATABASE_URL"
    role = "carenet_" + name.replace("-", "_")
    for proc in (name, f"{name}-migrate"):
        url = compose["services"][proc]["environment"][key]
        assert url.startswith(f"postgresql://{role}:"), url
    roles_sql = ROLES_SQL.read_text(encoding="utf-8")
    schema = name.replace("-", "_")
    assert re.search(rf"CREATE SCHEMA IF NOT EXISTS {schema}\s+AUTHORIZATION {role};", roles_sql)
    assert re.search(rf"ALTER ROLE {role}\s+SET search_path = {schema};", roles_sql)


def test_roles_get_no_default_rights(compose):
    roles_sql = ROLES_SQL.read_text(encoding="utf-8")
    assert "REVOKE ALL ON SCHEMA public FROM PUBLIC" in roles_sql
    assert "REVOKE ALL ON DATABASE" in roles_sql
    assert "SUPERUSER" not in roles_sql.replace("NOSUPERUSER", "")


def test_networks_keep_the_gateway_away_from_postgres_and_publish_only_the_gateway(compose):
    services = compose["services"]
    assert compose["networks"]["data"]["internal"] is True
    assert services["postgres"]["networks"] == ["data"]
    assert "data" not in services["gateway"]["networks"]
    for name in SERVICES:
        assert set(services[name]["networks"]) == {"backend", "data"}
        assert services[f"{name}-migrate"]["networks"] == ["data"]
    published = {n for n, s in services.items() if s.get("ports")}
    assert published == {"gateway"}
    gw_env = services["gateway"]["environment"]
    for name in SERVICES:
        port = {
            "case-mgmt": 8001,
            "indicators": 8002,
            "eap": 8003,
            "household-audit": 8004,
            "workforce": 8005,
            "resources": 8006,
        }[name]
        assert gw_env[f"CARENET_GATEWAY_{name.upper().replace('-', '_')}_URL"] == f"http://{name}:{port}"


def test_app_containers_are_hardened(compose):
    for name in ("gateway", *SERVICES, *(f"{s}-migrate" for s in SERVICES)):
        svc = compose["services"][name]
        assert svc["read_only"] is True and svc["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in svc["security_opt"], name


def test_every_required_variable_is_in_env_example(compose):
    text = (DEPLOY / "compose" / "compose.yaml").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{([A-Z0-9_]+):\?", text))
    example = {
        line.split("=", 1)[0]
        for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    assert required, "compose.yaml requires its secrets"
    assert required <= example, f"missing from .env.example: {sorted(required - example)}"
    # The example never carries a usable secret.
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if re.match(r"^[A-Z_]*(SECRET|PASSWORD|KEY|TOKEN)=", line):
            assert "change-me" in line, line


def test_postgres_runs_the_one_copy_of_the_role_script():
    """roles.sql and its runner exist once (the county overlay's folder, which kustomize can read); compose
    mounts those very files, so the two deployments cannot drift apart."""
    compose_dir = DEPLOY / "compose"
    volumes = yaml.safe_load((compose_dir / "compose.yaml").read_text(encoding="utf-8"))["services"]["postgres"][
        "volumes"
    ]
    mounted = {
        v.split(":")[1]: (compose_dir / v.split(":")[0]).resolve() for v in volumes if ":" in v and v.startswith(".")
    }
    assert mounted["/carenet/roles.sql"] == ROLES_SQL.resolve()
    assert mounted["/docker-entrypoint-initdb.d/10-carenet-roles.sh"] == (INITDB / "10-carenet-roles.sh").resolve()
    copies = sorted(
        str(p.relative_to(DEPLOY)) for p in DEPLOY.rglob("*") if p.name in {"roles.sql", "10-carenet-roles.sh"}
    )
    assert copies == ["k8s/overlays/county/postgres/10-carenet-roles.sh", "k8s/overlays/county/postgres/roles.sql"]


def test_the_console_is_served_behind_the_gateway_without_a_database(compose):
    console, gateway = compose["services"]["console"], compose["services"]["gateway"]
    assert console["command"] == ["serve", "console"] and console["image"] == gateway["image"]
    assert gateway["environment"]["CARENET_GATEWAY_CONSOLE_URL"] == "http://console:8007"
    assert console["environment"]["CARENET_CONSOLE_GATEWAY_URL"] == "http://gateway:8000"
    assert "data" not in console["networks"] and "ports" not in console  # no database, reached through the gateway
    assert not any(k.endswith("_DATABASE_URL") for k in console["environment"])
    assert console["read_only"] is True and console["cap_drop"] == ["ALL"]
