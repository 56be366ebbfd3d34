"""transfers received from someone else get their own small index

The history of a person is what they sent plus what others sent them. The old
index on (destination_user_id, scheduled_for, id) also held every transfer a
person made to themselves, so finding the few received from others meant
reading past all of those. A partial index holds only transfers between two
people and answers that half of the history in a page's time.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 12:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_transfers_dest_user_date", table_name="transfers")
    op.create_index("ix_transfers_received", "transfers", ["destination_user_id", "scheduled_for", "id"],
                    sqlite_where=sa.text("destination_user_id != user_id"))


def downgrade() -> None:
    op.drop_index("ix_transfers_received", table_name="transfers")
    op.create_index("ix_transfers_dest_user_date", "transfers", ["destination_user_id", "scheduled_for", "id"])
