"""query logs partitioned by month (PostgreSQL declarative partitioning); SQLite keeps a plain table

The table becomes `PARTITION BY LIST (month)` with one partition per month (`query_logs_p2026_10`) and a
DEFAULT partition that catches a month nobody created a partition for (the service creates them ahead:
the scheduler for this month and the next, ingest for any other month it is sent). PostgreSQL needs the
partition key in every unique constraint, so the primary key becomes (id, month). The 3-year purge then
detaches and drops a month's partition instead of deleting its rows. Existing rows are moved over.

Revision ID: household_audit_0005
Revises: household_audit_0004
Create Date: 2026-11-30
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "household_audit_0005"
down_revision = "household_audit_0004"
branch_labels = None
depends_on = None

MONTH = re.compile(r"^20\d{2}-(0[1-9]|1[0-2])$")
DRAW_INDEX = (
    "CREATE INDEX ix_query_logs_draw ON query_logs (county, month, unit, ticket) INCLUDE (id, matches_case, late)"
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE query_logs RENAME TO query_logs_unpartitioned")
    op.execute("ALTER TABLE query_logs_unpartitioned RENAME CONSTRAINT pk_query_logs TO pk_query_logs_unpartitioned")
    op.execute("ALTER INDEX ix_query_logs_draw RENAME TO ix_query_logs_unpartitioned_draw")
    op.execute(
        "CREATE TABLE query_logs (LIKE query_logs_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
        "PARTITION BY LIST (month)"
    )
    op.execute("ALTER TABLE query_logs ADD CONSTRAINT pk_query_logs PRIMARY KEY (id, month)")
    op.execute(DRAW_INDEX)
    op.execute("CREATE TABLE query_logs_default PARTITION OF query_logs DEFAULT")
    months = bind.execute(sa.text("SELECT DISTINCT month FROM query_logs_unpartitioned ORDER BY month")).scalars()
    for month in months:
        if not MONTH.match(month):
            continue  # stays in the default partition
        op.execute(
            f"CREATE TABLE query_logs_p{month.replace('-', '_')} PARTITION OF query_logs FOR VALUES IN ('{month}')"
        )
    op.execute("INSERT INTO query_logs SELECT * FROM query_logs_unpartitioned")
    op.execute("DROP TABLE query_logs_unpartitioned")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE query_logs RENAME TO query_logs_partitioned")
    op.execute("ALTER TABLE query_logs_partitioned RENAME CONSTRAINT pk_query_logs TO pk_query_logs_partitioned")
    op.execute("ALTER INDEX ix_query_logs_draw RENAME TO ix_query_logs_partitioned_draw")
    op.execute("CREATE TABLE query_logs (LIKE query_logs_partitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    op.execute("ALTER TABLE query_logs ADD CONSTRAINT pk_query_logs PRIMARY KEY (id)")
    op.execute("INSERT INTO query_logs SELECT * FROM query_logs_partitioned")
    op.execute(DRAW_INDEX)
    op.execute("DROP TABLE query_logs_partitioned")
