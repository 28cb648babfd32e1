"""interview: the text being typed when a live interview was interrupted; the terminal
holding a draft (a lease); numbers never reused (SQLite AUTOINCREMENT; PostgreSQL
sequences never reuse a number anyway)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table(
        "interview",
        schema=None,
        recreate="always" if sqlite else "auto",
        table_kwargs={"sqlite_autoincrement": True},
    ) as batch_op:
        batch_op.add_column(sa.Column("unsaved_key", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("unsaved_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("lease_holder", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("lease_seen", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interview", schema=None) as batch_op:
        batch_op.drop_column("lease_seen")
        batch_op.drop_column("lease_holder")
        batch_op.drop_column("unsaved_text")
        batch_op.drop_column("unsaved_key")
