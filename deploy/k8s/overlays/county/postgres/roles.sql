-- CareNet database layout: one database, one schema per service, one login role per service that
-- owns its schema and can use nothing else. Idempotent: run it again to add a missing role or to
-- rotate passwords. Run as a superuser (or the managed database's admin role) on the CareNet database:
--
--   psql "$ADMIN_URL" -v ON_ERROR_STOP=1 \
--        -v case_mgmt_password=... -v indicators_password=... \
--        -v eap_password=... -v household_audit_password=... -v workforce_password=... -v resources_password=... -f roles.sql
--
-- (deploy/compose and the county overlay run it automatically on the first start of PostgreSQL.)

\set ON_ERROR_STOP on

-- Nobody gets anything by default: not the public schema, not new schemas, not temp tables.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec

-- The roles (created once; their password is (re)set on every run).
SELECT format('CREATE ROLE %I LOGIN', r) FROM unnest(ARRAY['carenet_case_mgmt', 'carenet_indicators',
    'carenet_eap', 'carenet_household_audit', 'carenet_workforce', 'carenet_resources']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE carenet_case_mgmt       WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'case_mgmt_password';
ALTER ROLE carenet_indicators      WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'indicators_password';
ALTER ROLE carenet_eap             WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'eap_password';
ALTER ROLE carenet_household_audit WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'household_audit_password';
ALTER ROLE carenet_workforce       WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'workforce_password';
ALTER ROLE carenet_resources       WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD :'resources_password';

-- Each role owns exactly its schema (migrations create its tables there) and finds it first.
CREATE SCHEMA IF NOT EXISTS case_mgmt       AUTHORIZATION carenet_case_mgmt;
CREATE SCHEMA IF NOT EXISTS indicators      AUTHORIZATION carenet_indicators;
CREATE SCHEMA IF NOT EXISTS eap             AUTHORIZATION carenet_eap;
CREATE SCHEMA IF NOT EXISTS household_audit AUTHORIZATION carenet_household_audit;
CREATE SCHEMA IF NOT EXISTS workforce       AUTHORIZATION carenet_workforce;
CREATE SCHEMA IF NOT EXISTS resources       AUTHORIZATION carenet_resources;
ALTER SCHEMA case_mgmt       OWNER TO carenet_case_mgmt;
ALTER SCHEMA indicators      OWNER TO carenet_indicators;
ALTER SCHEMA eap             OWNER TO carenet_eap;
ALTER SCHEMA household_audit OWNER TO carenet_household_audit;
ALTER SCHEMA workforce       OWNER TO carenet_workforce;
ALTER SCHEMA resources       OWNER TO carenet_resources;
ALTER ROLE carenet_case_mgmt       SET search_path = case_mgmt;
ALTER ROLE carenet_indicators      SET search_path = indicators;
ALTER ROLE carenet_eap             SET search_path = eap;
ALTER ROLE carenet_household_audit SET search_path = household_audit;
ALTER ROLE carenet_workforce       SET search_path = workforce;
ALTER ROLE carenet_resources       SET search_path = resources;

-- Connect, and nothing more, on the database.
SELECT format('GRANT CONNECT ON DATABASE %I TO carenet_case_mgmt, carenet_indicators, carenet_eap, carenet_household_audit, carenet_workforce, carenet_resources',
              current_database()) \gexec
