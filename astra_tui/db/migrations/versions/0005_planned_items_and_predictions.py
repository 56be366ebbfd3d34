"""planned income and bills, what became of each date of them, and the failures the forecast predicted

A planned item is money a person expects (a salary, the rent) on a date or a schedule; it is never posted
by itself. Each of its dates that the person recorded or dismissed is a row of planned_occurrences (the
rest are expected, or still to come). A prediction is a routine run the forecast says would fail soon:
one row, and one notification, per (routine, date); withdrawn when it stops being true.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 09:00:00
"""
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "planned_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("frequency", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_planned_items_user_status", "planned_items", ["user_id", "status"])
    op.create_table(
        "planned_occurrences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("planned_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("transaction_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["planned_id"], ["planned_items.id"]),
        sa.ForeignKeyConstraint(["transaction_id"], ["transactions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("planned_id", "due_on", name="uq_planned_occurrences_due"),
    )
    op.create_index("ix_planned_occurrences_transaction", "planned_occurrences", ["transaction_id"])
    op.create_table(
        "predictions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("routine_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("message", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["routine_id"], ["routines.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("routine_id", "due_on", name="uq_predictions_routine_due"),
    )
    op.create_index("ix_predictions_user_due", "predictions", ["user_id", "due_on"])


def downgrade() -> None:
    op.drop_index("ix_predictions_user_due", table_name="predictions")
    op.drop_table("predictions")
    op.drop_index("ix_planned_occurrences_transaction", table_name="planned_occurrences")
    op.drop_table("planned_occurrences")
    op.drop_index("ix_planned_items_user_status", table_name="planned_items")
    op.drop_table("planned_items")
