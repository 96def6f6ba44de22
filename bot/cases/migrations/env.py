"""Alembic environment: migrate the connection `bot.cases.migrate` hands over."""

from alembic import context

connection = context.config.attributes["connection"]
# SQLite cannot ALTER most of a table; batch mode copies the table instead.
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
