"""Alembic environment: always run on the connection retainkit hands over."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from retainkit.storage.models import Base, UTCDateTime

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("retainkit migrations run through retainkit.storage.database only")


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Migrations stay free of retainkit imports: UTCDateTime is stored as a plain DateTime."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


context.configure(
    connection=connection,
    render_item=render_item,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
