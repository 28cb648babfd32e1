"""contact plan

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "followup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("separation_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_from", sa.Date(), nullable=False),
        sa.Column("due_to", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="planned", nullable=False),
        sa.Column("priority", sa.Integer(), server_default="0", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('exit_interview', 'first', 'mid', 'yearly_care', 'rehire_check', "
            "'stay_interview')",
            name=op.f("ck_followup_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('planned', 'done', 'declined', 'skipped', 'cancelled', 'unreachable')",
            name=op.f("ck_followup_status"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_followup_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["separation_id"], ["separation.id"], name=op.f("fk_followup_separation_id_separation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followup")),
    )
    with op.batch_alter_table("followup", schema=None) as batch_op:
        batch_op.create_index("ix_followup_person_id", ["person_id"], unique=False)
        batch_op.create_index("ix_followup_separation_id", ["separation_id"], unique=False)
        batch_op.create_index("ix_followup_status_due_from", ["status", "due_from"], unique=False)

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("followup_id", sa.Integer(), nullable=True),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.Column("contacted_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("conclusion", sa.String(length=200), nullable=True),
        sa.Column("rehire_interest", sa.String(length=8), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('reached', 'no_answer', 'declined', 'unreachable')",
            name=op.f("ck_contact_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["followup_id"], ["followup.id"], name=op.f("fk_contact_followup_id_followup")
        ),
        sa.ForeignKeyConstraint(
            ["interview_id"], ["interview.id"], name=op.f("fk_contact_interview_id_interview")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_contact_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index("ix_contact_followup_id", ["followup_id"], unique=False)
        batch_op.create_index(
            "ix_contact_person_contacted_on", ["person_id", "contacted_on"], unique=False
        )

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alumni_tier", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("rehire_pool", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("rehire_pool")
        batch_op.drop_column("alumni_tier")

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_person_contacted_on")
        batch_op.drop_index("ix_contact_followup_id")

    op.drop_table("contact")
    with op.batch_alter_table("followup", schema=None) as batch_op:
        batch_op.drop_index("ix_followup_status_due_from")
        batch_op.drop_index("ix_followup_separation_id")
        batch_op.drop_index("ix_followup_person_id")

    op.drop_table("followup")
