"""When the server received each check-in, by its own clock

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:00:00

`GET /api/v1/checkins?since=` compares the server's `server_time` with this column, not with
the phone's `updated_at`: an edit made offline and sent hours later is then never missed.
Existing rows start from their `updated_at`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.add_column(sa.Column("received_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE checkin SET received_at = updated_at")
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.alter_column("received_at", existing_type=sa.DateTime(), nullable=False)


def downgrade():
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        batch_op.drop_column("received_at")
