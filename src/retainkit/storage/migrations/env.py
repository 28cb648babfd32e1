"""Alembic environment: always run on the connection retainkit hands over."""

from __future__ import annotations

from alembic import context

from retainkit.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("retainkit migrations run through retainkit.storage.database only")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
