"""Questions she did not answer are stored as not answered (NULL), not as a chosen default

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00

Rows saved before keep their values: nobody can tell now which were chosen and which were
the form's defaults.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

CHOICES = ("strength_loss", "fluid", "sleep", "activity", "stress")
DEFAULTS = {
    "strength_loss": "none",
    "fluid": "normal",
    "sleep": "good",
    "activity": "usual",
    "stress": "low",
}


def upgrade():
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        for name in CHOICES:
            batch_op.alter_column(name, existing_type=sa.String(length=8), nullable=True)
        batch_op.alter_column("coffee", existing_type=sa.Integer(), nullable=True)


def downgrade():
    checkin = sa.table("checkin", *(sa.column(n) for n in (*CHOICES, "coffee")))
    for name, value in DEFAULTS.items():
        op.execute(checkin.update().where(checkin.c[name].is_(None)).values({name: value}))
    op.execute(checkin.update().where(checkin.c.coffee.is_(None)).values(coffee=0))
    with op.batch_alter_table("checkin", schema=None) as batch_op:
        for name in CHOICES:
            batch_op.alter_column(name, existing_type=sa.String(length=8), nullable=False)
        batch_op.alter_column("coffee", existing_type=sa.Integer(), nullable=False)
