"""Shared by tests/deploy: paths, the kustomize renderer, skip-or-fail for missing tools."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
OVERLAYS = ("county", "national")
SERVICES = ("case-mgmt", "indicators", "eap", "household-audit", "workforce", "resources")


def need(what: str, reason: str) -> None:
    """Skip on a developer machine that lacks a tool; fail in CI, where a skip would hide the check."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI: {reason}")
    pytest.skip(f"{what} not available: {reason}")


def kustomize_build(path: Path) -> list[dict[str, Any]]:
    """Render with the real kustomize (embedded in kubectl; the machine image ships kubectl)."""
    kubectl = shutil.which("kubectl")
    if kubectl is not None:
        cmd = [kubectl, "kustomize", str(path)]
    elif shutil.which("kustomize"):
        cmd = [str(shutil.which("kustomize")), "build", str(path)]
    else:
        need("kubectl or kustomize", "renders deploy/k8s overlays")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120).stdout
    return [d for d in yaml.safe_load_all(out) if d]


def by_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}
