"""Alembic environment: migrations run against the URL handed over by ringdesk.migrate."""

from __future__ import annotations

from alembic import context

from ringdesk.core.db import make_engine
from ringdesk.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url, "ringdesk.migrate sets sqlalchemy.url"

if context.is_offline_mode():
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True,
                      render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = make_engine(url, enforce_foreign_keys=False)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=url.startswith("sqlite"))
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
