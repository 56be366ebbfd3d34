"""Storage: SQLModel tables, the engine with its pragmas, and Alembic migrations."""
