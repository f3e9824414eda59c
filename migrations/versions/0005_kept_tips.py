"""Each check-in keeps the tips it was given when it was saved (issue 11, item 4)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00

Check-ins stored before this revision keep `tips` empty (NULL): their tips are computed when
they are shown, as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tips", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.drop_column("tips")
