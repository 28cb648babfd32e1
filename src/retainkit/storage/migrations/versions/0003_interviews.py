"""interviews

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questionnaire",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("builtin", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire")),
        sa.UniqueConstraint("key", "version", name="uq_questionnaire_key_version"),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "interview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("separation_id", sa.Integer(), nullable=True),
        sa.Column("questionnaire_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="draft", nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=True),
        sa.Column("interviewer", sa.String(length=200), nullable=True),
        sa.Column("lang", sa.String(length=8), server_default="en", nullable=False),
        sa.Column("retention_risk", sa.String(length=8), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("written_offered", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('exit', 'stay', 'followup')", name=op.f("ck_interview_kind")),
        sa.CheckConstraint(
            "status IN ('draft', 'completed', 'declined')", name=op.f("ck_interview_status")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_interview_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_id"],
            ["questionnaire.id"],
            name=op.f("fk_interview_questionnaire_id_questionnaire"),
        ),
        sa.ForeignKeyConstraint(
            ["separation_id"], ["separation.id"], name=op.f("fk_interview_separation_id_separation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview")),
    )
    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.create_index("ix_interview_person_kind", ["person_id", "kind"], unique=False)
        batch_op.create_index("ix_interview_separation_id", ["separation_id"], unique=False)
        batch_op.create_index("ix_interview_status", ["status"], unique=False)

    op.create_table(
        "action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("urgent", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("escalation", sa.String(length=16), nullable=True),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('remedial', 'preventive', 'strategic')", name=op.f("ck_action_item_kind")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'done', 'dropped')",
            name=op.f("ck_action_item_status"),
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"], ["interview.id"], name=op.f("fk_action_item_interview_id_interview")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_item")),
    )
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.create_index("ix_action_item_interview_id", ["interview_id"], unique=False)
        batch_op.create_index("ix_action_item_status_due", ["status", "due_date"], unique=False)

    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("skipped", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"], ["interview.id"], name=op.f("fk_answer_interview_id_interview")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
        sa.UniqueConstraint("interview_id", "question_key", name="uq_answer_interview_question"),
    )
    op.create_table(
        "interview_reason",
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview.id"],
            name=op.f("fk_interview_reason_interview_id_interview"),
        ),
        sa.PrimaryKeyConstraint("interview_id", "code", name=op.f("pk_interview_reason")),
    )
    with op.batch_alter_table("interview_reason", schema=None) as batch_op:
        batch_op.create_index("ix_interview_reason_code", ["code"], unique=False)

    op.create_table(
        "interview_score",
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview.id"],
            name=op.f("fk_interview_score_interview_id_interview"),
        ),
        sa.PrimaryKeyConstraint("interview_id", "dimension", name=op.f("pk_interview_score")),
    )


def downgrade() -> None:
    op.drop_table("interview_score")
    with op.batch_alter_table("interview_reason", schema=None) as batch_op:
        batch_op.drop_index("ix_interview_reason_code")

    op.drop_table("interview_reason")
    op.drop_table("answer")
    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.drop_index("ix_action_item_status_due")
        batch_op.drop_index("ix_action_item_interview_id")

    op.drop_table("action_item")
    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.drop_index("ix_interview_status")
        batch_op.drop_index("ix_interview_separation_id")
        batch_op.drop_index("ix_interview_person_kind")

    op.drop_table("interview")
    op.drop_table("setting")
    op.drop_table("questionnaire")
