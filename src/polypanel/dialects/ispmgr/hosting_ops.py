"""Databases and their users, FTP users, IP addresses, and what the server says of itself
(``license.info``, ``sysinfo``, ``services``); mail is ``mail_ops``."""
from __future__ import annotations

import os
import platform

from polypanel.core import accounts, databases, ftp, service_views, services, subscriptions
from polypanel.core.errors import Invalid, NotFound

from .form import elids
from .wire import Form, Ok, Rows, on_off

SERVER_NAMES = {"mysql": "MySQL", "postgresql": "PostgreSQL"}
SERVER_TYPES = {"mysql": "mysql", "postgresql": "postgresql", "mariadb": "mysql", "pgsql": "postgresql"}


def form_password(f: dict, required: bool) -> str | None:
    value = f.get("passwd") if f.get("passwd") not in (None, "") else f.get("password")
    if not value:
        if required:
            raise Invalid("password", "is required")
        return None
    if f.get("confirm") not in (None, "") and f["confirm"] != value:
        raise Invalid("password", "the password and its confirmation differ")
    return value


def _subscription(ctx, f: dict):
    """The hosting an object is made in: the owner's (``owner=``), else the caller's first."""
    owner = (f.get("owner") or "").strip()
    acc = accounts.get(ctx, login=owner) if owner else accounts.get(ctx, id=ctx.principal.account_id)
    subs = subscriptions.list_(ctx, owner_id=acc.id)
    if not subs:
        raise NotFound("subscription", acc.login, f"The user {acc.login} has no hosting (create a web domain first)")
    return subs[0]


# --- databases ------------------------------------------------------------------------------------------


def db_key(db) -> str:
    return f"{db.name}->{SERVER_NAMES.get(db.type, db.type)}"


def _database(ctx, key: str):
    for db in databases.list_(ctx):
        if db_key(db) == key or db.name == key:
            return db
    raise NotFound("database", key, f"The database '{key[:100]}' is not found")


def db_list(ctx, _call):
    return Rows([{"key": db_key(db), "name": db.name, "owner": db.owner_login,
                  "type": db.type, "server": SERVER_NAMES.get(db.type, db.type)} for db in service_views.databases(ctx)],
                key="key")


def db_edit(ctx, call):
    f = call.query
    elid = (f.get("elid") or "").strip()
    if not f.get("sok"):
        slist = {"server": [(v, v) for v in SERVER_NAMES.values()],
                 "charset": [("utf8mb4", "utf8mb4"), ("utf8", "utf8"), ("latin1", "latin1")]}
        if not elid:
            return Form({"name": "", "owner": "", "server": "MySQL", "charset": "utf8mb4", "user": "*",
                         "username": ""}, slist)
        db = _database(ctx, elid)
        return Form({"elid": db_key(db), "name": db.name, "owner": db.subscription.owner.login,
                     "server": SERVER_NAMES.get(db.type, db.type)}, slist)
    if elid:
        return Ok(id=db_key(_database(ctx, elid)))
    sub = _subscription(ctx, f)
    kind = SERVER_TYPES.get((f.get("server") or "mysql").strip().lower(), (f.get("server") or "").lower())
    db = databases.create(ctx, subscription=sub, name=(f.get("name") or "").strip(), type=kind)
    username = (f.get("username") or "").strip()
    if username and (f.get("user") or "*") == "*":
        databases.create_user(ctx, subscription=sub, login=username, password=form_password(f, required=True), database=db)
    return Ok(id=db_key(db))


def db_delete(ctx, call):
    for key in elids(call.query.get("elid")):
        databases.delete(ctx, _database(ctx, key))
    return Ok()


def db_users(ctx, call):
    db = _database(ctx, (call.query.get("elid") or call.query.get("plid") or "").strip())
    return Rows([{"name": u.login, "id": u.id} for u in databases.list_users(ctx, database_id=db.id)])


def db_users_edit(ctx, call):
    f = call.query
    db = _database(ctx, (f.get("plid") or "").strip())
    elid = (f.get("elid") or "").strip()
    user = next((u for u in databases.list_users(ctx, database_id=db.id) if u.login == elid), None) if elid else None
    if elid and user is None:
        raise NotFound("database user", elid)
    if not f.get("sok"):
        return Form({"plid": db_key(db), "elid": elid, "name": user.login if user else ""})
    if user is not None:
        databases.update_user(ctx, user, password=form_password(f, required=False))
        return Ok(id=user.login)
    user = databases.create_user(ctx, subscription=db.subscription, login=(f.get("name") or "").strip(),
                                 password=form_password(f, required=True), database=db)
    return Ok(id=user.login)


def db_server(ctx, _call):
    return Rows([{"id": s.id, "name": SERVER_NAMES.get(s.type, s.type), "type": s.type, "host": f"{s.host}:{s.port}",
                  "active": on_off(s.status == "online")} for s in databases.servers(ctx)])


# --- FTP ------------------------------------------------------------------------------------


def ftp_list(ctx, _call):
    return Rows([{"name": u.login, "owner": u.owner_login, "home": u.home} for u in service_views.ftp_users(ctx)])


def ftp_edit(ctx, call):
    f = call.query
    elid = (f.get("elid") or "").strip()
    if not f.get("sok"):
        if not elid:
            return Form({"name": "", "owner": "", "home": "/"})
        u = ftp.get(ctx, login=elid)
        return Form({"elid": u.login, "name": u.login, "owner": u.subscription.owner.login, "home": u.home})
    if elid:
        u = ftp.update(ctx, ftp.get(ctx, login=elid), password=form_password(f, required=False),
                       home=(f.get("home") or None))
        return Ok(id=u.login)
    u = ftp.create(ctx, subscription=_subscription(ctx, f), login=(f.get("name") or "").strip(),
                   password=form_password(f, required=True), home=(f.get("home") or "/").strip() or "/")
    return Ok(id=u.login)


def ftp_delete(ctx, call):
    for login in elids(call.query.get("elid")):
        ftp.delete(ctx, ftp.get(ctx, login=login))
    return Ok()


# --- the server ----------------------------------------------------------------------------------------------


def license_info(ctx, _call):
    return Form({"mgr": "ispmgr", "panel_name": "ISPmanager Lite (polypanel)", "version": "polypanel",
                 "status": "active"})


def sysinfo(ctx, _call):
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return Rows([{"name": "os", "value": f"{platform.system()} {platform.release()}"},
                 {"name": "cpu", "value": str(os.cpu_count() or 1)},
                 {"name": "loadavg", "value": " ".join(f"{x:.2f}" for x in load)},
                 {"name": "python", "value": platform.python_version()}])


# ISPmanager's service names -> the panel's services (and the name each is shown under)
SERVICE_NAMES = {"web": "nginx", "dns": "named", "mail": "postfix", "ftp": "pure-ftpd", "db": "mysql"}
SERVICE_ALIASES = {"nginx": "web", "httpd": "web", "apache2": "web", "named": "dns", "bind": "dns", "bind9": "dns",
                   "postfix": "mail", "exim": "mail", "dovecot": "mail", "pure-ftpd": "ftp", "proftpd": "ftp",
                   "mysql": "db", "mariadb": "db", "postgresql": "db"}


def services_list(ctx, _call):
    return Rows([{"name": SERVICE_NAMES[s.name], "service": s.name, "active": on_off(s.status != "failed"),
                  "status": s.status, "failed": str(s.failed_jobs), "message": s.message or None}
                 for s in services.overview(ctx)])


def services_restart(ctx, call):
    names = elids(call.query.get("elid"))
    if not names:
        raise Invalid("elid", "is required")
    for name in names:
        services.reapply(ctx, SERVICE_ALIASES.get(name.strip().lower(), name.strip().lower()))
    return Ok()


def restart(ctx, _call):
    """ISPmanager 4's "restart the web server" (billing modules call it after creating or suspending a
    user): every site applied again and the server reloaded once. Never needed: each change is applied
    as it is made (see ``wire.Ok``)."""
    services.reapply(ctx, "web")
    return Ok()


OPERATIONS = {
    "db": (db_list, True), "db.edit": (db_edit, False), "db.delete": (db_delete, False),
    "db.users": (db_users, True), "db.users.edit": (db_users_edit, False), "db.server": (db_server, True),
    "ftp.user": (ftp_list, True), "ftp.user.edit": (ftp_edit, False), "ftp.user.delete": (ftp_delete, False),
    "license.info": (license_info, True), "sysinfo": (sysinfo, True),
    "services": (services_list, True), "services.restart": (services_restart, False), "restart": (restart, False),
}
DESCRIPTIONS = {
    "db": ("Databases (list; key = name->server)", "Базы данных"),
    "db.edit": ("Database: name, owner, server (MySQL, PostgreSQL), username, password, confirm; sok", "База данных"),
    "db.delete": ("Delete databases: elid = key", "Удалить базы данных"),
    "db.users": ("Users of a database: elid = key", "Пользователи базы данных"),
    "db.users.edit": ("Database user: plid = key, elid; name, password; sok", "Пользователь базы данных"),
    "db.server": ("Database servers (list)", "Серверы баз данных"),
    "ftp.user": ("FTP users (list)", "FTP-пользователи"),
    "ftp.user.edit": ("FTP user: elid; name, passwd, confirm, home, owner; sok", "FTP-пользователь"),
    "ftp.user.delete": ("Delete FTP users: elid", "Удалить FTP-пользователей"),
    "license.info": ("License", "Лицензия"),
    "sysinfo": ("System information", "Информация о системе"),
    "services": ("Services (list): nginx, named, postfix, pure-ftpd, mysql", "Службы"),
    "services.restart": ("Apply a service's configuration again and reload it: elid = name", "Перезапустить службы"),
    "restart": ("Apply the web server's configuration again and reload it", "Перезапустить веб-сервер"),
}
