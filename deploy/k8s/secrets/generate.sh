#!/usr/bin/env bash
# Generates every Secret CareNet's Kubernetes overlays reference, with fresh random values, as
# kustomize secretGenerator inputs — instead of typing `kubectl create secret` by hand.
#
#   deploy/k8s/secrets/generate.sh DIR DB [FEED_TOKEN]
#     DIR         where to write (keep it out of git; default layout: deploy/k8s/secrets/local, ignored)
#     DB          host:port/database of PostgreSQL, e.g. postgres:5432/carenet (county) or
#                 carenet-db.example.internal:5432/carenet?ssl=require (national)
#     FEED_TOKEN  indicators' token for case-mgmt's feed: from the OpenID provider (national); when
#                 absent it is minted with the generated HS256 secret (county), which needs python3
#                 with carenet-core (the repo's .venv) or `docker run … carenet token`.
#   kubectl apply -k DIR        # then apply the overlay
#
# Existing files in DIR are kept (re-running never rotates a secret by accident; see
# docs/operations.md §7 for rotation). Nationally, prefer an external secret store: see
# external-secrets.example.yaml beside this script.
set -euo pipefail
DIR=${1:?usage: generate.sh DIR DB [FEED_TOKEN]}
DB=${2:?usage: generate.sh DIR DB [FEED_TOKEN]}
FEED_TOKEN=${3:-}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$DIR"
umask 077
gen() { openssl rand -hex 32; }

write() {  # write FILE KEY=VALUE... unless FILE exists
  local file="$DIR/$1"; shift
  if [[ -e $file ]]; then echo "kept      $file"; return; fi
  printf '%s\n' "$@" > "$file"
  echo "generated $file"
}

value() {  # value FILE KEY: read back a generated value
  sed -n "s/^$2=//p" "$DIR/$1"
}

write postgres.env "POSTGRES_PASSWORD=$(gen)" "CARENET_CASE_MGMT_DB_PASSWORD=$(gen)" \
  "CARENET_INDICATORS_DB_PASSWORD=$(gen)" "CARENET_EAP_DB_PASSWORD=$(gen)" "CARENET_HOUSEHOLD_AUDIT_DB_PASSWORD=$(gen)" \
  "CARENET_WORKFORCE_DB_PASSWORD=$(gen)" "CARENET_RESOURCES_DB_PASSWORD=$(gen)"
write auth.env "CARENET_JWT_SECRET=$(gen)"

url() { echo "postgresql://carenet_$1:$(value postgres.env "CARENET_${2}_DB_PASSWORD")@$DB"; }
write case-mgmt.env "CARENET_CASE_MGMT_DATABASE_URL=$(url case_mgmt CASE_MGMT)" "CARENET_CASE_MGMT_PERSON_KEY_SECRET=$(gen)"
write eap.env "CARENET_EAP_DATABASE_URL=$(url eap EAP)"
write household-audit.env "CARENET_HOUSEHOLD_AUDIT_DATABASE_URL=$(url household_audit HOUSEHOLD_AUDIT)" \
  "CARENET_HOUSEHOLD_AUDIT_SUBJECT_HMAC_KEY=$(gen)"
write workforce.env "CARENET_WORKFORCE_DATABASE_URL=$(url workforce WORKFORCE)"
write resources.env "CARENET_RESOURCES_DATABASE_URL=$(url resources RESOURCES)"
write console.env "CARENET_CONSOLE_SESSION_SECRET=$(gen)"
if [[ ! -e $DIR/indicators.env && -z $FEED_TOKEN ]]; then
  PY=${PYTHON:-$HERE/../../../.venv/bin/python}
  FEED_TOKEN=$(CARENET_JWT_SECRET=$(value auth.env CARENET_JWT_SECRET) "$PY" "$HERE/../../docker/carenet_ctl.py" \
               token indicators-feed system 365)
fi
write indicators.env "CARENET_INDICATORS_DATABASE_URL=$(url indicators INDICATORS)" \
  "CARENET_INDICATORS_CASE_MGMT_TOKEN=$FEED_TOKEN" "CARENET_INDICATORS_WORKFORCE_TOKEN=$FEED_TOKEN"

cp "$HERE/kustomization.yaml" "$DIR/kustomization.yaml"
echo "now: kubectl apply -k $DIR   (namespace carenet must exist)"
