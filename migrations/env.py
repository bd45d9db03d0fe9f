"""Alembic environment: runs on the connection the app hands over, or on the configured URL."""

from alembic import context
from sqlalchemy import create_engine

import selfservice.accounts.models
import selfservice.funnel.models
import selfservice.intake.models
import selfservice.rate_limits
import selfservice.records.models
import selfservice.review.models
import selfservice.stats.models  # noqa: F401
from selfservice.database import Base

target_metadata = Base.metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as own_connection:
        context.configure(connection=own_connection, target_metadata=target_metadata,
                          render_as_batch=own_connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
