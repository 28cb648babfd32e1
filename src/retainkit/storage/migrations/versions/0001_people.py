"""people

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_no", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("department", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("level", sa.String(length=16), nullable=True),
        sa.Column("manager_no", sa.String(length=64), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("hire_date", sa.Date(), nullable=True),
        sa.Column("performance", sa.Integer(), nullable=True),
        sa.Column("high_performer", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("salary", sa.Integer(), nullable=True),
        sa.Column("preferred_channel", sa.String(length=16), nullable=True),
        sa.Column("contact_hours", sa.String(length=40), nullable=True),
        sa.Column("do_not_contact", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), server_default="active", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "level IN ('staff', 'middle', 'senior', 'core')", name=op.f("ck_person_level")
        ),
        sa.CheckConstraint(
            "preferred_channel IN ('phone', 'email', 'in_person', 'chat')",
            name=op.f("ck_person_preferred_channel"),
        ),
        sa.CheckConstraint("status IN ('active', 'departed')", name=op.f("ck_person_status")),
        sa.CheckConstraint("performance BETWEEN 1 AND 5", name=op.f("ck_person_performance")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("employee_no", name=op.f("uq_person_employee_no")),
    )
    op.create_index("ix_person_department_status", "person", ["department", "status"])
    op.create_index(op.f("ix_person_manager_no"), "person", ["manager_no"])


def downgrade() -> None:
    op.drop_table("person")
