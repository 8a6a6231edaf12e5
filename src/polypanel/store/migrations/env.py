from alembic import context
from sqlalchemy import text

from polypanel.store.models import Base

config = context.config
engine = config.attributes["engine"]
# Several panel processes may start at once on one PostgreSQL database: one migrates, the
# others wait for it and then find nothing left to do.
MIGRATION_LOCK = 727274  # any constant shared by every polypanel process

with engine.connect() as connection:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
        connection.commit()
    try:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
            connection.commit()
