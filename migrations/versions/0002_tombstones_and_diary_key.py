"""Tombstones for deleted check-ins; a random diary key per user

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 08:10:00

A deleted check-in leaves its id behind (`deleted_checkin`), so an older copy arriving later
never recreates it. `user.diary_key` is random: the offline store's diary tag derives from it
instead of the row id, which SQLite may hand out again after an erase.
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "deleted_checkin",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("deleted_checkin", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deleted_checkin_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("diary_key", sa.String(length=32), nullable=True))
    connection = op.get_bind()
    users = sa.table("user", sa.column("id", sa.Integer), sa.column("diary_key", sa.String))
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update().where(users.c.id == user_id).values(diary_key=secrets.token_hex(16))
        )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column("diary_key", existing_type=sa.String(length=32), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_user_diary_key"), ["diary_key"])


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_user_diary_key"), type_="unique")
        batch_op.drop_column("diary_key")
    with op.batch_alter_table("deleted_checkin", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deleted_checkin_user_id"))
    op.drop_table("deleted_checkin")
