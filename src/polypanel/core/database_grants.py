"""Which database a database user works on: one of its subscription's (cPanel's
set_privileges_on_database), or all of them (``database_id`` None)."""
from __future__ import annotations

from polypanel.store.models import Database, DatabaseUser

from . import tenancy, vocabulary
from .errors import Invalid
from .unit_of_work import UnitOfWork


def grant(ctx: UnitOfWork, user: DatabaseUser, db: Database | None) -> None:
    tenancy.require(ctx.principal, user.subscription, "database user", user.id,
                    f"The database user {user.id} is not found")
    if db is not None:
        if db.subscription_id != user.subscription_id:
            raise Invalid("database", "the database belongs to another subscription")
        if db.server_id != user.server_id:
            raise Invalid("database", "the database is on another database server")
    user.database_id = db.id if db is not None else None
    if db is not None and db.default_user_id is None:
        db.default_user_id = user.id
    ctx.enqueue(vocabulary.database_user(user.server_id, user.login))
    ctx.audit("database_user:grant", "database_user", user.id, f"{user.login} {db.name if db else '*'}")
