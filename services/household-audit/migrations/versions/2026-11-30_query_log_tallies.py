"""query-log tallies: rows per county and month kept by statement triggers (PostgreSQL)

The purge record of a dropped month partition says how many rows went, per county. Counting a
10-million-row month costs seconds; these tallies make it a look-up. An AFTER STATEMENT trigger on
`query_logs` appends one row per (county, month) of every INSERT or COPY (+n) and DELETE (−n) — append
only, so concurrent batches never wait on each other — and the purge sums a month's tallies. Existing
rows are tallied once here. SQLite: nothing (its purge deletes, and counts, row by row).

Revision ID: household_audit_0006
Revises: household_audit_0005
Create Date: 2026-11-30
"""

from alembic import op

revision = "household_audit_0006"
down_revision = "household_audit_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE query_log_tallies (county varchar(10) NOT NULL, month varchar(7) NOT NULL, rows bigint NOT NULL)"
    )
    op.execute("CREATE INDEX ix_query_log_tallies_month ON query_log_tallies (month, county)")
    for kind, table, sign in (("insert", "new_rows", ""), ("delete", "old_rows", "-")):
        op.execute(f"""
            CREATE FUNCTION query_logs_tally_{kind}() RETURNS trigger LANGUAGE plpgsql
            SET search_path FROM CURRENT AS $$
            BEGIN
                INSERT INTO query_log_tallies (county, month, rows)
                SELECT county, month, {sign}count(*) FROM {table} GROUP BY county, month;
                RETURN NULL;
            END $$""")
        op.execute(f"""
            CREATE TRIGGER query_logs_tally_{kind} AFTER {kind.upper()} ON query_logs
            REFERENCING {"NEW" if kind == "insert" else "OLD"} TABLE AS {table}
            FOR EACH STATEMENT EXECUTE FUNCTION query_logs_tally_{kind}()""")
    op.execute(
        "INSERT INTO query_log_tallies (county, month, rows) SELECT county, month, count(*) FROM query_logs "
        "GROUP BY county, month"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for kind in ("insert", "delete"):
        op.execute(f"DROP TRIGGER query_logs_tally_{kind} ON query_logs")
        op.execute(f"DROP FUNCTION query_logs_tally_{kind}()")
    op.execute("DROP TABLE query_log_tallies")
