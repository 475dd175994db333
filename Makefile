# CareNet — the only commands a newcomer needs.
#   make run    create .venv, migrate, start gateway + four services on embedded SQLite, print the URL
#   make test   the whole test suite on a real PostgreSQL
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PACKAGES := libs/carenet_core libs/carenet_testing services/case-mgmt services/indicators services/eap services/household-audit services/workforce services/resources gateway
PYPROJECTS := $(foreach p,$(PACKAGES),$(p)/pyproject.toml)

.PHONY: run demo test lint migrate bench bench-full fuzz load up down config-docs clean venv oidc test-trust

venv: $(STAMP)

$(STAMP): $(PYPROJECTS) requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q $(foreach p,$(PACKAGES),-e $(p)) -r requirements-dev.txt
	@touch $(STAMP)

run: $(STAMP)
	@$(PY) tools/devrun.py

# make run, plus a fictional county filled through the API (dev only), and a token per role
demo: $(STAMP)
	@$(PY) tools/devrun.py --demo

test: $(STAMP)
	@$(PY) tools/run_tests.py

migrate: $(STAMP)
	@for d in case-mgmt indicators eap household-audit workforce resources; do \
	  echo "migrating $$d"; (cd services/$$d && ../../$(PY) -m alembic upgrade head) || exit 1; done

lint: $(STAMP)
	@$(VENV)/bin/ruff check libs services gateway tests tools bench
	@$(VENV)/bin/ruff format --check libs services gateway tests tools bench
	@for p in $(PACKAGES); do echo "mypy $$p"; $(VENV)/bin/mypy $$p/src || exit 1; done

bench: $(STAMP)
	@if [ -f bench/run.py ]; then $(PY) bench/run.py --quick; else echo "no benchmarks yet"; fi

bench-full: $(STAMP)
	@$(PY) bench/run.py

COMPOSE := docker compose -f deploy/compose/compose.yaml --env-file deploy/compose/.env
up:
	@command -v docker >/dev/null || { echo "make up needs Docker with the Compose plugin (docs/operations.md §3)"; exit 1; }
	@test -f deploy/compose/.env || { echo "copy deploy/compose/.env.example to deploy/compose/.env and fill it in (docs/operations.md §3)"; exit 1; }
	$(COMPOSE) up -d --build

down:
	$(COMPOSE) down

config-docs: $(STAMP)
	@$(PY) tools/gen_config_reference.py

fuzz: $(STAMP)
	@CARENET_FUZZ_SECONDS=$${CARENET_FUZZ_SECONDS:-120} CARENET_FUZZ_SEED=$${CARENET_FUZZ_SEED:-$$RANDOM$$RANDOM} $(PY) -m pytest tests/test_fuzz_api.py -q

load: $(STAMP)
	@$(PY) tools/load.py --seconds $${LOAD_SECONDS:-120}

# The OpenID provider of the cross-service tests (panva's oidc-provider, from tests/oidc/package-lock.json).
oidc:
	@command -v npm >/dev/null || { echo "make oidc needs Node.js and npm"; exit 1; }
	@cd tests/oidc && npm ci --no-audit --no-fund

# Production trust: the real OpenID provider, rate limits across two gateways (Redis or not).
test-trust: $(STAMP) oidc
	@$(PY) -m pytest tests/test_oidc_provider.py tests/test_ratelimit_replicas.py -q -p no:cacheprovider

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
