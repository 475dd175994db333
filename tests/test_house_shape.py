"""The house has one inner shape (docs/architecture.md): these checks read the source tree and fail
when a service drifts from it — so a newcomer who knows one service knows them all."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICES = sorted(p for p in (ROOT / "services").iterdir() if (p / "pyproject.toml").exists())
TOP_LEVEL = {"README.md", "alembic.ini", "migrations", "pyproject.toml", "src", "tests"}
PACKAGE_FILES = {"__init__.py", "main.py", "config.py", "models.py"}
DOMAIN_NEEDS = {"router.py", "service.py", "schemas.py"}
IGNORED = {"__pycache__", ".pytest_cache"}


def package_of(service: Path) -> Path:
    (pkg,) = [
        p
        for p in (service / "src").iterdir()
        if p.is_dir() and p.name.startswith("carenet_") and not p.name.endswith(".egg-info")
    ]
    return pkg


def domains(pkg: Path) -> list[Path]:
    return sorted(p for p in pkg.iterdir() if p.is_dir() and p.name not in IGNORED and p.name != "common")


def imports(path: Path) -> list[str]:
    """Absolute module names a file imports (relative imports resolved against its package)."""
    parts = path.with_suffix("").parts
    package = list(parts[parts.index("src") + 1 : -1])  # e.g. ["carenet_eap", "bookings"]
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.append(module)
            names += [f"{module}.{a.name}" for a in node.names]
    return names


def ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


@pytest.mark.parametrize("service", SERVICES, ids=ids(SERVICES))
def test_every_service_has_the_same_top_level_layout(service: Path) -> None:
    entries = {p.name for p in service.iterdir() if p.name not in IGNORED}
    assert entries == TOP_LEVEL, f"{service.name}: extra {entries - TOP_LEVEL}, missing {TOP_LEVEL - entries}"
    assert {p.name for p in (service / "migrations").iterdir()} >= {"env.py", "script.py.mako", "versions"}


@pytest.mark.parametrize("service", SERVICES, ids=ids(SERVICES))
def test_a_package_is_main_config_models_and_domain_folders(service: Path) -> None:
    pkg = package_of(service)
    files = {p.name for p in pkg.iterdir() if p.is_file()}
    assert files == PACKAGE_FILES, f"{pkg.name}: loose modules {files - PACKAGE_FILES} belong in a domain or common/"
    for domain in domains(pkg):
        have = {p.name for p in domain.iterdir()}
        assert DOMAIN_NEEDS <= have or "router.py" not in have, f"{domain}: a routed domain needs {DOMAIN_NEEDS}"


def all_service_files(name: str) -> list[Path]:
    return sorted(p for s in SERVICES for p in package_of(s).rglob(name))


@pytest.mark.parametrize("rules", all_service_files("rules.py"), ids=lambda p: str(p.relative_to(ROOT / "services")))
def test_rules_are_pure(rules: Path) -> None:
    bad = [m for m in imports(rules) if m.split(".")[0] in {"fastapi", "sqlalchemy", "httpx", "starlette", "asyncpg"}]
    assert not bad, f"{rules}: rules are pure functions, but it imports {bad}"


@pytest.mark.parametrize("router", all_service_files("router.py"), ids=lambda p: str(p.relative_to(ROOT / "services")))
def test_routers_are_thin(router: Path) -> None:
    mods = imports(router)
    sql = [m for m in mods if m.split(".")[0] == "sqlalchemy"]
    assert not sql, f"{router}: SQL belongs in the service module, but the router imports {sql}"
    other_routers = [m for m in mods if m.endswith(".router") or ".router." in m]
    assert not other_routers, f"{router}: routers never import other routers: {other_routers}"
    source = router.read_text(encoding="utf-8")
    for call in ("session.execute(", "session.scalar(", "session.scalars(", "session.add(", "session.get("):
        assert call not in source, f"{router}: {call} in a router (move it to the service)"


@pytest.mark.parametrize("service", SERVICES, ids=ids(SERVICES))
def test_common_sits_below_the_domains(service: Path) -> None:
    pkg = package_of(service)
    common = pkg / "common"
    if not common.exists():
        return
    domain_modules = {f"{pkg.name}.{d.name}" for d in domains(pkg)}
    for f in common.rglob("*.py"):
        up = [m for m in imports(f) if any(m == d or m.startswith(d + ".") for d in domain_modules)]
        assert not up, f"{f}: common/ must not import the domains it serves: {up}"


@pytest.mark.parametrize("service", SERVICES, ids=ids(SERVICES))
def test_services_never_import_each_other(service: Path) -> None:
    own = package_of(service).name
    others = {package_of(s).name for s in SERVICES} - {own} | {"carenet_gateway", "carenet_testing"}
    for f in package_of(service).rglob("*.py"):
        bad = [m for m in imports(f) if m.split(".")[0] in others]
        assert not bad, f"{f}: services talk over HTTP or feeds, never by import: {bad}"


def test_the_runtime_core_holds_no_test_plumbing() -> None:
    core = ROOT / "libs" / "carenet_core" / "src" / "carenet_core"
    for f in core.rglob("*.py"):
        bad = [
            m
            for m in imports(f)
            if m.split(".")[0] in {"pytest", "pytest_asyncio", "testcontainers", "time_machine", "carenet_testing"}
        ]
        assert not bad, f"{f}: test tooling lives in libs/carenet_testing: {bad}"


def test_the_skeleton_lays_out_this_shape(tmp_path: Path) -> None:
    import subprocess

    subprocess.run(
        ["bash", str(ROOT / "tools" / "new_service_skeleton.sh"), "sample-svc", "sample_svc", "Sample"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    made = tmp_path / "services" / "sample-svc"
    assert {p.name for p in made.iterdir()} == TOP_LEVEL
    files = {p.name for p in package_of(made).iterdir() if p.is_file()}
    assert files == PACKAGE_FILES
