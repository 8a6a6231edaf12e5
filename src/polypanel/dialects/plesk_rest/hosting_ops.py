"""Plesk REST v2: /ftpusers, /databases, /dbusers, /dbservers and /dns/records."""
from __future__ import annotations

from polypanel.core import databases, dns, domains, ftp
from polypanel.core.errors import Invalid, NotFound

from . import wire
from .refs import Call, domain_ref, ident


# --- /ftpusers ------------------------------------------------------------------------------------


def _permissions(b: dict) -> tuple[bool | None, bool | None]:
    perms = b.get("permissions") or {}
    return wire.permission(perms.get("read")), wire.permission(perms.get("write"))


def ftpusers_list(ctx, call: Call):
    sub_id = None
    if call.query.get("domain") is not None:
        sub_id = domains.get(ctx, name=call.query["domain"]).subscription_id
    return [wire.ftp_user(u) for u in ftp.list_(ctx, subscription_id=sub_id, login=call.query.get("name"))]


def ftpusers_create(ctx, call: Call):
    b = call.body
    sub = domain_ref(ctx, b.get("parent_domain"), "parent_domain").subscription
    read, write = _permissions(b)
    quota = wire.quota_mb(b.get("quota"))
    user = ftp.create(ctx, subscription=sub, login=b.get("name", ""), password=b.get("password", ""),
                      home=b.get("home") or "/", quota_mb=-1 if quota is None else quota,
                      can_read=True if read is None else read, can_write=True if write is None else write)
    return wire.ftp_user(user)


def ftpusers_update(ctx, call: Call):
    user = ftp.get(ctx, login=call.path["name"])
    b = call.body
    read, write = _permissions(b)
    ftp.update(ctx, user, login=b.get("name"), password=b.get("password"), home=b.get("home"),
               quota_mb=wire.quota_mb(b.get("quota")), can_read=read, can_write=write)
    return wire.success()


def ftpusers_delete(ctx, call: Call):
    ftp.delete(ctx, ftp.get(ctx, login=call.path["name"]))
    return wire.success()


# --- /databases, /dbusers, /dbservers -------------------------------------------------------------


def databases_list(ctx, call: Call):
    sub_id = None
    if call.query.get("domain") is not None:
        sub_id = domains.get(ctx, name=call.query["domain"]).subscription_id
    return [wire.database(db) for db in databases.list_(ctx, subscription_id=sub_id)]


def databases_create(ctx, call: Call):
    b = call.body
    if not b.get("parent_domain"):
        raise Invalid("parent_domain", "is required")
    sub = domain_ref(ctx, b["parent_domain"], "parent_domain").subscription
    server_id = b.get("server_id")
    if server_id is not None:
        server_id = ident(server_id, "database server")
    db = databases.create(ctx, subscription=sub, name=b.get("name", ""), type=b.get("type") or "mysql",
                          server_id=server_id)
    return wire.database(db)


def databases_delete(ctx, call: Call):
    databases.delete(ctx, databases.get(ctx, ident(call.path["id"], "database")))
    return wire.success()


def dbusers_list(ctx, call: Call):
    db_id = call.query.get("dbId")
    if db_id is not None:
        db_id = databases.get(ctx, ident(db_id, "database")).id
    return [wire.database_user(u) for u in databases.list_users(ctx, database_id=db_id)]


def dbusers_create(ctx, call: Call):
    b = call.body
    database = None
    if b.get("database_id") is not None:
        database = databases.get(ctx, ident(b["database_id"], "database"))
    if b.get("parent_domain"):
        sub = domain_ref(ctx, b["parent_domain"], "parent_domain").subscription
    elif database is not None:
        sub = database.subscription
    else:
        raise Invalid("parent_domain", "is required")
    server_id = b.get("server_id")
    if database is None and server_id is None:
        raise Invalid("server_id", "give server_id (all databases of the subscription) or database_id (one database)")
    user = databases.create_user(ctx, subscription=sub, login=b.get("login", ""), password=b.get("password", ""),
                                 database=database,
                                 server_id=ident(server_id, "database server") if database is None else None)
    return wire.database_user(user)


def dbusers_update(ctx, call: Call):
    user = databases.get_user(ctx, ident(call.path["id"], "database user"))
    databases.update_user(ctx, user, login=call.field("login"), password=call.field("password"))
    return wire.success()


def dbusers_delete(ctx, call: Call):
    databases.delete_user(ctx, databases.get_user(ctx, ident(call.path["id"], "database user")))
    return wire.success()


def dbservers_list(ctx, call: Call):
    server_id = call.query.get("id")
    if server_id is not None:
        server_id = ident(server_id, "database server")
    servers = databases.servers(ctx, id=server_id)
    if server_id is not None and not servers:
        raise NotFound("database server", server_id, f"The database server {server_id} is not found")
    counts = databases.counts_by_server(ctx)
    return [wire.database_server(s, counts.get(s.id, 0)) for s in servers]


# --- /dns/records ---------------------------------------------------------------------------------


def dns_list(ctx, call: Call):
    zone, scope = domains.zone_for_name(ctx, call.query["domain"])
    return [wire.dns_record(r) for r in dns.records_in_scope(zone, scope)]


def dns_create(ctx, call: Call):
    zone, _scope = domains.zone_for_name(ctx, call.query["domain"])
    b = call.body
    rec = dns.add_record(ctx, zone, type=b.get("type", ""), host=wire.dns_host(zone.name, b.get("host")),
                         value=b.get("value", ""), opt=b.get("opt") or "", ttl=b.get("ttl"))
    return wire.dns_record(rec)


def _record(ctx, call: Call):
    return dns.get_record(ctx, ident(call.path["id"], "DNS record"))


def dns_get(ctx, call: Call):
    return wire.dns_record(_record(ctx, call))


def dns_update(ctx, call: Call):
    rec = _record(ctx, call)
    b = call.body
    host_name = wire.dns_host(rec.zone.name, b["host"]) if b.get("host") is not None else None
    dns.update_record(ctx, rec, type=b.get("type"), host=host_name, value=b.get("value"), opt=b.get("opt"),
                      ttl=b.get("ttl"))
    return wire.success()


def dns_delete(ctx, call: Call):
    dns.delete_record(ctx, _record(ctx, call))
    return wire.success()
