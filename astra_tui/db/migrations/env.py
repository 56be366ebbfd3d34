"""Alembic environment: runs on the connection the app hands over, in batch mode for SQLite."""

from alembic import context

from astra_tui.db.models import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
