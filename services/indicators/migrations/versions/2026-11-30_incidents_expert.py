"""conferences with an external expert; incidents (media-reported, filicide-suicide, group suicide)

Revision ID: indicators_0006
Revises: indicators_0005
Create Date: 2026-11-30

seed 001 p.53: 「每月定期召開外部專家督導之個案管理及分級相關會議」 — a conference counts only with
an external expert (`has_external_expert`; NULL = an event from before wave 2, counted as before).
The incident projection feeds the half-year media-report statistics; their three catalogue rows
are written out here (not imported) so the migration inserts the same rows forever.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "indicators_0006"
down_revision = "indicators_0005"
branch_labels = None
depends_on = None

SEEDED_AT = datetime(2026, 11, 30, tzinfo=UTC)
SOURCE = "domain-rules §1 (個案管理會議: 媒體報導事件 3 個工作天內速報、2 週內召開會議); api-contract wave 2 incidents"


def _definition(code, title, title_en, formula, unit, sort_order, note):
    return {
        "code": code,
        "version": 1,
        "title": title,
        "title_en": title_en,
        "area": "suicide_prevention",
        "formula": formula,
        "unit": unit,
        "period": "half",
        "direction": "higher",
        "targets": {"kind": "none"},
        "source": "case_mgmt",
        "seed_ref": SOURCE,
        "effective_from": 2020,
        "sort_order": sort_order,
        "note": note,
        "created_at": SEEDED_AT,
        "created_by": "issue 14",
    }


def definition_rows() -> list[dict]:
    return [
        _definition(
            "media_reported_incidents",
            "媒體報導個案事件數",
            "Media-reported incidents",
            {"kind": "count", "numerator": "incident.recorded (media_reported)"},
            "count",
            105,
            "half-year report statistic; no target in the seeds",
        ),
        _definition(
            "media_flash_report_on_time_rate",
            "媒體報導事件3個工作天內完成速報比率",
            "Media-reported incidents with the flash report on time",
            {
                "kind": "ratio",
                "numerator": "incident.flash_report_filed (on_time)",
                "denominator": "incident.recorded (media_reported)",
                "scale": 100,
            },
            "percent",
            106,
            "速報單: the 3rd working day counted from the day after the incident",
        ),
        _definition(
            "media_conference_on_time_rate",
            "媒體報導事件2週內召開個案討論會議比率",
            "Media-reported incidents with a conference within 2 weeks",
            {
                "kind": "ratio",
                "numerator": "incident.conference_held (on_time)",
                "denominator": "incident.recorded (media_reported)",
                "scale": 100,
            },
            "percent",
            107,
            "conference due 14 days after the incident",
        ),
    ]


def reference_rows() -> dict[str, list[dict]]:
    return {"indicator_definitions": definition_rows()}


def upgrade() -> None:
    op.add_column("proj_conferences", sa.Column("has_external_expert", sa.Boolean(), nullable=True))
    op.create_table(
        "proj_incidents",
        sa.Column("incident_id", sa.String(64), primary_key=True),
        sa.Column("case_id", sa.String(64), nullable=True),
        sa.Column("county", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("flash_report_due", sa.Date(), nullable=True),
        sa.Column("conference_due", sa.Date(), nullable=True),
        sa.Column("flash_report_filed_on", sa.Date(), nullable=True),
        sa.Column("flash_report_on_time", sa.Boolean(), nullable=True),
        sa.Column("conference_held_on", sa.Date(), nullable=True),
        sa.Column("conference_on_time", sa.Boolean(), nullable=True),
        sa.Column("conference_id", sa.String(64), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_proj_incidents_county_occurred", "proj_incidents", ["county", "occurred_on"])
    table = sa.table(
        "indicator_definitions",
        *[
            sa.column(c, t)
            for c, t in {
                "code": sa.String,
                "version": sa.Integer,
                "title": sa.String,
                "title_en": sa.String,
                "area": sa.String,
                "formula": sa.JSON,
                "unit": sa.String,
                "period": sa.String,
                "direction": sa.String,
                "targets": sa.JSON,
                "source": sa.String,
                "seed_ref": sa.String,
                "effective_from": sa.Integer,
                "sort_order": sa.Integer,
                "note": sa.Text,
                "created_at": sa.DateTime(timezone=True),
                "created_by": sa.String,
            }.items()
        ],
    )
    op.bulk_insert(table, definition_rows())


def downgrade() -> None:
    op.execute(
        "DELETE FROM indicator_definitions WHERE code IN "
        "('media_reported_incidents', 'media_flash_report_on_time_rate', 'media_conference_on_time_rate')"
    )
    op.drop_index("ix_proj_incidents_county_occurred", table_name="proj_incidents")
    op.drop_table("proj_incidents")
    op.drop_column("proj_conferences", "has_external_expert")
