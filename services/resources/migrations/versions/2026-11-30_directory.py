"""directory: resources, their categories and their edit history

Revision ID: resources_0002
Revises: resources_0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "resources_0002"
down_revision = "resources_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    tz = sa.DateTime(timezone=True)
    op.create_table(
        "resources",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("district", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("phone", sa.String(60), nullable=True),
        sa.Column("hours", sa.JSON(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("accessibility", sa.JSON(), nullable=False),
        sa.Column("fees", sa.Text(), nullable=True),
        sa.Column("eligibility", sa.Text(), nullable=True),
        sa.Column("source", sa.String(300), nullable=True),
        sa.Column("source_id", sa.String(100), nullable=False),
        sa.Column("last_checked_on", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", tz, nullable=False),
        sa.Column("updated_at", tz, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resources")),
        sa.UniqueConstraint("county", "source_id", name=op.f("uq_resources_county_source_id")),
    )
    op.create_index("ix_resources_county_district", "resources", ["county", "district"])
    op.create_index("ix_resources_lat_lon", "resources", ["lat", "lon"])
    op.create_index("ix_resources_county_last_checked_on", "resources", ["county", "last_checked_on"])
    op.create_table(
        "resource_categories",
        sa.Column("resource_id", sa.String(36), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_resource_categories_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resource_id", "category", name=op.f("pk_resource_categories")),
    )
    op.create_index(op.f("ix_resource_categories_category"), "resource_categories", ["category"])
    op.create_table(
        "resource_revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("resource_id", sa.String(36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", tz, nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("via", sa.String(20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_resource_revisions_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_revisions")),
    )
    op.create_index(op.f("ix_resource_revisions_resource_id"), "resource_revisions", ["resource_id"])


def downgrade() -> None:
    op.drop_table("resource_revisions")
    op.drop_table("resource_categories")
    op.drop_table("resources")
