"""Where exactly: the spots of a check-in (issue 15)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 11:30:00

`checkin.spots` holds the body outline's spot ids (`rules.contract.SPOTS`, her left and right);
`areas` keeps holding what the rules read, the spots' areas included. Existing check-ins have no
spots.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.add_column(sa.Column("spots", sa.JSON(), nullable=True))
    op.execute("UPDATE checkin SET spots = '[]'")
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.alter_column("spots", existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.drop_column("spots")
