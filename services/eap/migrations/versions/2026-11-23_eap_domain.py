"""eap domain: counsellors, availability, slots, bookings, notes, referrals, workshops, check-ins,
self-checks, satisfaction surveys, purge records

Revision ID: eap_0002
Revises: eap_0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "eap_0002"
down_revision = "eap_0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
ACTIVE_BOOKING = sa.text("status IN ('booked', 'attended', 'no_show')")
LIVE_ENROLMENT = sa.text("status <> 'cancelled'")


def upgrade() -> None:
    op.create_table(
        "counsellors",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("gender", sa.String(1), nullable=False),
        sa.Column("modes", sa.JSON(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("location", sa.String(200)),
        sa.Column("user_sub", sa.String(200)),
        sa.Column("session_minutes", sa.Integer(), nullable=False),
        sa.Column("buffer_minutes", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("user_sub", name="uq_counsellors_user_sub"),
        sa.CheckConstraint("gender IN ('F', 'M', 'X')", name="ck_counsellors_gender"),
    )
    op.create_table(
        "counsellor_kinds",
        sa.Column(
            "counsellor_id",
            sa.String(36),
            sa.ForeignKey("counsellors.id", ondelete="CASCADE", name="fk_counsellor_kinds_counsellor_id_counsellors"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(20), primary_key=True),
    )
    op.create_index("ix_counsellor_kinds_kind", "counsellor_kinds", ["kind"])
    op.create_table(
        "weekly_hours",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "counsellor_id",
            sa.String(36),
            sa.ForeignKey("counsellors.id", ondelete="CASCADE", name="fk_weekly_hours_counsellor_id_counsellors"),
            nullable=False,
        ),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("start_time", sa.String(5), nullable=False),
        sa.Column("end_time", sa.String(5), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
    )
    op.create_index("ix_weekly_hours_counsellor_id", "weekly_hours", ["counsellor_id"])
    op.create_table(
        "availability_exceptions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "counsellor_id",
            sa.String(36),
            sa.ForeignKey(
                "counsellors.id", ondelete="CASCADE", name="fk_availability_exceptions_counsellor_id_counsellors"
            ),
            nullable=False,
        ),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("start_time", sa.String(5)),
        sa.Column("end_time", sa.String(5)),
        sa.Column("mode", sa.String(20)),
    )
    op.create_index("ix_availability_exceptions_counsellor_id", "availability_exceptions", ["counsellor_id"])
    op.create_table(
        "slots",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "counsellor_id",
            sa.String(36),
            sa.ForeignKey("counsellors.id", ondelete="CASCADE", name="fk_slots_counsellor_id_counsellors"),
            nullable=False,
        ),
        sa.Column("starts_at", TZ, nullable=False),
        sa.Column("ends_at", TZ, nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name="ck_slots_ends_after_start"),
        sa.CheckConstraint("status IN ('free', 'booked', 'withdrawn')", name="ck_slots_status"),
    )
    op.create_index("ix_slots_counsellor_id_starts_at", "slots", ["counsellor_id", "starts_at"])
    op.create_index("ix_slots_status_starts_at", "slots", ["status", "starts_at"])
    op.create_table(
        "bookings",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("code_name", sa.String(20), nullable=False),
        sa.Column(
            "slot_id", sa.String(36), sa.ForeignKey("slots.id", name="fk_bookings_slot_id_slots"), nullable=False
        ),
        sa.Column(
            "counsellor_id",
            sa.String(36),
            sa.ForeignKey("counsellors.id", name="fk_bookings_counsellor_id_counsellors"),
            nullable=False,
        ),
        sa.Column("employee_sub", sa.String(200), nullable=False),
        sa.Column("contact_name", sa.String(100)),
        sa.Column("contact_phone", sa.String(40)),
        sa.Column("employee_gender", sa.String(1)),
        sa.Column("agency", sa.String(200)),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("issue_category", sa.String(50)),
        sa.Column("flow", sa.String(20), nullable=False),
        sa.Column("referral_id", sa.String(36)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("starts_at", TZ, nullable=False),
        sa.Column("ends_at", TZ, nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("rescheduled_from_id", sa.String(36)),
        sa.Column("rescheduled_to_id", sa.String(36)),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("closed_at", TZ),
        sa.UniqueConstraint("code_name", name="uq_bookings_code_name"),
    )
    op.create_index("ix_bookings_counsellor_id", "bookings", ["counsellor_id"])
    op.create_index("ix_bookings_employee_sub", "bookings", ["employee_sub"])
    op.create_index("ix_bookings_starts_at", "bookings", ["starts_at"])
    # No double booking, ever: at most one active booking per slot, enforced by the database.
    op.create_index(
        "uq_bookings_active_slot",
        "bookings",
        ["slot_id"],
        unique=True,
        postgresql_where=ACTIVE_BOOKING,
        sqlite_where=ACTIVE_BOOKING,
    )
    op.create_table(
        "counselling_notes",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "booking_id",
            sa.String(36),
            sa.ForeignKey("bookings.id", ondelete="CASCADE", name="fk_counselling_notes_booking_id_bookings"),
            nullable=False,
        ),
        sa.Column("counsellor_id", sa.String(36), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_counselling_notes_booking_id", "counselling_notes", ["booking_id"])
    op.create_table(
        "referrals",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("code_name", sa.String(20), nullable=False),
        sa.Column("employee_ref", sa.String(200), nullable=False),
        sa.Column("agency", sa.String(200)),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("crisis", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("share_outcome", sa.Boolean(), nullable=False),
        sa.Column("booking_id", sa.String(36)),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("responded_at", TZ),
        sa.UniqueConstraint("code_name", name="uq_referrals_code_name"),
    )
    op.create_index("ix_referrals_employee_ref", "referrals", ["employee_ref"])
    op.create_table(
        "supervisor_feedback",
        sa.Column(
            "referral_id",
            sa.String(36),
            sa.ForeignKey("referrals.id", ondelete="CASCADE", name="fk_supervisor_feedback_referral_id_referrals"),
            primary_key=True,
        ),
        sa.Column("work_effect", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text()),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "workshops",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("target_group", sa.String(30), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(200)),
        sa.Column("sessions", sa.JSON(), nullable=False),
        sa.Column("next_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.CheckConstraint("capacity > 0", name="ck_workshops_capacity_positive"),
    )
    op.create_table(
        "enrolments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "workshop_id",
            sa.String(36),
            sa.ForeignKey("workshops.id", ondelete="CASCADE", name="fk_enrolments_workshop_id_workshops"),
            nullable=False,
        ),
        sa.Column("employee_sub", sa.String(200), nullable=False),
        sa.Column("code_name", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("promoted_at", TZ),
        sa.UniqueConstraint("code_name", name="uq_enrolments_code_name"),
    )
    op.create_index("ix_enrolments_workshop_id_seq", "enrolments", ["workshop_id", "seq"], unique=True)
    op.create_index(
        "uq_enrolments_live_employee",
        "enrolments",
        ["workshop_id", "employee_sub"],
        unique=True,
        postgresql_where=LIVE_ENROLMENT,
        sqlite_where=LIVE_ENROLMENT,
    )
    op.create_table(
        "workshop_attendance",
        sa.Column(
            "enrolment_id",
            sa.String(36),
            sa.ForeignKey("enrolments.id", ondelete="CASCADE", name="fk_workshop_attendance_enrolment_id_enrolments"),
            primary_key=True,
        ),
        sa.Column("session_index", sa.Integer(), primary_key=True),
        sa.Column("attended", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "new_staff",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("code_name", sa.String(20), nullable=False),
        sa.Column("employee_ref", sa.String(200), nullable=False),
        sa.Column("agency", sa.String(200)),
        sa.Column("hire_date", sa.Date(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("code_name", name="uq_new_staff_code_name"),
        sa.UniqueConstraint("employee_ref", name="uq_new_staff_employee_ref"),
    )
    op.create_table(
        "check_ins",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "new_staff_id",
            sa.String(36),
            sa.ForeignKey("new_staff.id", ondelete="CASCADE", name="fk_check_ins_new_staff_id_new_staff"),
            nullable=False,
        ),
        sa.Column("questionnaire", sa.String(20), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.UniqueConstraint("new_staff_id", "questionnaire", name="uq_check_ins_new_staff_id_questionnaire"),
    )
    op.create_table(
        "self_check_results",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("suicide_ideation", sa.Integer(), nullable=False),
        sa.Column("band", sa.String(10), nullable=False),
        sa.Column("refer", sa.Boolean(), nullable=False),
        sa.Column("subject_sub", sa.String(200)),
    )
    op.create_index("ix_self_check_results_month", "self_check_results", ["month"])
    op.create_table(
        "survey_markers",
        sa.Column(
            "booking_id",
            sa.String(36),
            sa.ForeignKey("bookings.id", ondelete="CASCADE", name="fk_survey_markers_booking_id_bookings"),
            primary_key=True,
        ),
    )
    op.create_table(
        "satisfaction_responses",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("flow", sa.String(20), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("overall", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text()),
    )
    op.create_index("ix_satisfaction_responses_year", "satisfaction_responses", ["year"])
    op.create_table(
        "purge_records",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("ran_at", TZ, nullable=False),
        sa.Column("cutoff", TZ, nullable=False),
        sa.Column("retention_years", sa.Integer(), nullable=False),
        sa.Column("bookings", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Integer(), nullable=False),
        sa.Column("slots", sa.Integer(), nullable=False),
        sa.Column("referrals", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    for name in (
        "purge_records",
        "satisfaction_responses",
        "survey_markers",
        "self_check_results",
        "check_ins",
        "new_staff",
        "workshop_attendance",
        "enrolments",
        "workshops",
        "supervisor_feedback",
        "referrals",
        "counselling_notes",
        "bookings",
        "slots",
        "availability_exceptions",
        "weekly_hours",
        "counsellor_kinds",
        "counsellors",
    ):
        op.drop_table(name)
