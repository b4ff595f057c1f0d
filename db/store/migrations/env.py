"""Alembic environment: runs on the connection that :mod:`db.store.project` hands over."""

from alembic import context
from sqlmodel import SQLModel

import db.store.models  # noqa: F401  (registers the tables)

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
