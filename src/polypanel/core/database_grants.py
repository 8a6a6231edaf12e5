"""Which database a database user works on: one of its subscription's (cPanel's
set_privileges_on_database), or all of them (``database_id`` None)."""
from __future__ import annotations

from sqlalchemy import select

from polypanel.store.models import Database, DatabasePrivilege, DatabaseUser

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
    forget(ctx, user=user)  # granular privileges give way to the one database (or all) with all privileges
    user.database_id = db.id if db is not None else None
    if db is not None and db.default_user_id is None:
        db.default_user_id = user.id
    ctx.enqueue(vocabulary.database_user(user.server_id, user.login))
    ctx.audit("database_user:grant", "database_user", user.id, f"{user.login} {db.name if db else '*'}")


# --- granular privileges (cPanel's Mysql::set_privileges_on_database) ---------------------------

ALL = "ALL PRIVILEGES"
# The database-level privileges cPanel offers for MySQL/MariaDB (its "ALL PRIVILEGES" is all of them).
MYSQL_PRIVILEGES = ("ALTER", "ALTER ROUTINE", "CREATE", "CREATE ROUTINE", "CREATE TEMPORARY TABLES", "CREATE VIEW",
                    "DELETE", "DROP", "EVENT", "EXECUTE", "INDEX", "INSERT", "LOCK TABLES", "REFERENCES", "SELECT",
                    "SHOW VIEW", "TRIGGER", "UPDATE")


def normalize(privileges) -> list[str]:
    """Privilege names as stored: upper case, single spaces, sorted; ``[ALL]`` when all are given."""
    out = set()
    for raw in privileges:
        name = " ".join(str(raw).split()).upper()
        if not name:
            continue
        if name in (ALL, "ALL"):
            return [ALL]
        if name not in MYSQL_PRIVILEGES:
            raise Invalid("privileges", f"“{name[:64]}” is not a database privilege")
        out.add(name)
    return [ALL] if out == set(MYSQL_PRIVILEGES) else sorted(out)


def _rows(ctx: UnitOfWork, user: DatabaseUser) -> list[DatabasePrivilege]:
    return list(ctx.session.scalars(select(DatabasePrivilege).where(DatabasePrivilege.user_id == user.id)))


def set_privileges(ctx: UnitOfWork, user: DatabaseUser, db: Database, privileges) -> list[str]:
    """Give ``user`` exactly ``privileges`` on ``db`` (both of one subscription and server). The
    user's other databases are kept: what it reached before (one or all of the subscription's
    databases, with all privileges) is written as rows the first time."""
    tenancy.require(ctx.principal, user.subscription, "database user", user.id,
                    f"The database user {user.id} is not found")
    if db.subscription_id != user.subscription_id:
        raise Invalid("database", "the database belongs to another subscription")
    if db.server_id != user.server_id:
        raise Invalid("database", "the database is on another database server")
    if user.server.type != "mysql":
        raise Invalid("database", "granular privileges are for MySQL/MariaDB databases")
    wanted = normalize(privileges)
    rows = {row.database_id: row for row in _rows(ctx, user)}
    if not rows:  # the first granular change: keep what the user reached until now
        for other in _legacy_databases(ctx, user):
            if other.id != db.id:
                ctx.session.add(DatabasePrivilege(user_id=user.id, database_id=other.id, privileges=[ALL]))
    row = rows.get(db.id)
    if row is None:
        ctx.session.add(DatabasePrivilege(user_id=user.id, database_id=db.id, privileges=wanted))
    else:
        row.privileges = wanted
    ctx.session.flush()
    ctx.enqueue(vocabulary.database_user(user.server_id, user.login))
    ctx.audit("database_user:privileges", "database_user", user.id, f"{user.login} {db.name} {','.join(wanted)}")
    return wanted


def revoke(ctx: UnitOfWork, user: DatabaseUser, db: Database) -> None:
    """Take ``db`` away from ``user`` (cPanel's revoke_access_to_database)."""
    set_privileges(ctx, user, db, [])


def _legacy_databases(ctx: UnitOfWork, user: DatabaseUser) -> list[Database]:
    if user.database_id is not None:
        return [user.database] if user.database is not None else []
    return list(ctx.session.scalars(select(Database).where(
        Database.subscription_id == user.subscription_id, Database.server_id == user.server_id)))


def effective(ctx: UnitOfWork, user: DatabaseUser) -> dict[str, list[str]]:
    """Database name -> privileges the user has there (only databases it reaches)."""
    rows = _rows(ctx, user)
    if rows:
        return {row.database.name: list(row.privileges) for row in rows if row.privileges}
    return {db.name: [ALL] for db in _legacy_databases(ctx, user)}


def privileges_on(ctx: UnitOfWork, user: DatabaseUser, db: Database) -> list[str]:
    tenancy.require(ctx.principal, user.subscription, "database user", user.id,
                    f"The database user {user.id} is not found")
    return effective(ctx, user).get(db.name, [])


def forget(ctx: UnitOfWork, *, user: DatabaseUser | None = None, db: Database | None = None) -> None:
    """Drop the privilege rows of a user or a database that is being deleted (re-applying the users left)."""
    q = select(DatabasePrivilege)
    q = q.where(DatabasePrivilege.user_id == user.id) if user is not None else q.where(DatabasePrivilege.database_id == db.id)
    for row in list(ctx.session.scalars(q)):
        if db is not None:
            other = ctx.session.get(DatabaseUser, row.user_id)
            if other is not None:
                ctx.enqueue(vocabulary.database_user(other.server_id, other.login))
        ctx.session.delete(row)
    ctx.session.flush()
