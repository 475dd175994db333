"""FAQ assistant: faq_entries and faq_revisions, loaded with the starter FAQ written from seeds 002 and 004

Revision ID: eap_0006
Revises: eap_0005
Create Date: 2026-11-30
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from carenet_eap.faq.starter import starter_entries

revision = "eap_0006"
down_revision = "eap_0005"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
LOADED_AT = datetime(2026, 11, 30, tzinfo=UTC)
ACTOR = "migration:eap_0006"


def upgrade() -> None:
    entries = op.create_table(
        "faq_entries",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("question", sa.String(300), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("key", name="uq_faq_entries_key"),
    )
    revisions = op.create_table(
        "faq_revisions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "entry_id",
            sa.String(36),
            sa.ForeignKey("faq_entries.id", ondelete="CASCADE", name="fk_faq_revisions_entry_id_faq_entries"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(300), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.String(200), nullable=False),
        sa.Column("changed_at", TZ, nullable=False),
    )
    op.create_index("ix_faq_revisions_entry_id_version", "faq_revisions", ["entry_id", "version"], unique=True)
    starter = starter_entries()
    common = {"active": True, "version": 1}
    op.bulk_insert(
        entries,
        [
            {
                **{k: e[k] for k in ("id", "key", "question", "answer", "source", "keywords")},
                **common,
                "created_at": LOADED_AT,
                "updated_at": LOADED_AT,
                "updated_by": ACTOR,
            }
            for e in starter
        ],
    )
    op.bulk_insert(
        revisions,
        [
            {
                "id": e["id"],  # the first revision of a starter entry shares its fixed id
                "entry_id": e["id"],
                **{k: e[k] for k in ("question", "answer", "source", "keywords")},
                **common,
                "changed_by": ACTOR,
                "changed_at": LOADED_AT,
            }
            for e in starter
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_faq_revisions_entry_id_version", table_name="faq_revisions")
    op.drop_table("faq_revisions")
    op.drop_table("faq_entries")
