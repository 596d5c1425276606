"""Alembic environment: runs on the connection the store hands over (never a URL of its own)."""

from __future__ import annotations

from alembic import context

from redfunnel.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through redfunnel.store.engine.upgrade()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
