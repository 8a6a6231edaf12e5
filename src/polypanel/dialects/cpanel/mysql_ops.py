"""Mysql: create_database, delete_database, create_user, delete_user, set_password,
set_privileges_on_database, list_databases, list_users. Names carry the account's ``user_`` prefix, as on cPanel."""
from __future__ import annotations

from polypanel.core import database_grants, databases

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


def set_privileges_on_database(ctx, call):
    sub = account(ctx, call)
    user = _user(ctx, sub, call.query.text("user").strip())
    db = _database(ctx, sub, call.query.text("database").strip())
    privileges = {p.strip().upper() for p in call.query.text("privileges").split(",") if p.strip()}
    if privileges and privileges != {"ALL PRIVILEGES"} and privileges != {"ALL"}:
        raise Failure("Only “ALL PRIVILEGES” can be granted on this server.")
    database_grants.grant(ctx, user, db)
    return None


def list_databases(ctx, call):
    sub = account(ctx, call)
    users = databases.list_users(ctx, subscription_id=sub.id)
    out = []
    for db in sorted(databases.list_(ctx, subscription_id=sub.id), key=lambda d: d.name):
        if db.type != "mysql":
            continue
        names = sorted(u.login for u in users if u.server_id == db.server_id and u.database_id in (None, db.id))
        out.append({"database": db.name, "users": names, "disk_usage": 0})
    return out


def list_users(ctx, call):
    sub = account(ctx, call)
    dbs = {db.id: db.name for db in databases.list_(ctx, subscription_id=sub.id)}
    out = []
    for u in databases.list_users(ctx, subscription_id=sub.id):
        if u.server.type != "mysql":
            continue
        names = sorted(dbs.values()) if u.database_id is None else [dbs.get(u.database_id, "")]
        out.append({"user": u.login, "databases": names, "shortuser": u.login[len(sub.system_user) + 1:],
                    "full_user": u.login})
    return sorted(out, key=lambda i: i["user"])
