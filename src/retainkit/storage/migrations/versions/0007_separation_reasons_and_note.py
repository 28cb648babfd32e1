"""separation reasons and note

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "separation_reason",
        sa.Column("separation_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["separation_id"],
            ["separation.id"],
            name=op.f("fk_separation_reason_separation_id_separation"),
        ),
        sa.PrimaryKeyConstraint("separation_id", "code", name=op.f("pk_separation_reason")),
    )
    with op.batch_alter_table("separation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("separation", schema=None) as batch_op:
        batch_op.drop_column("note")

    op.drop_table("separation_reason")
