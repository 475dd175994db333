"""access trail partitioned by month (PostgreSQL declarative partitioning); SQLite keeps a plain table

The trail is kept (the law asks for it) but no longer as one heap: `PARTITION BY RANGE (at)`, one partition
per Taipei month (`access_trail_p2026_12`) and a DEFAULT one, the key (id, at). Rows are copied as they
are, so the hash chain verifies as before. See carenet_core.migrations.partition_access_trail.

Revision ID: indicators_trail_partitions
Revises: indicators_0009
Create Date: 2026-12-07
"""

from carenet_core.migrations import partition_access_trail, unpartition_access_trail

revision = "indicators_trail_partitions"
down_revision = "indicators_0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    partition_access_trail()


def downgrade() -> None:
    unpartition_access_trail()
