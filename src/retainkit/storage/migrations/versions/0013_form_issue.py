"""form_issue: written questionnaire forms issued to a person, and whether they came back

Revision ID: 0013
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "form_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_key", sa.String(length=60), nullable=False),
        sa.Column("questionnaire_version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("sent", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('exit', 'stay', 'followup')", name=op.f("ck_form_issue_kind")),
        sa.ForeignKeyConstraint(
            ["interview_id"], ["interview.id"], name=op.f("fk_form_issue_interview_id_interview")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_form_issue_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_issue")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("form_issue", schema=None) as batch_op:
        batch_op.create_index("ix_form_issue_person_id", ["person_id"], unique=False)
        batch_op.create_index("ix_form_issue_returned_on", ["returned_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("form_issue", schema=None) as batch_op:
        batch_op.drop_index("ix_form_issue_returned_on")
        batch_op.drop_index("ix_form_issue_person_id")

    op.drop_table("form_issue")
