"""Every manifest the kustomize overlays render is valid Kubernetes, and the deployment says what issue 9 asks."""

from __future__ import annotations

import copy
import ipaddress
import re
from typing import Any

import pytest
import yaml

try:
    import kubernetes_validate
except ImportError:  # pragma: no cover - reported by the test below
    kubernetes_validate = None

from deploytools import DEPLOY, OVERLAYS, SERVICES, by_kind, need

# The oldest Kubernetes these manifests target (CronJob timeZone, matchLabelKeys, NetworkPolicy endPort
# need ≥ 1.27) and the newest the validator knows.
K8S_VERSIONS = ("1.30.0", "latest")
APIS = ("gateway", *SERVICES, "console")
PORTS = {
    "gateway": 8000,
    "case-mgmt": 8001,
    "indicators": 8002,
    "eap": 8003,
    "household-audit": 8004,
    "workforce": 8005,
    "resources": 8006,
    "console": 8007,
}
RELEASE = "1.0.0"  # the overlays' image tag; migration Jobs are named after it


def migrate_job(service: str) -> str:
    return f"{service}-migrate-{RELEASE}"


def validator() -> Any:
    if kubernetes_validate is None:
        need("kubernetes-validate", "pip install kubernetes-validate (validates manifests offline)")
    return kubernetes_validate


def version(v: str) -> str:
    return validator().latest_version() if v == "latest" else v


def pod_spec(doc: dict[str, Any]) -> dict[str, Any]:
    if doc["kind"] == "CronJob":
        return doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return doc["spec"]["template"]["spec"]


def workloads(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] in {"Deployment", "StatefulSet", "Job", "CronJob"}]


# ---------- schema validation ----------


@pytest.mark.parametrize("k8s", K8S_VERSIONS)
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_rendered_manifest_validates_against_the_kubernetes_schema(rendered, overlay, k8s):
    kv = validator()
    docs = rendered[overlay]
    assert len(docs) > 25
    errors = []
    for doc in docs:
        try:
            kv.validate(doc, version(k8s), strict=True)  # strict: unknown fields are errors too
        except kv.ValidationError as exc:
            errors.append(f"{doc['kind']}/{doc['metadata']['name']}: {exc}")
    assert not errors, "\n".join(errors)


def test_the_validator_rejects_a_broken_manifest(rendered):
    kv = validator()
    deployment = copy.deepcopy(by_kind(rendered["county"], "Deployment")["case-mgmt"])
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["pathh"] = "/ready"
    with pytest.raises(kv.ValidationError):
        kv.validate(deployment, version("1.30.0"), strict=True)
    deployment = copy.deepcopy(by_kind(rendered["county"], "Deployment")["case-mgmt"])
    deployment["spec"]["replicas"] = "one"
    with pytest.raises(kv.ValidationError):
        kv.validate(deployment, version("1.30.0"), strict=True)


# ---------- what every overlay must contain ----------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_everything_lives_in_the_carenet_namespace(rendered, overlay):
    for doc in rendered[overlay]:
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == "carenet", f"{doc['kind']}/{doc['metadata']['name']}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_api_has_a_deployment_service_and_pdb_with_matching_ports(rendered, overlay):
    docs = rendered[overlay]
    deployments, services, pdbs = (
        by_kind(docs, "Deployment"),
        by_kind(docs, "Service"),
        by_kind(docs, "PodDisruptionBudget"),
    )
    for name in APIS:
        dep = deployments[name]
        container = dep["spec"]["template"]["spec"]["containers"][0]
        assert container["args"] == ["serve", name]
        assert container["ports"][0]["containerPort"] == PORTS[name]
        svc = services[name]
        assert svc["spec"]["ports"][0]["port"] == PORTS[name]
        assert svc["spec"]["selector"].items() <= dep["spec"]["template"]["metadata"]["labels"].items()
        pdb = pdbs[name]
        assert pdb["spec"]["selector"]["matchLabels"].items() <= dep["spec"]["template"]["metadata"]["labels"].items()


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_services_are_probed_on_ready_and_health(rendered, overlay):
    deployments = by_kind(rendered[overlay], "Deployment")
    for name in SERVICES:
        c = deployments[name]["spec"]["template"]["spec"]["containers"][0]
        assert c["readinessProbe"]["httpGet"]["path"] == "/ready"
        assert c["livenessProbe"]["httpGet"]["path"] == "/health"
    gw = deployments["gateway"]["spec"]["template"]["spec"]["containers"][0]
    # The gateway's /health aggregates the services (503 when one is down): never its own liveness.
    assert gw["livenessProbe"]["httpGet"]["path"] != "/health"
    assert gw["readinessProbe"]["httpGet"]["path"] != "/health"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_service_has_a_migration_job_and_waits_for_it(rendered, overlay):
    docs = rendered[overlay]
    jobs, deployments = by_kind(docs, "Job"), by_kind(docs, "Deployment")
    assert set(jobs) == {migrate_job(s) for s in SERVICES}
    for name in SERVICES:
        job_c = jobs[migrate_job(name)]["spec"]["template"]["spec"]["containers"][0]
        dep_spec = deployments[name]["spec"]["template"]["spec"]
        assert job_c["args"] == ["migrate", name]
        assert job_c["image"] == dep_spec["containers"][0]["image"]
        assert job_c["envFrom"] == dep_spec["containers"][0]["envFrom"]
        init = dep_spec["initContainers"][0]
        assert init["args"] == ["wait-migrated", name] and init["image"] == job_c["image"]
    assert "initContainers" not in deployments["gateway"]["spec"]["template"]["spec"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_is_non_root_read_only_and_has_resources(rendered, overlay):
    for doc in workloads(rendered[overlay]):
        spec = pod_spec(doc)
        assert spec["securityContext"]["runAsNonRoot"] is True, doc["metadata"]["name"]
        assert spec.get("automountServiceAccountToken") is False, doc["metadata"]["name"]
        for c in [*spec.get("initContainers", []), *spec["containers"]]:
            where = f"{doc['metadata']['name']}/{c['name']}"
            assert c["securityContext"]["allowPrivilegeEscalation"] is False, where
            assert c["securityContext"]["capabilities"]["drop"] == ["ALL"], where
            assert {"cpu", "memory"} <= c["resources"]["requests"].keys(), where
            assert {"cpu", "memory"} <= c["resources"]["limits"].keys(), where
            if c["image"].startswith("registry.example.gov.tw/carenet/"):
                assert c["securityContext"]["readOnlyRootFilesystem"] is True, where


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_referenced_config_maps_exist_and_secrets_are_the_documented_ones(rendered, overlay):
    docs = rendered[overlay]
    config_maps = set(by_kind(docs, "ConfigMap"))
    documented = (DEPLOY / "k8s" / "base" / "kustomization.yaml").read_text(encoding="utf-8")
    documented += (DEPLOY / "k8s" / "overlays" / "county" / "postgres" / "statefulset.yaml").read_text(encoding="utf-8")
    for doc in workloads(docs):
        spec = pod_spec(doc)
        for c in [*spec.get("initContainers", []), *spec["containers"]]:
            for ref in c.get("envFrom", []):
                if "configMapRef" in ref:
                    assert ref["configMapRef"]["name"] in config_maps
                else:
                    assert ref["secretRef"]["name"] in documented
        for vol in spec.get("volumes", []):
            if "configMap" in vol:
                assert vol["configMap"]["name"] in config_maps


DIGEST = re.compile(r"^registry\.example\.gov\.tw/carenet/carenet:1\.0\.0@sha256:[0-9a-f]{64}$")


def test_every_carenet_image_is_pinned_by_a_sha256_digest_in_every_overlay(rendered):
    for overlay in OVERLAYS:
        kustomization = yaml.safe_load((DEPLOY / "k8s" / "overlays" / overlay / "kustomization.yaml").read_text())
        pins = {i["name"]: i for i in kustomization["images"]}
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", pins["carenet"].get("digest", "")), overlay
        for d in workloads(rendered[overlay]):
            for c in [*pod_spec(d).get("initContainers", []), *pod_spec(d)["containers"]]:
                if "carenet" in c["image"].split("@")[0].rsplit("/", 1)[-1]:
                    assert DIGEST.match(c["image"]), f"{overlay}: {d['metadata']['name']}/{c['name']} {c['image']}"
                assert not c["image"].endswith(":latest") and ":" in c["image"], c["image"]


def test_base_manifests_never_use_latest():
    for f in sorted((DEPLOY / "k8s" / "base").rglob("*.yaml")):
        for image in re.findall(r"^\s*(?:-\s*)?image:\s*(\S+)", f.read_text(encoding="utf-8"), flags=re.M):
            assert not image.endswith(":latest"), f"{f}: {image}"
        assert "newTag: latest" not in f.read_text(encoding="utf-8"), f


def test_the_release_tag_still_names_the_migration_jobs_with_a_digest_pinned(rendered):
    for overlay in OVERLAYS:
        jobs = by_kind(rendered[overlay], "Job")
        assert set(jobs) == {migrate_job(s) for s in SERVICES}, overlay


# ---------- county vs national ----------


def test_county_runs_one_replica_of_everything_with_its_own_postgresql(rendered):
    docs = rendered["county"]
    for dep in by_kind(docs, "Deployment").values():
        assert dep["spec"]["replicas"] == 1
    assert by_kind(docs, "HorizontalPodAutoscaler") == {}
    pg = by_kind(docs, "StatefulSet")["postgres"]
    assert pg["spec"]["template"]["spec"]["containers"][0]["image"].startswith("postgres:16")
    assert "postgres-backup" in by_kind(docs, "CronJob")


def test_national_scales_and_trusts_the_oidc_issuer_and_an_external_database(rendered):
    docs = rendered["national"]
    hpas = by_kind(docs, "HorizontalPodAutoscaler")
    assert set(hpas) == {"gateway", "case-mgmt"}
    for name, hpa in hpas.items():
        assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
        assert hpa["spec"]["minReplicas"] >= 2
    deployments = by_kind(docs, "Deployment")
    assert "replicas" not in deployments["gateway"]["spec"]  # the HPA owns it
    assert all(deployments[s]["spec"]["replicas"] >= 2 for s in ("indicators", "eap", "household-audit"))
    assert "StatefulSet" not in {d["kind"] for d in docs}  # the managed PostgreSQL is outside
    config = next(iter(by_kind(docs, "ConfigMap").values()))["data"]
    assert config["CARENET_JWKS_URL"].startswith("https://")
    assert config["CARENET_JWT_ISSUER"].startswith("https://")
    assert "HS256" not in config["CARENET_JWT_ALGORITHMS"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_gateway_config_points_at_the_services(rendered, overlay):
    config = next(iter(by_kind(rendered[overlay], "ConfigMap").values()))["data"]
    services = by_kind(rendered[overlay], "Service")
    for name in SERVICES:
        key = f"CARENET_GATEWAY_{name.upper().replace('-', '_')}_URL"
        assert config[key] == f"http://{name}:{services[name]['spec']['ports'][0]['port']}"
    ingress = next(iter(by_kind(rendered[overlay], "Ingress").values()))
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == "gateway"


# ---------- NetworkPolicy: evaluated, not just present ----------


class Net:
    """Evaluates the rendered NetworkPolicies for pods of one namespace (the subset of the API they use)."""

    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self.policies = [d for d in docs if d["kind"] == "NetworkPolicy"]
        self.pods: dict[str, dict[str, str]] = {}
        for d in workloads(docs):
            tmpl = d["spec"]["jobTemplate"]["spec"]["template"] if d["kind"] == "CronJob" else d["spec"]["template"]
            self.pods[d["metadata"]["name"]] = tmpl["metadata"]["labels"]

    @staticmethod
    def _selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
        return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())

    @staticmethod
    def _port_ok(rule: dict[str, Any], port: int) -> bool:
        if "ports" not in rule:
            return True
        return any(
            p["port"] <= port <= p.get("endPort", p["port"]) for p in rule["ports"] if p.get("protocol", "TCP") == "TCP"
        )

    def _peer_ok(self, peer: dict[str, Any], labels: dict[str, str] | None, ip: str | None, ns: str) -> bool:
        if "ipBlock" in peer:
            if ip is None:
                return False
            block = peer["ipBlock"]
            addr = ipaddress.ip_address(ip)
            return addr in ipaddress.ip_network(block["cidr"]) and not any(
                addr in ipaddress.ip_network(e) for e in block.get("except", [])
            )
        if labels is None:
            return False
        if "namespaceSelector" in peer:
            ns_labels = {"kubernetes.io/metadata.name": ns}
            if not self._selects(peer["namespaceSelector"], ns_labels):
                return False
            return self._selects(peer.get("podSelector", {}), labels)
        return ns == "carenet" and self._selects(peer["podSelector"], labels)

    def _allowed(
        self, direction: str, subject: dict[str, str], other: dict[str, str] | None, ip: str | None, port: int, ns: str
    ) -> bool:
        kind = "Ingress" if direction == "ingress" else "Egress"
        selecting = [
            p
            for p in self.policies
            if kind in p["spec"]["policyTypes"] and self._selects(p["spec"]["podSelector"], subject)
        ]
        if not selecting:
            return True
        key = "from" if direction == "ingress" else "to"
        return any(
            self._port_ok(rule, port) and any(self._peer_ok(peer, other, ip, ns) for peer in rule.get(key, []))
            for p in selecting
            for rule in p["spec"].get(direction, [])
        )

    def can(self, src: str, dst: str, port: int) -> bool:
        """Pod `src` (workload name) to pod `dst` in the namespace, both directions checked."""
        s, d = self.pods[src], self.pods[dst]
        return self._allowed("egress", s, d, None, port, "carenet") and self._allowed(
            "ingress", d, s, None, port, "carenet"
        )

    def can_reach_ip(self, src: str, ip: str, port: int) -> bool:
        return self._allowed("egress", self.pods[src], None, ip, port, "carenet")

    def reachable_from_namespace(self, dst: str, ns: str, port: int, labels: dict[str, str] | None = None) -> bool:
        return self._allowed("ingress", self.pods[dst], labels or {"app": "x"}, None, port, ns)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_the_gateway_reaches_the_services(rendered, overlay):
    net = Net(rendered[overlay])
    for name in SERVICES:
        assert net.can("gateway", name, PORTS[name])
        for other in SERVICES:
            assert not net.can(other, name, PORTS[name]), f"{other} -> {name}"
            assert not net.can(migrate_job(other), name, PORTS[name])
        assert not net.reachable_from_namespace(name, "ingress-nginx", PORTS[name])
    assert net.reachable_from_namespace("gateway", "ingress-nginx", 8000)
    # a service reads another's feed through the gateway
    assert net.can("indicators", "gateway", 8000)


def test_only_services_and_their_migrations_reach_the_in_cluster_postgresql(rendered):
    net = Net(rendered["county"])
    for name in SERVICES:
        assert net.can(name, "postgres", 5432)
        assert net.can(migrate_job(name), "postgres", 5432)
    assert net.can("postgres-backup", "postgres", 5432)
    assert not net.can("gateway", "postgres", 5432)
    assert not net.reachable_from_namespace("postgres", "ingress-nginx", 5432)


def test_only_services_reach_the_managed_postgresql(rendered):
    net = Net(rendered["national"])
    managed = "10.60.0.10"  # inside the overlay's database range
    for name in SERVICES:
        assert net.can_reach_ip(name, managed, 5432)
        assert net.can_reach_ip(migrate_job(name), managed, 5432)
        assert not net.can_reach_ip(name, "203.0.113.7", 5432)  # any other database
    assert not net.can_reach_ip("gateway", managed, 5432)
    assert net.can_reach_ip("gateway", "203.0.113.7", 443)  # the OIDC issuer's JWKS


def test_the_network_model_is_not_vacuous(rendered):
    docs = [
        d
        for d in copy.deepcopy(rendered["county"])
        if d["metadata"]["name"] not in {"db-clients-egress", "default-deny"}
    ]
    assert not Net(docs).can("indicators", "case-mgmt", 8001)  # still refused on case-mgmt's side
    for d in docs:
        if d["kind"] == "NetworkPolicy" and d["metadata"]["name"] == "services-ingress":
            d["spec"]["ingress"][0]["from"] = [{"podSelector": {}}]
    assert Net(docs).can("indicators", "case-mgmt", 8001)
    assert Net([d for d in docs if d["kind"] != "NetworkPolicy"]).can("gateway", "postgres", 5432)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_console_sits_behind_the_gateway_and_calls_it_back(rendered, overlay):
    net = Net(rendered[overlay])
    config = next(iter(by_kind(rendered[overlay], "ConfigMap").values()))["data"]
    assert config["CARENET_GATEWAY_CONSOLE_URL"] == "http://console:8007"
    assert config["CARENET_CONSOLE_GATEWAY_URL"] == "http://gateway:8000"
    assert net.can("gateway", "console", 8007) and net.can("console", "gateway", 8000)
    assert not net.reachable_from_namespace("console", "ingress-nginx", 8007)  # only through the gateway
    for name in SERVICES:
        assert not net.can("console", name, PORTS[name]) and not net.can(name, "console", 8007)
    assert not net.can_reach_ip("console", "10.60.0.10", 5432)  # no database
    spec = by_kind(rendered[overlay], "Deployment")["console"]["spec"]["template"]["spec"]
    assert "initContainers" not in spec  # nothing to migrate
    c = spec["containers"][0]
    assert c["readinessProbe"]["httpGet"]["path"] == "/health"  # /ready asks a database it does not have
    assert {"secretRef": {"name": "carenet-console"}} in c["envFrom"]
