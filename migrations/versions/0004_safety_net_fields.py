"""The safety net's new answer: numbness in the saddle area (docs/rules.md §9)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 08:20:00

`strength_loss` gains the value "sudden"; its column (8 characters) already holds it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("saddle_numbness", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.drop_column("saddle_numbness")
