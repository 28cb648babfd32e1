"""Storage: SQLAlchemy models, the one database handle, and Alembic migrations."""
