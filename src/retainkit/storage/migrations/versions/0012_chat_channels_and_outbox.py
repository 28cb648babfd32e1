"""chat channels (retainkit notify) and the outbox of urgent messages for them

Revision ID: 0012
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_channel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.Text(), nullable=True),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("detail", sa.String(length=6), nullable=False),
        sa.Column("urgent", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("detail IN ('counts', 'names')", name=op.f("ck_chat_channel_detail")),
        sa.CheckConstraint(
            "kind IN ('wecom', 'dingtalk', 'feishu', 'slack', 'teams')",
            name=op.f("ck_chat_channel_kind"),
        ),
        sa.CheckConstraint("lang IN ('en', 'zh')", name=op.f("ck_chat_channel_lang")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_channel")),
        sa.UniqueConstraint("name", name=op.f("uq_chat_channel_name")),
    )
    op.create_table(
        "chat_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("action_item_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_try_at", sa.DateTime(), nullable=True),
        sa.Column("claimed_until", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'rejected', 'abandoned')",
            name=op.f("ck_chat_message_status"),
        ),
        sa.ForeignKeyConstraint(
            ["action_item_id"],
            ["action_item.id"],
            name=op.f("fk_chat_message_action_item_id_action_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["chat_channel.id"],
            name=op.f("fk_chat_message_channel_id_chat_channel"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_message")),
    )
    with op.batch_alter_table("chat_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chat_message_action_item_id"), ["action_item_id"], unique=False
        )
        batch_op.create_index("ix_chat_message_status", ["status", "next_try_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("chat_message", schema=None) as batch_op:
        batch_op.drop_index("ix_chat_message_status")
        batch_op.drop_index(batch_op.f("ix_chat_message_action_item_id"))

    op.drop_table("chat_message")
    op.drop_table("chat_channel")
