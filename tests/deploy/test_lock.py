"""requirements.lock (pip constraints used by make run, make test, CI and the image) agrees with every
pyproject.toml and requirements-dev.txt: each declared dependency is pinned, at a version it accepts."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCAL = {"carenet-core", "carenet-testing"}


def declared() -> list[tuple[str, Requirement]]:
    out = []
    for pyproject in sorted(ROOT.glob("*/**/pyproject.toml")):
        if ".venv" in pyproject.parts or "node_modules" in pyproject.parts:
            continue
        project = tomllib.loads(pyproject.read_text()).get("project", {})
        deps = list(project.get("dependencies", []))
        for extra in project.get("optional-dependencies", {}).values():
            deps += extra
        out += [(str(pyproject.relative_to(ROOT)), Requirement(d)) for d in deps]
    for line in (ROOT / "requirements-dev.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            out.append(("requirements-dev.txt", Requirement(line)))
    return out


def pins() -> dict[str, str]:
    lock = (ROOT / "requirements.lock").read_text()
    return {canonicalize_name(m[1]): m[2] for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", lock, re.M)}


def test_every_declared_dependency_is_pinned_at_a_version_it_accepts():
    pinned = pins()
    assert len(pinned) > 50
    problems = []
    for where, req in declared():
        name = canonicalize_name(req.name)
        if name in LOCAL or (req.marker and not req.marker.evaluate({"python_version": "3.11"})):
            continue
        if name not in pinned:
            problems.append(f"{where}: {req} is not in requirements.lock (run `make lock`)")
        elif not req.specifier.contains(pinned[name], prereleases=True):
            problems.append(f"{where}: {req} does not accept the locked {pinned[name]} (run `make lock`)")
    assert not problems, "\n".join(problems)


def test_every_install_uses_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "-c requirements.lock" in makefile
    dockerfile = (ROOT / "deploy" / "docker" / "Dockerfile").read_text()
    installs = [line for line in dockerfile.splitlines() if "pip install" in line and "./" in line]
    assert installs and all("-c requirements.lock" in line for line in installs), installs
