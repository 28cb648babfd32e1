"""interview_note: the interviewer's own notes, one per question of an interview

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "interview_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(length=60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("noted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interview.id"],
            name=op.f("fk_interview_note_interview_id_interview"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_note")),
        sa.UniqueConstraint("interview_id", "question_key", name="uq_interview_note_question"),
    )


def downgrade() -> None:
    op.drop_table("interview_note")
