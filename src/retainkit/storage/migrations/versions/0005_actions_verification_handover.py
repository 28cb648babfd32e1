"""actions verification handover

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handover_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("separation_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("done", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["separation_id"],
            ["separation.id"],
            name=op.f("fk_handover_item_separation_id_separation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_item")),
        sa.UniqueConstraint("separation_id", "position", name="uq_handover_item_position"),
    )
    op.create_table(
        "verified_reason",
        sa.Column("separation_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "source IN ('records', 'peers', 'manager', 'other')",
            name=op.f("ck_verified_reason_source"),
        ),
        sa.ForeignKeyConstraint(
            ["separation_id"],
            ["separation.id"],
            name=op.f("fk_verified_reason_separation_id_separation"),
        ),
        sa.PrimaryKeyConstraint("separation_id", "code", name=op.f("pk_verified_reason")),
    )
    with op.batch_alter_table("handover_item", schema=None) as batch_op:
        batch_op.create_index(
            "ix_handover_item_done_separation", ["done", "separation_id"], unique=False
        )

    with op.batch_alter_table("verified_reason", schema=None) as batch_op:
        batch_op.create_index("ix_verified_reason_code", ["code"], unique=False)

    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("separation_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reason_code", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("scope", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("drop_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("done_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("informed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_action_item_separation_id_separation"),
            "separation",
            ["separation_id"],
            ["id"],
        )

    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.add_column(sa.Column("held_by", sa.String(length=16), nullable=True))

    with op.batch_alter_table("separation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("successor_no", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("separation", schema=None) as batch_op:
        batch_op.drop_column("successor_no")

    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.drop_column("held_by")

    with op.batch_alter_table("action_item", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_action_item_separation_id_separation"), type_="foreignkey"
        )
        batch_op.drop_column("updated_at")
        batch_op.drop_column("informed_at")
        batch_op.drop_column("done_on")
        batch_op.drop_column("drop_reason")
        batch_op.drop_column("outcome")
        batch_op.drop_column("scope")
        batch_op.drop_column("reason_code")
        batch_op.drop_column("separation_id")

    with op.batch_alter_table("handover_item", schema=None) as batch_op:
        batch_op.create_index(
            "ix_handover_item_done_separation", ["done", "separation_id"], unique=False
        )

    with op.batch_alter_table("verified_reason", schema=None) as batch_op:
        batch_op.drop_index("ix_verified_reason_code")

    op.drop_table("verified_reason")
    op.drop_table("handover_item")
