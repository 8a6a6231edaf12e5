"""Mysql: create_database, delete_database, create_user, delete_user, set_password,
set_privileges_on_database, get_privileges_on_database, revoke_access_to_database, list_databases, list_users. Names carry the account's ``user_`` prefix, as on cPanel."""
from __future__ import annotations

from polypanel.core import database_grants, databases
from polypanel.core.errors import Invalid

from ..whm.wire import Failure
from .domain_ops import account


def _prefixed(sub, name: str, what: str) -> str:
    name = (name or "").strip()
    if not name:
        raise Failure(f"You must specify the “{what}” parameter.")
    prefix = f"{sub.system_user}_"
    if not name.startswith(prefix):
        raise Failure(f"The name “{name[:64]}” must begin with “{prefix}”, the account's database prefix.")
    return name


def _database(ctx, sub, name: str):
    for db in databases.list_(ctx, subscription_id=sub.id):
        if db.name == name and db.type == "mysql":
            return db
    raise Failure(f"The database “{name[:64]}” does not exist.")


def _user(ctx, sub, name: str):
    for user in databases.list_users(ctx, subscription_id=sub.id):
        if user.login == name and user.server.type == "mysql":
            return user
    raise Failure(f"The database user “{name[:64]}” does not exist.")


def create_database(ctx, call):
    sub = account(ctx, call)
    databases.create(ctx, subscription=sub, name=_prefixed(sub, call.query.text("name"), "name"), type="mysql")
    return None


def delete_database(ctx, call):
    sub = account(ctx, call)
    databases.delete(ctx, _database(ctx, sub, call.query.text("name").strip()))
    return None


def create_user(ctx, call):
    sub = account(ctx, call)
    password = call.query.text("password")
    if not password:
        raise Failure("You must specify the “password” parameter.")
    srv = databases.server(ctx, type="mysql")
    databases.create_user(ctx, subscription=sub, login=_prefixed(sub, call.query.text("name"), "name"),
                          password=password, server_id=srv.id)
    return None


def delete_user(ctx, call):
    sub = account(ctx, call)
    databases.delete_user(ctx, _user(ctx, sub, call.query.text("name").strip()))
    return None


def set_password(ctx, call):
    sub = account(ctx, call)
    password = call.query.text("password")
    if not password:
        raise Failure("You must specify the “password” parameter.")
    databases.update_user(ctx, _user(ctx, sub, call.query.text("user").strip()), password=password)
    return None


def _pair(ctx, call):
    sub = account(ctx, call)
    user_name, db_name = call.query.text("user").strip(), call.query.text("database").strip()
    if not user_name:
        raise Failure("You must specify the “user” parameter.")
    if not db_name:
        raise Failure("You must specify the “database” parameter.")
    return _user(ctx, sub, user_name), _database(ctx, sub, db_name)


def set_privileges_on_database(ctx, call):
    user, db = _pair(ctx, call)
    try:
        database_grants.set_privileges(ctx, user, db, call.query.text("privileges").split(","))
    except Invalid as exc:
        raise Failure(f"Invalid privilege: {exc.reason}") from None
    return None


def get_privileges_on_database(ctx, call):
    user, db = _pair(ctx, call)
    return sorted(database_grants.privileges_on(ctx, user, db))


def revoke_access_to_database(ctx, call):
    user, db = _pair(ctx, call)
    database_grants.revoke(ctx, user, db)
    return None


def list_databases(ctx, call):
    sub = account(ctx, call)
    reach = {u.login: database_grants.effective(ctx, u) for u in databases.list_users(ctx, subscription_id=sub.id)
             if u.server.type == "mysql"}
    out = []
    for db in sorted(databases.list_(ctx, subscription_id=sub.id), key=lambda d: d.name):
        if db.type != "mysql":
            continue
        names = sorted(login for login, dbs in reach.items() if db.name in dbs)
        out.append({"database": db.name, "users": names, "disk_usage": 0})
    return out


def list_users(ctx, call):
    sub = account(ctx, call)
    out = []
    for u in databases.list_users(ctx, subscription_id=sub.id):
        if u.server.type != "mysql":
            continue
        out.append({"user": u.login, "databases": sorted(database_grants.effective(ctx, u)),
                    "shortuser": u.login[len(sub.system_user) + 1:], "full_user": u.login})
    return sorted(out, key=lambda i: i["user"])
