"""The 49 operations of Plesk REST API v2: request -> core services -> documented response body.

Each handler takes the unit of work (``ctx``) and the checked ``Call`` and returns the body;
the status is the operation's documented success code. Rules stay in the core.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import func, select

from polypanel.auth import keys
from polypanel.core import account_views, accounts, databases, dns, domains, extensions, ftp, host, ips, subscriptions
from polypanel.core.context import Context
from polypanel.core.errors import Invalid, NotFound
from polypanel.core.principal import Principal
from polypanel.store.models import Database, Domain

from . import auth, wire
from .spec import MAX_INT


@dataclass
class Call:
    env: Any
    principal: Principal
    path: dict
    query: dict
    body: Any
    ip: str

    def field(self, name: str, default=None):
        return self.body.get(name, default) if isinstance(self.body, dict) else default


def ident(value, kind: str) -> int:
    """An id from the request; ids the store cannot hold are simply not found."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_INT:
        raise NotFound(kind, value)
    return value


def _text(value, field: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise Invalid(field, "must be a string")
    return value


def domain_ref(ctx: Context, ref, field: str) -> Domain:
    """A DomainReference: any one of id, guid or name."""
    if not isinstance(ref, dict) or not any(ref.get(k) not in (None, "") for k in ("id", "guid", "name")):
        raise Invalid(field, "give the domain's id, guid or name")
    if ref.get("id") not in (None, ""):
        return domains.get(ctx, id=ident(ref["id"], "domain"))
    if ref.get("guid"):
        return domains.get(ctx, guid=str(ref["guid"]))
    return domains.get(ctx, name=str(ref["name"]))


def owner_ref(ctx: Context, ref, field: str = "owner_client"):
    """An OwnerClientReference: any one of id, login, guid or external_id."""
    if not isinstance(ref, dict) or not any(ref.get(k) not in (None, "") for k in ("id", "login", "guid", "external_id")):
        raise Invalid(field, "give the owner's id, login, guid or external_id")
    if ref.get("id") not in (None, ""):
        return accounts.get(ctx, id=ident(ref["id"], "client"))
    if ref.get("login"):
        return accounts.get(ctx, login=str(ref["login"]))
    if ref.get("guid"):
        return accounts.get(ctx, guid=str(ref["guid"]))
    return accounts.get(ctx, external_id=str(ref["external_id"]))


# --- /auth/keys -----------------------------------------------------------------------------------


def keys_create(ctx: Context, call: Call):
    auth.require_password(call.principal)
    login = _text(call.field("login"), "login")
    if login and login.lower() in ("root", "administrator"):
        login = None  # Plesk's names for the administrator (Linux, Windows)
    ip_list = []
    if call.field("ip"):
        ip_list.append(_text(call.field("ip"), "ip"))
    ip_list += call.field("ips") or []
    try:
        _row, key = keys.create(ctx, login=login or None, ips=ip_list or None,
                                description=_text(call.field("description"), "description") or "")
    except Invalid as e:
        raise Invalid("ip" if e.field == "ip_address" else e.field, e.reason) from None
    return {"key": key}


def keys_delete(ctx: Context, call: Call):
    keys.delete(ctx, call.path["key"])
    return wire.success()


# --- /server, /extensions -------------------------------------------------------------------------


def server_get(ctx: Context, call: Call):
    return wire.server_meta(host.hostname(ctx), host.guid(ctx))


def server_init(ctx: Context, call: Call):
    host.initialize(ctx, admin=call.field("admin"), password=call.field("password"),
                    server_name=_text(call.field("server_name"), "server_name"))
    return wire.success()


def server_license(ctx: Context, call: Call):
    host.install_license(ctx, key=_text(call.field("key"), "key"), code=_text(call.field("code"), "code"),
                         additional=bool(call.field("additional", False)))
    return wire.success()


def server_ips(ctx: Context, call: Call):
    return [wire.server_ip(ip) for ip in ips.list_(ctx)]


def extensions_list(ctx: Context, call: Call):
    return [wire.extension(e) for e in extensions.list_(ctx)]


def extensions_install(ctx: Context, call: Call):
    extensions.install(ctx, ext_id=call.field("id"), url=call.field("url"), file=call.field("file"))
    return wire.success()


def extensions_get(ctx: Context, call: Call):
    return wire.extension(extensions.get(ctx, call.path["id"]))


def extensions_delete(ctx: Context, call: Call):
    extensions.remove(ctx, call.path["id"])
    return wire.success()


def extensions_enable(ctx: Context, call: Call):
    extensions.set_active(ctx, call.path["id"], True)
    return wire.success()


def extensions_disable(ctx: Context, call: Call):
    extensions.set_active(ctx, call.path["id"], False)
    return wire.success()


# --- /clients -------------------------------------------------------------------------------------


def _client(ctx: Context, call: Call):
    return accounts.get(ctx, id=ident(call.path["id"], "client"))


def clients_list(ctx: Context, call: Call):
    return [wire.client(a) for a in account_views.list_(ctx)]


def clients_create(ctx: Context, call: Call):
    b = call.body
    status = wire.client_status(b.get("status"))
    acc = accounts.create(ctx, role=b.get("type", ""), login=b.get("login", ""), password=b.get("password", ""),
                          owner_login=b.get("owner_login") or None, status=status or "active",
                          **wire.client_profile(b))
    return wire.created(acc)


def clients_get(ctx: Context, call: Call):
    return wire.client(account_views.get(ctx, id=ident(call.path["id"], "client")))


def clients_update(ctx: Context, call: Call):
    acc = _client(ctx, call)
    b = call.body
    accounts.update(ctx, acc, login=b.get("login"), password=b.get("password"), status=wire.client_status(b.get("status")),
                    owner_login=b.get("owner_login"), **wire.client_profile(b))
    return wire.created(acc)


def clients_delete(ctx: Context, call: Call):
    acc = _client(ctx, call)
    answer = wire.created(acc)
    accounts.delete(ctx, acc)
    return answer


def clients_domains(ctx: Context, call: Call):
    acc = _client(ctx, call)
    return [wire.domain(d) for d in domains.list_(ctx, owner_id=acc.id, kinds=wire.SITE_KINDS)]


def clients_statistics(ctx: Context, call: Call):
    acc = _client(ctx, call)
    subs = subscriptions.list_(ctx, owner_id=acc.id)
    active = sum(1 for s in subs if subscriptions.effective_status(s) == "active"
                 for d in s.domains if d.kind in ("main", "addon") and d.status == "active")
    return wire.statistics([subscriptions.usage(ctx, s) for s in subs], active)


def clients_activate(ctx: Context, call: Call):
    accounts.set_status(ctx, _client(ctx, call), "active")
    return wire.success()


def clients_suspend(ctx: Context, call: Call):
    accounts.set_status(ctx, _client(ctx, call), "suspended")
    return wire.success()


# --- /domains -------------------------------------------------------------------------------------


def _domain(ctx: Context, call: Call) -> Domain:
    d = domains.get(ctx, id=ident(call.path["id"], "domain"))
    if d.kind not in wire.SITE_KINDS:
        raise NotFound("domain", d.id)
    return d


def _first_ip(b: dict) -> str | None:
    for key in ("ip_addresses", "ipv4", "ipv6"):
        for value in b.get(key) or []:
            return value
    return None


def _hosting_settings(b: dict) -> dict:
    hs = b.get("hosting_settings") or {}
    for key in ("ftp_login", "ftp_password", "dest_url"):
        _text(hs.get(key), "system_user" if key == "ftp_login" else key)
    return hs


def domains_list(ctx: Context, call: Call):
    return [wire.domain(d) for d in domains.list_(ctx, kinds=wire.SITE_KINDS, name=call.query.get("name"))]


def domains_create(ctx: Context, call: Call):
    b = call.body
    name = _text(b.get("name"), "name")
    if not name:
        raise Invalid("name", "is required")
    hs = _hosting_settings(b)
    hosting_type = b.get("hosting_type") or "virtual"
    forward_url = hs.get("dest_url") or ""
    description = _text(b.get("description"), "description") or ""
    if b.get("parent_domain"):
        parent = domain_ref(ctx, b["parent_domain"], "parent_domain")
        d = domains.create(ctx, subscription=parent.subscription, name=name, kind="subdomain",
                           parent_name=parent.ascii_name, hosting_type=hosting_type, forward_url=forward_url,
                           description=description)
    elif b.get("base_domain"):
        base = domain_ref(ctx, b["base_domain"], "base_domain")
        d = domains.create(ctx, subscription=base.subscription, name=name, kind="addon", hosting_type=hosting_type,
                           forward_url=forward_url, description=description)
    else:
        owner = owner_ref(ctx, b["owner_client"]) if b.get("owner_client") else None
        plan = b.get("plan") or {}
        sub = subscriptions.create(ctx, domain=name, owner_id=owner.id if owner else None,
                                   plan_name=_text(plan.get("name"), "plan") or None,
                                   system_user=hs.get("ftp_login") or None, password=hs.get("ftp_password") or None,
                                   ip_address=_first_ip(b), hosting_type=hosting_type, forward_url=forward_url)
        d = subscriptions.main_domain(sub)
        if description:
            domains.update(ctx, d, description=description)
    return wire.created(d)


def domains_get(ctx: Context, call: Call):
    return wire.domain(_domain(ctx, call))


def domains_update(ctx: Context, call: Call):
    d = _domain(ctx, call)
    b = call.body
    hs = _hosting_settings(b)
    domains.update(ctx, d, name=_text(b.get("name"), "name"), hosting_type=b.get("hosting_type"),
                   forward_url=hs.get("dest_url"), description=_text(b.get("description"), "description"))
    sub = d.subscription
    if d.kind == "main":
        if hs.get("ftp_login") and hs["ftp_login"] != sub.system_user:
            raise Invalid("system_user", "the system user of a subscription cannot be renamed")
        owner = owner_ref(ctx, b["owner_client"]) if b.get("owner_client") else None
        plan = b.get("plan") or {}
        subscriptions.update(ctx, sub, password=hs.get("ftp_password") or None,
                             plan_name=_text(plan.get("name"), "plan") or None,
                             owner_login=owner.login if owner else None, ip_address=_first_ip(b))
    return wire.created(d)


def domains_delete(ctx: Context, call: Call):
    d = _domain(ctx, call)
    answer = wire.created(d)
    domains.delete(ctx, d)
    return answer


def domains_client(ctx: Context, call: Call):
    return wire.client(account_views.get(ctx, id=_domain(ctx, call).subscription.owner_id))


def domains_status_get(ctx: Context, call: Call):
    return wire.domain_status(_domain(ctx, call))


def domains_status_set(ctx: Context, call: Call):
    d = _domain(ctx, call)
    status = call.body.get("status")
    domains.update(ctx, d, status=status)
    if d.kind == "main" and status in subscriptions.STATUSES:
        subscriptions.update(ctx, d.subscription, status=status)
    return wire.domain_status(d)


# --- /ftpusers ------------------------------------------------------------------------------------


def _permissions(b: dict) -> tuple[bool | None, bool | None]:
    perms = b.get("permissions") or {}
    return wire.permission(perms.get("read")), wire.permission(perms.get("write"))


def ftpusers_list(ctx: Context, call: Call):
    sub_id = None
    if call.query.get("domain") is not None:
        sub_id = domains.get(ctx, name=call.query["domain"]).subscription_id
    return [wire.ftp_user(u) for u in ftp.list_(ctx, subscription_id=sub_id, login=call.query.get("name"))]


def ftpusers_create(ctx: Context, call: Call):
    b = call.body
    sub = domain_ref(ctx, b.get("parent_domain"), "parent_domain").subscription
    read, write = _permissions(b)
    quota = wire.quota_mb(b.get("quota"))
    user = ftp.create(ctx, subscription=sub, login=b.get("name", ""), password=b.get("password", ""),
                      home=b.get("home") or "/", quota_mb=-1 if quota is None else quota,
                      can_read=True if read is None else read, can_write=True if write is None else write)
    return wire.ftp_user(user)


def ftpusers_update(ctx: Context, call: Call):
    user = ftp.get(ctx, login=call.path["name"])
    b = call.body
    read, write = _permissions(b)
    ftp.update(ctx, user, login=b.get("name"), password=b.get("password"), home=b.get("home"),
               quota_mb=wire.quota_mb(b.get("quota")), can_read=read, can_write=write)
    return wire.success()


def ftpusers_delete(ctx: Context, call: Call):
    ftp.delete(ctx, ftp.get(ctx, login=call.path["name"]))
    return wire.success()


# --- /databases, /dbusers, /dbservers -------------------------------------------------------------


def databases_list(ctx: Context, call: Call):
    sub_id = None
    if call.query.get("domain") is not None:
        sub_id = domains.get(ctx, name=call.query["domain"]).subscription_id
    return [wire.database(db) for db in databases.list_(ctx, subscription_id=sub_id)]


def databases_create(ctx: Context, call: Call):
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


def databases_delete(ctx: Context, call: Call):
    databases.delete(ctx, databases.get(ctx, ident(call.path["id"], "database")))
    return wire.success()


def dbusers_list(ctx: Context, call: Call):
    db_id = call.query.get("dbId")
    if db_id is not None:
        db_id = databases.get(ctx, ident(db_id, "database")).id
    return [wire.database_user(u) for u in databases.list_users(ctx, database_id=db_id)]


def dbusers_create(ctx: Context, call: Call):
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


def dbusers_update(ctx: Context, call: Call):
    user = databases.get_user(ctx, ident(call.path["id"], "database user"))
    databases.update_user(ctx, user, login=call.field("login"), password=call.field("password"))
    return wire.success()


def dbusers_delete(ctx: Context, call: Call):
    databases.delete_user(ctx, databases.get_user(ctx, ident(call.path["id"], "database user")))
    return wire.success()


def dbservers_list(ctx: Context, call: Call):
    server_id = call.query.get("id")
    if server_id is not None:
        server_id = ident(server_id, "database server")
    servers = databases.servers(ctx, id=server_id)
    if server_id is not None and not servers:
        raise NotFound("database server", server_id, f"The database server {server_id} is not found")
    counts = dict(ctx.session.execute(select(Database.server_id, func.count()).group_by(Database.server_id)).all())
    return [wire.database_server(s, counts.get(s.id, 0)) for s in servers]


# --- /dns/records ---------------------------------------------------------------------------------


def _zone_and_scope(ctx: Context, name: str):
    """The zone holding ``name`` (a domain, subdomain or alias) and the host names that belong to it."""
    try:
        return dns.get_zone(ctx, name=name), None
    except NotFound:
        pass
    try:
        d = domains.get(ctx, name=name)
    except NotFound:
        raise NotFound("domain", name, "Domain or Domain Alias is not found") from None
    zone = dns.zone_of(ctx, d.ascii_name)
    if zone is None:
        raise NotFound("domain", name, "Domain or Domain Alias is not found")
    return zone, d.ascii_name


def dns_list(ctx: Context, call: Call):
    zone, scope = _zone_and_scope(ctx, call.query["domain"])
    records = [r for r in zone.records if scope is None or r.name == scope or r.name.endswith("." + scope)]
    return [wire.dns_record(r) for r in records]


def dns_create(ctx: Context, call: Call):
    zone, _scope = _zone_and_scope(ctx, call.query["domain"])
    b = call.body
    rec = dns.add_record(ctx, zone, type=b.get("type", ""), host=wire.dns_host(zone.name, b.get("host")),
                         value=b.get("value", ""), opt=b.get("opt") or "", ttl=b.get("ttl"))
    return wire.dns_record(rec)


def _record(ctx: Context, call: Call):
    return dns.get_record(ctx, ident(call.path["id"], "DNS record"))


def dns_get(ctx: Context, call: Call):
    return wire.dns_record(_record(ctx, call))


def dns_update(ctx: Context, call: Call):
    rec = _record(ctx, call)
    b = call.body
    host_name = wire.dns_host(rec.zone.name, b["host"]) if b.get("host") is not None else None
    dns.update_record(ctx, rec, type=b.get("type"), host=host_name, value=b.get("value"), opt=b.get("opt"),
                      ttl=b.get("ttl"))
    return wire.success()


def dns_delete(ctx: Context, call: Call):
    dns.delete_record(ctx, _record(ctx, call))
    return wire.success()


# --- the table ------------------------------------------------------------------------------------

Handler = Callable[[Context, Call], Any]

OPERATIONS: dict[tuple[str, str], Handler] = {
    ("POST", "/auth/keys"): keys_create,
    ("DELETE", "/auth/keys/{key}"): keys_delete,
    ("GET", "/server"): server_get,
    ("POST", "/server/init"): server_init,
    ("POST", "/server/license"): server_license,
    ("GET", "/server/ips"): server_ips,
    ("GET", "/extensions"): extensions_list,
    ("POST", "/extensions"): extensions_install,
    ("GET", "/extensions/{id}"): extensions_get,
    ("DELETE", "/extensions/{id}"): extensions_delete,
    ("PUT", "/extensions/{id}/enable"): extensions_enable,
    ("PUT", "/extensions/{id}/disable"): extensions_disable,
    ("GET", "/clients"): clients_list,
    ("POST", "/clients"): clients_create,
    ("GET", "/clients/{id}"): clients_get,
    ("PUT", "/clients/{id}"): clients_update,
    ("DELETE", "/clients/{id}"): clients_delete,
    ("GET", "/clients/{id}/domains"): clients_domains,
    ("GET", "/clients/{id}/statistics"): clients_statistics,
    ("PUT", "/clients/{id}/activate"): clients_activate,
    ("PUT", "/clients/{id}/suspend"): clients_suspend,
    ("GET", "/domains"): domains_list,
    ("POST", "/domains"): domains_create,
    ("GET", "/domains/{id}"): domains_get,
    ("PUT", "/domains/{id}"): domains_update,
    ("DELETE", "/domains/{id}"): domains_delete,
    ("GET", "/domains/{id}/client"): domains_client,
    ("GET", "/domains/{id}/status"): domains_status_get,
    ("PUT", "/domains/{id}/status"): domains_status_set,
    ("GET", "/ftpusers"): ftpusers_list,
    ("POST", "/ftpusers"): ftpusers_create,
    ("PUT", "/ftpusers/{name}"): ftpusers_update,
    ("DELETE", "/ftpusers/{name}"): ftpusers_delete,
    ("GET", "/databases"): databases_list,
    ("POST", "/databases"): databases_create,
    ("DELETE", "/databases/{id}"): databases_delete,
    ("GET", "/dbusers"): dbusers_list,
    ("POST", "/dbusers"): dbusers_create,
    ("PUT", "/dbusers/{id}"): dbusers_update,
    ("DELETE", "/dbusers/{id}"): dbusers_delete,
    ("GET", "/dbservers"): dbservers_list,
    ("GET", "/dns/records"): dns_list,
    ("POST", "/dns/records"): dns_create,
    ("GET", "/dns/records/{id}"): dns_get,
    ("PUT", "/dns/records/{id}"): dns_update,
    ("DELETE", "/dns/records/{id}"): dns_delete,
}

# Methods some well-known clients send instead of the documented one: (method, path) -> documented method.
ALIASES = {
    ("POST", "/clients/{id}/activate"): "PUT",
    ("POST", "/clients/{id}/suspend"): "PUT",
}
