"""Server-side sessions for signed-in browsers; new anonymous diaries counted per address

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 08:30:00

Each sign-in gets its own `account_session` row (only the key's SHA-256), deleted on signing out,
so a replayed cookie opens nothing; it replaces the one `session_nonce` per user (every session
made before this revision ends: she signs in once more). `diary_start` counts new anonymous
diaries per keyed hash of the network address, for the hourly limit.
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "account_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
    )
    with op.batch_alter_table("account_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_session_user_id"), ["user_id"], unique=False)

    op.create_table(
        "diary_start",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("diary_start", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_diary_start_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_diary_start_key"), ["key"], unique=False)

    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("session_nonce")


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_nonce", sa.String(length=16), nullable=True))
    connection = op.get_bind()
    users = sa.table("user", sa.column("id", sa.Integer), sa.column("session_nonce", sa.String))
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(
            users.update().where(users.c.id == user_id).values(session_nonce=secrets.token_hex(8))
        )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column("session_nonce", existing_type=sa.String(length=16), nullable=False)

    with op.batch_alter_table("diary_start", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diary_start_key"))
        batch_op.drop_index(batch_op.f("ix_diary_start_created_at"))
    op.drop_table("diary_start")
    with op.batch_alter_table("account_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_session_user_id"))
    op.drop_table("account_session")
