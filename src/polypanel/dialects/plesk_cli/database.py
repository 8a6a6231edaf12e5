"""``plesk bin database``: databases and their users (core.databases)."""
from __future__ import annotations

from polypanel.core import databases, domains
from polypanel.core.errors import Invalid, NotFound

from .base import Command, Run, Utility, created, removed, table, updated

OPTIONS = {
    "domain": "the site whose subscription the database belongs to",
    "type": "mysql (default) or postgresql",
    "server": "the database server, as host:port (default: the default server of the type)",
    "add_user": "a database user to create for the database (with -passwd)",
    "update_user": "a database user whose password changes (with -passwd)",
    "remove_user": "a database user to remove",
    "passwd": "the user's password (empty: the PSA_PASSWORD environment variable)",
}


def _server_id(run: Run) -> int | None:
    spec = run.opt("server")
    if not spec:
        return None
    host, _, port = spec.partition(":")
    for srv in databases.servers(run.ctx):
        if srv.host == host and (not port or str(srv.port) == port):
            return srv.id
    raise NotFound("database server", spec, f"Unable to find the database server '{spec}'")


def _get(run: Run):
    for db in databases.list_(run.ctx):
        if db.name == run.target:
            return db
    raise NotFound("database", run.target, f"Unable to find the database '{run.target}'")


def _user(run: Run, db, login: str):
    for user in databases.list_users(run.ctx, subscription_id=db.subscription_id):
        if user.login == login:
            return user
    raise NotFound("database user", login, f"Unable to find the database user '{login}'")


def _add_user(run: Run, db) -> None:
    password = run.password()
    if not password:
        raise Invalid("passwd", "the option -passwd is required with -add_user")
    databases.create_user(run.ctx, subscription=db.subscription, login=run.opts["add_user"], password=password,
                          database=db)


def create(run: Run) -> None:
    d = domains.get(run.ctx, name=run.required("domain"))
    db = databases.create(run.ctx, subscription=d.subscription, name=run.target, type=run.opt("type", "mysql"),
                          server_id=_server_id(run))
    if run.opt("add_user"):
        _add_user(run, db)
    created(run, "database", db.name)


def update(run: Run) -> None:
    db = _get(run)
    if run.opt("add_user"):
        _add_user(run, db)
    if run.opt("update_user"):
        password = run.password()
        if not password:
            raise Invalid("passwd", "the option -passwd is required with -update_user")
        databases.update_user(run.ctx, _user(run, db, run.opts["update_user"]), password=password)
    if run.opt("remove_user"):
        databases.delete_user(run.ctx, _user(run, db, run.opts["remove_user"]))
    updated(run, "database", db.name)


def remove(run: Run) -> None:
    databases.delete(run.ctx, _get(run))
    removed(run, run.target)


def info(run: Run) -> None:
    db = _get(run)
    users = [u.login for u in databases.list_users(run.ctx, database_id=db.id)]
    table(run, [("Database name", db.name), ("Type", db.server.type),
                ("Server", f"{db.server.host}:{db.server.port}"), ("Users", ", ".join(users)), ("ID", db.id)])


def list_(run: Run) -> None:
    sub_id = domains.get(run.ctx, name=run.opt("domain")).subscription_id if run.opt("domain") else None
    for db in databases.list_(run.ctx, subscription_id=sub_id):
        run.say(db.name)


database = Utility("database", "database", [
    Command("--create", create, "create a database for the subscription of -domain", ("-c",), "NAME",
            phrase="creation"),
    Command("--update", update, "add, change or remove a database's users", ("-u",), "NAME", phrase="update"),
    Command("--remove", remove, "remove a database with its users", ("-r",), "NAME", phrase="removal"),
    Command("--info", info, "show a database", ("-i",), "NAME", phrase="getting info"),
    Command("--list", list_, "list the databases (of the subscription of -domain)", ("-l",), None, phrase="listing"),
], OPTIONS)
