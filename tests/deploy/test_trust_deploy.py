"""Deploy details of issue 17: migration Jobs a re-apply does not block, egress to the identity
provider only (never 0.0.0.0/0:443), the provider's claim mapping and shared rate limits configured."""

from __future__ import annotations

import json

import pytest
from deploytools import OVERLAYS, SERVICES, by_kind
from test_k8s_manifests import Net, migrate_job


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migration_jobs_are_named_after_the_release_they_migrate_to(rendered, overlay):
    jobs = by_kind(rendered[overlay], "Job")
    for name in SERVICES:
        job = jobs[migrate_job(name)]
        image = job["spec"]["template"]["spec"]["containers"][0]["image"]
        tag = image.split("@")[0].rsplit(":", 1)[1]  # the image is pinned by digest too: `…:1.0.0@sha256:…`
        assert job["metadata"]["name"].endswith("-" + tag)  # a new tag → a new Job
        assert len(job["metadata"]["name"]) <= 63


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_pod_reaches_the_whole_internet(rendered, overlay):
    for doc in rendered[overlay]:
        if doc["kind"] != "NetworkPolicy":
            continue
        for rule in doc["spec"].get("egress", []):
            for peer in rule.get("to", []):
                cidr = peer.get("ipBlock", {}).get("cidr")
                ports = {p["port"] for p in rule.get("ports", [])}
                assert not (cidr == "0.0.0.0/0" and 443 in ports), doc["metadata"]["name"]


def test_national_reaches_its_identity_provider_and_redis_and_nothing_else_outside(rendered):
    net = Net(rendered["national"])
    idp, elsewhere, redis = "203.0.113.7", "198.51.100.20", "10.60.1.10"
    for pod in ("gateway", *SERVICES, "console"):
        assert net.can_reach_ip(pod, idp, 443), pod
        assert not net.can_reach_ip(pod, elsewhere, 443), pod
    for name in SERVICES:
        assert not net.can_reach_ip(migrate_job(name), idp, 443)  # migrations verify no tokens
    assert net.can_reach_ip("gateway", redis, 6379)
    assert not any(net.can_reach_ip(s, redis, 6379) for s in SERVICES)


def test_county_signs_its_own_tokens_and_reaches_nothing_outside_on_443(rendered):
    net = Net(rendered["county"])
    for pod in ("gateway", *SERVICES):
        assert not net.can_reach_ip(pod, "203.0.113.7", 443), pod


def test_national_maps_provider_groups_and_shares_rate_limits(rendered):
    config = next(iter(by_kind(rendered["national"], "ConfigMap").values()))["data"]
    role_map = json.loads(config["CARENET_ROLE_MAP"])
    assert role_map and set(role_map.values()) <= {"ministry", "system", "county_admin", "supervisor", "auditor"}
    assert config["CARENET_CLAIM_ROLES"]
    assert config["CARENET_GATEWAY_REDIS_URL"].startswith("redis://")
