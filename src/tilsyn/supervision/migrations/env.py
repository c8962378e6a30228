"""Alembic environment, driven from code: `tilsyn.supervision.db.migrate(url)` hands over an open
connection in `config.attributes["connection"]`; no alembic.ini is needed."""

from alembic import context

from tilsyn.supervision.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
