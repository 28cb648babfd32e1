"""separations

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "separation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("notice_date", sa.Date(), nullable=True),
        sa.Column("regrettable", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("rehire_eligible", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("department", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=True),
        sa.Column("manager_no", sa.String(length=64), nullable=True),
        sa.Column("hire_date", sa.Date(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("rehired_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('voluntary', 'involuntary', 'retirement', 'end_of_contract', 'layoff')",
            name=op.f("ck_separation_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'cancelled', 'rehired')", name=op.f("ck_separation_status")
        ),
        sa.CheckConstraint(
            "level IN ('staff', 'middle', 'senior', 'core')", name=op.f("ck_separation_level")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_separation_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_separation")),
    )
    op.create_index("ix_separation_last_day", "separation", ["last_day"])
    op.create_index("ix_separation_person_status", "separation", ["person_id", "status"])


def downgrade() -> None:
    op.drop_table("separation")
