"""settings (the current person, remembered); transaction ids are never reused

A person who deletes a mistyped deposit must not see its id handed to the next
one: the runs and queued transfers of a percentage-of-deposit routine name
their deposit by id, so a reused id would clash with them. AUTOINCREMENT makes
SQLite hand out ids above every id ever used.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00
"""
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    # Rebuilt with its rows and indexes; SQLite starts the sequence at the largest id copied.
    with op.batch_alter_table("transactions", recreate="always",
                              table_kwargs={"sqlite_autoincrement": True}) as batch_op:
        batch_op.alter_column("id", existing_type=sa.Integer(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("transactions", recreate="always",
                              table_kwargs={"sqlite_autoincrement": False}) as batch_op:
        batch_op.alter_column("id", existing_type=sa.Integer(), nullable=False)
    op.drop_table("settings")
