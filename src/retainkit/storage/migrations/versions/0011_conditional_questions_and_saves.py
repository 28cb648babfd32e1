"""answer.not_asked: a conditional question whose condition did not hold; separation: the
decision a retention chance ended in (retained, status withdrawn; or left)

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('open', 'cancelled', 'rehired')"
NEW_STATUSES = "status IN ('open', 'cancelled', 'rehired', 'withdrawn')"
DECISIONS = "retention_decision IN ('retained', 'left')"


def upgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("not_asked", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )
    with op.batch_alter_table("separation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_decision", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("decision_note", sa.Text(), nullable=True))
        batch_op.drop_constraint(op.f("ck_separation_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_separation_status"), sa.text(NEW_STATUSES))
        batch_op.create_check_constraint(op.f("ck_separation_decision"), sa.text(DECISIONS))


def downgrade() -> None:
    with op.batch_alter_table("separation", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_separation_decision"), type_="check")
        batch_op.drop_constraint(op.f("ck_separation_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_separation_status"), sa.text(OLD_STATUSES))
        batch_op.drop_column("decision_note")
        batch_op.drop_column("decided_on")
        batch_op.drop_column("retention_decision")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_column("not_asked")
