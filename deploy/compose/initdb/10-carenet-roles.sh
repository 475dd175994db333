#!/bin/sh
# Run by the postgres image on the first start (empty data directory): creates the CareNet
# schemas and per-service roles with the passwords from the environment (see roles.sql).
set -eu
: "${CARENET_CASE_MGMT_DB_PASSWORD:?}" "${CARENET_INDICATORS_DB_PASSWORD:?}"
: "${CARENET_EAP_DB_PASSWORD:?}" "${CARENET_HOUSEHOLD_AUDIT_DB_PASSWORD:?}"
: "${CARENET_WORKFORCE_DB_PASSWORD:?}"
: "${CARENET_RESOURCES_DB_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v case_mgmt_password="$CARENET_CASE_MGMT_DB_PASSWORD" \
  -v indicators_password="$CARENET_INDICATORS_DB_PASSWORD" \
  -v eap_password="$CARENET_EAP_DB_PASSWORD" \
  -v household_audit_password="$CARENET_HOUSEHOLD_AUDIT_DB_PASSWORD" \
  -v workforce_password="$CARENET_WORKFORCE_DB_PASSWORD" \
  -v resources_password="$CARENET_RESOURCES_DB_PASSWORD" \
  -f /carenet/roles.sql
