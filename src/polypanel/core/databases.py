"""Customer databases and database users, on the configured database servers."""
from __future__ import annotations

from sqlalchemy import func, select

from polypanel.store.models import Database, DatabaseServer, DatabaseUser, Subscription

from . import database_grants, server_names, tenancy, validation, vocabulary, webspaces
from .unit_of_work import UnitOfWork
from .errors import AlreadyExists, Invalid, NotFound
from .password_hashes import database_user_hashes

TYPES = ("mysql", "postgresql")


def servers(ctx: UnitOfWork, *, id: int | None = None) -> list[DatabaseServer]:
    q = select(DatabaseServer).order_by(DatabaseServer.id)
    if id is not None:
        q = q.where(DatabaseServer.id == id)
    return list(ctx.session.scalars(q))


def server(ctx: UnitOfWork, *, id: int | None = None, type: str | None = None) -> DatabaseServer:
    if id is not None:
        srv = ctx.session.get(DatabaseServer, id)
        if srv is None:
            raise NotFound("database server", id, f"The database server {id} is not found")
        return srv
    type = type or "mysql"
    if type not in TYPES:
        raise Invalid("type", f"'{type}' is not one of {', '.join(TYPES)}")
    srv = ctx.session.scalar(select(DatabaseServer).where(DatabaseServer.type == type)
                             .order_by(DatabaseServer.is_default.desc(), DatabaseServer.id))
    if srv is None:
        raise Invalid("type", f"no {type} database server is configured")
    return srv


def _visible(ctx: UnitOfWork, model):
    q = select(model).join(Subscription, model.subscription_id == Subscription.id)
    return tenancy.apply(q, tenancy.owner_filter(ctx.principal, Subscription.owner_id))


def list_(ctx: UnitOfWork, *, subscription_id: int | None = None) -> list[Database]:
    q = _visible(ctx, Database)
    if subscription_id is not None:
        q = q.where(Database.subscription_id == subscription_id)
    return list(ctx.session.scalars(q.order_by(Database.id)))


def get(ctx: UnitOfWork, id: int) -> Database:
    db = ctx.session.scalar(_visible(ctx, Database).where(Database.id == id))
    if db is None:
        raise NotFound("database", id, f"The database {id} is not found")
    return db


def create(ctx: UnitOfWork, *, subscription: Subscription, name: str, type: str = "mysql",
           server_id: int | None = None) -> Database:
    tenancy.require(ctx.principal, subscription, "subscription", subscription.id)
    name = _prefixed(ctx, subscription, validation.database_name(name), "name")
    server_names.check_database_name(name)
    srv = server(ctx, id=server_id, type=None if server_id is not None else type)
    if server_id is not None and type and srv.type != type:
        raise Invalid("type", f"the server {srv.id} is a {srv.type} server")
    if ctx.session.scalar(select(Database.id).where(Database.server_id == srv.id, Database.name == name)):
        raise AlreadyExists("database", name, f"The database '{name}' already exists")
    if ctx.name_probe.foreign_database(srv.id, srv.type, name):
        raise server_names.not_managed("database", name)
    webspaces.check_limit(ctx, subscription, "max_databases",
                              webspaces.usage(ctx, subscription)["databases"], "databases")
    db = Database(subscription_id=subscription.id, server_id=srv.id, name=name, type=srv.type, created_at=ctx.now())
    ctx.insert(db, "database", name)
    db.server = srv
    ctx.enqueue(vocabulary.database(srv.id, name))
    ctx.audit("database:create", "database", db.id, name)
    return db


def _prefixed(ctx: UnitOfWork, subscription: Subscription, name: str, field: str) -> str:
    """The name with the subscription's prefix ([databases] prefix), checked again once prefixed."""
    prefixed = server_names.apply_prefix(ctx.settings.database_prefix, name, system_user=subscription.system_user)
    return name if prefixed == name else validation.database_name(prefixed, field)


def delete(ctx: UnitOfWork, db: Database) -> None:
    tenancy.require(ctx.principal, db.subscription, "database", db.id, f"The database {db.id} is not found")
    for user in list(ctx.session.scalars(select(DatabaseUser).where(DatabaseUser.database_id == db.id))):
        delete_user(ctx, user)
    database_grants.forget(ctx, db=db)
    ctx.enqueue(vocabulary.database(db.server_id, db.name))
    ctx.audit("database:delete", "database", db.id, db.name)
    ctx.session.delete(db)
    ctx.session.flush()


def list_users(ctx: UnitOfWork, *, database_id: int | None = None, subscription_id: int | None = None) -> list[DatabaseUser]:
    q = _visible(ctx, DatabaseUser)
    if database_id is not None:
        q = q.where(DatabaseUser.database_id == database_id)
    if subscription_id is not None:
        q = q.where(DatabaseUser.subscription_id == subscription_id)
    return list(ctx.session.scalars(q.order_by(DatabaseUser.id)))


def get_user(ctx: UnitOfWork, id: int) -> DatabaseUser:
    user = ctx.session.scalar(_visible(ctx, DatabaseUser).where(DatabaseUser.id == id))
    if user is None:
        raise NotFound("database user", id, f"The database user {id} is not found")
    return user


def create_user(ctx: UnitOfWork, *, subscription: Subscription, login: str, password: str,
                database: Database | None = None, server_id: int | None = None) -> DatabaseUser:
    tenancy.require(ctx.principal, subscription, "subscription", subscription.id)
    login = _prefixed(ctx, subscription, validation.database_name(login, "login"), "login")
    if len(login) > 32:
        raise Invalid("login", "may have at most 32 characters")
    server_names.check_database_user(login)
    validation.password(password)
    if database is not None:
        if database.subscription_id != subscription.id:
            raise Invalid("database_id", "the database belongs to another subscription")
        srv = database.server
    else:
        srv = server(ctx, id=server_id)
    if ctx.session.scalar(select(DatabaseUser.id).where(DatabaseUser.server_id == srv.id, DatabaseUser.login == login)):
        raise AlreadyExists("database user", login, f"The database user '{login}' already exists")
    if ctx.name_probe.foreign_database_user(srv.id, srv.type, login):
        raise server_names.not_managed("database user", login)
    webspaces.check_limit(ctx, subscription, "max_db_users",
                              webspaces.usage(ctx, subscription)["db_users"], "database users")
    user = DatabaseUser(subscription_id=subscription.id, server_id=srv.id, database_id=database.id if database else None,
                        login=login, password_hashes=database_user_hashes(password), created_at=ctx.now())
    ctx.insert(user, "database user", login)
    if database is not None and database.default_user_id is None:
        database.default_user_id = user.id
    ctx.enqueue(vocabulary.database_user(srv.id, login))
    ctx.audit("database_user:create", "database_user", user.id, login)
    return user


def _require_user(ctx: UnitOfWork, user: DatabaseUser) -> None:
    tenancy.require(ctx.principal, user.subscription, "database user", user.id,
                    f"The database user {user.id} is not found")


def update_user(ctx: UnitOfWork, user: DatabaseUser, *, login: str | None = None, password: str | None = None) -> DatabaseUser:
    _require_user(ctx, user)
    if login is not None and login != user.login:
        raise Invalid("login", "a database user cannot be renamed; create a new one")
    if password is not None:
        validation.password(password)
        user.password_hashes = database_user_hashes(password)
    ctx.enqueue(vocabulary.database_user(user.server_id, user.login))
    ctx.audit("database_user:update", "database_user", user.id, user.login)
    return user


def delete_user(ctx: UnitOfWork, user: DatabaseUser) -> None:
    _require_user(ctx, user)
    for db in ctx.session.scalars(select(Database).where(Database.default_user_id == user.id)):
        db.default_user_id = None
    database_grants.forget(ctx, user=user)
    ctx.enqueue(vocabulary.database_user(user.server_id, user.login))
    ctx.audit("database_user:delete", "database_user", user.id, user.login)
    ctx.session.delete(user)
    ctx.session.flush()


def counts_by_server(ctx: UnitOfWork) -> dict[int, int]:
    """How many databases the caller may see on each server."""
    q = _visible(ctx, Database).with_only_columns(Database.server_id, func.count()).group_by(Database.server_id)
    return dict(ctx.session.execute(q).all())
