"""What she took on each check-in, and her own list of medicines in the profile

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 11:30:00

Two JSON lists (issue 15), never read by the rules: `checkin.medicines_taken` (the medicines she
took, with dose, count, time, whether as needed and how much it helped) and
`profile.my_medicines` ("Mijn medicijnen": name and usual dose). Existing rows start empty.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    for table, column in (("checkin", "medicines_taken"), ("profile", "my_medicines")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.JSON(), nullable=True))
        op.execute(f"UPDATE {table} SET {column} = '[]'")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.JSON(), nullable=False)


def downgrade():
    for table, column in (("profile", "my_medicines"), ("checkin", "medicines_taken")):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
