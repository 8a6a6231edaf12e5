"""mail (create, get_info, update, remove), database and db_server, ftp-user: on a webspace or site.

``webspace-id`` is the webspace's id as this API gives it (its main domain's id).
"""
from __future__ import annotations

from polypanel.core import databases, domains, ftp, mail, webspaces
from polypanel.core.errors import Invalid, NotFound

from ..errors import XmlError
from .common import Failed, deleted, fid, filter_of, n, number, required, spec, text, texts

MB = 1024 * 1024


def _webspace(ctx, el):
    """The subscription named by ``webspace-id`` / ``webspace-name`` in ``el``."""
    try:
        if text(el, "webspace-id"):
            d = domains.get(ctx, id=number(text(el, "webspace-id"), "webspace-id"))
        elif text(el, "webspace-name"):
            d = domains.get(ctx, name=text(el, "webspace-name"))
        else:
            raise XmlError(1014, f"Parser error: <webspace-id> or <webspace-name> is required in <{el.tag}>")
    except NotFound:
        raise NotFound("webspace", None) from None
    if d.kind != "main":
        raise NotFound("webspace", d.id)
    return d


def _quota_mb(value: str | None) -> int:
    if value in (None, ""):
        return -1
    try:
        v = int(value)
    except ValueError:
        raise Invalid("quota", f"'{value[:32]}' is not a number") from None
    return -1 if v < 0 else max(1, v // MB) if v else 0


# --- mail ----------------------------------------------------------------------------------------


def _mail_site(ctx, flt):
    if flt is None or not text(flt, "site-id"):
        raise XmlError(1014, "Parser error: <filter><site-id> is required")
    try:
        return domains.get(ctx, id=number(text(flt, "site-id"), "site-id"))
    except NotFound:
        raise NotFound("site", None) from None


def _no_autoresponder(mn) -> None:
    """This server's mail stack (Postfix virtual maps, Dovecot without Sieve) cannot answer mail by
    itself: an enabled autoresponder is refused rather than stored and never sent."""
    auto = mn.find("autoresponder")
    if auto is not None and text(auto, "enabled", "true") != "false":
        raise XmlError(1026, "Autoresponders are not available: this server's mail service has no "
                             "vacation/Sieve component")


def mail_create(ctx, call):
    flt = call.body.find("filter")
    site = _mail_site(ctx, flt)
    out = []
    for mn in flt.findall("mailname"):
        name = text(mn, "name", "")
        try:
            box = mn.find("mailbox")
            forwards = [(a.text or "").strip() for a in mn.findall("forwarding/address")]
            _no_autoresponder(mn)
            mb = mail.create(ctx, domain=site, name=name, password=text(mn, "password/value", "") or "",
                             quota_mb=_quota_mb(text(box, "quota")) if box is not None else -1,
                             enabled=(text(box, "enabled", "true") != "false") if box is not None else True,
                             forwards=forwards or None, aliases=texts(mn, "alias"))
        except Exception as e:  # noqa: BLE001 - this mailname's own error
            out.append(Failed(e, [n("mailname", n("name", name))]))
            continue
        out.append([n("mailname", [n("id", mb.id), n("name", mb.local_part)])])
    return out or [[]]


def _mailboxes(ctx, call):
    flt = call.body.find("filter")
    site = _mail_site(ctx, flt)
    names = [t for t in (x.text for x in flt.findall("name")) if t] + [text(m, "name") for m in flt.findall("mailname")]
    boxes = mail.list_(ctx, domain_id=site.id)
    if names:
        wanted = {x.strip().lower() for x in names if x}
        boxes = [b for b in boxes if b.local_part in wanted]
    return site, boxes


def mail_get_info(ctx, call):
    site, boxes = _mailboxes(ctx, call)
    auto = call.body.find("autoresponder") is not None
    out = []
    for b in boxes:
        out.append([n("mailname", [n("id", b.id), n("name", b.local_part),
                                   n("mailbox", [n("enabled", "true" if b.enabled else "false"),
                                                 n("quota", b.quota_mb * MB if b.quota_mb > 0 else -1)]),
                                   n("forwarding", [n("enabled", "true" if b.forwards else "false"),
                                                    *(n("address", a) for a in b.forwards or [])]),
                                   *(n("alias", a) for a in b.aliases or []),
                                   n("autoresponder", n("enabled", "false")) if auto else None])])
    return out or [[]]


def mail_remove(ctx, call):
    _site, boxes = _mailboxes(ctx, call)
    out = []
    for b in boxes:
        name = b.local_part
        mail.delete(ctx, b)
        out.append([n("mailname", n("name", name))])
    if not out:
        raise NotFound("mailbox", None, "Mailbox does not exist")
    return out


def _merged(current, given: list, add: bool) -> list:
    current = list(current or [])
    return current + [x for x in given if x not in current] if add else [x for x in current if x not in given]


def mail_update(ctx, call):
    action = next((c for c in call.body if isinstance(c.tag, str)), None)
    if action is None or action.tag not in ("set", "add", "remove"):
        raise XmlError(1014, "Parser error: <update> holds <set>, <add> or <remove>")
    flt = action.find("filter")
    site = _mail_site(ctx, flt)
    out = []
    for mn in flt.findall("mailname"):
        name = text(mn, "name", "")
        mb = mail.get(ctx, address=f"{name}@{site.ascii_name}")
        box = mn.find("mailbox")
        forwards = [(a.text or "").strip() for a in mn.findall("forwarding/address")]
        aliases = texts(mn, "alias")
        _no_autoresponder(mn)
        if action.tag != "set":
            forwards = _merged(mb.forwards, forwards, action.tag == "add")
            aliases = _merged(mb.aliases, [a.lower() for a in aliases], action.tag == "add")
        mail.update(ctx, mb, password=text(mn, "password/value") or None,
                    quota_mb=_quota_mb(text(box, "quota")) if box is not None and text(box, "quota") else None,
                    enabled=(text(box, "enabled") != "false") if box is not None and text(box, "enabled") else None,
                    forwards=forwards if (forwards or action.tag != "set") else None,
                    aliases=aliases if (aliases or action.tag != "set") else None)
        out.append([n("mailname", n("name", name))])
    return out


# --- databases -----------------------------------------------------------------------------------


def db_add(ctx, call):
    el = call.body
    server = text(el, "db-server-id")
    db = databases.create(ctx, subscription=_webspace(ctx, el).subscription, name=required(el, "name"),
                          type=text(el, "type") or "mysql", server_id=number(server, "db-server-id") if server else None)
    return [[n("id", db.id)]]


def _dbs(ctx, call):
    flt = filter_of(call)
    if flt is None:
        return databases.list_(ctx)
    field, value = flt
    if field == "id":
        return [databases.get(ctx, number(value, "id"))]
    if field in ("webspace-id", "webspace-name"):
        holder = call.body.makeelement("x")
        holder.append(holder.makeelement(field))
        holder[0].text = value
        return databases.list_(ctx, subscription_id=_webspace(ctx, holder).subscription_id)
    raise XmlError(1014, f"Parser error: <{field[:64]}> is not a filter of <database>")


def db_get(ctx, call):
    return [[*fid(call, db.id), n("id", db.id), n("name", db.name), n("type", db.type),
             n("webspace-id", webspaces.main_domain(db.subscription).id), n("db-server-id", db.server_id),
             n("default-user-id", db.default_user_id or -1)] for db in _dbs(ctx, call)]


def db_del(ctx, call):
    return deleted(call, _dbs(ctx, call), lambda db: databases.delete(ctx, db))


def user_add(ctx, call):
    el = call.body
    if text(el, "db-id"):
        db = databases.get(ctx, number(text(el, "db-id"), "db-id"))
        sub, server = db.subscription, None
    else:
        db, sub = None, _webspace(ctx, el).subscription
        server = number(text(el, "db-server-id"), "db-server-id") if text(el, "db-server-id") else None
    user = databases.create_user(ctx, subscription=sub, login=required(el, "login"),
                                 password=text(el, "password", "") or "", database=db, server_id=server)
    return [[n("id", user.id)]]


def _users(ctx, call):
    flt = filter_of(call)
    if flt is None:
        return databases.list_users(ctx)
    field, value = flt
    if field == "id":
        return [databases.get_user(ctx, number(value, "id"))]
    if field == "db-id":
        return databases.list_users(ctx, database_id=databases.get(ctx, number(value, "db-id")).id)
    raise XmlError(1014, f"Parser error: <{field[:64]}> is not a filter of <database>")


def user_get(ctx, call):
    return [[*fid(call, u.id), n("id", u.id), n("login", u.login), n("db-id", u.database_id or "")]
            for u in _users(ctx, call)]


def user_set(ctx, call):
    el = call.body
    user = databases.get_user(ctx, number(required(el, "id"), "id"))
    databases.update_user(ctx, user, login=text(el, "login") or None, password=text(el, "password") or None)
    return [[n("id", user.id)]]


def user_del(ctx, call):
    return deleted(call, _users(ctx, call), lambda u: databases.delete_user(ctx, u))


def server_get(ctx, call):
    flt = filter_of(call)
    rows = databases.servers(ctx, id=number(flt[1], "id") if flt is not None else None)
    if flt is not None and not rows:
        raise NotFound("database server", flt[1])
    counts = databases.counts_by_server(ctx)
    return [[*fid(call, s.id), n("id", s.id), n("data", [
        n("host", s.host), n("port", s.port), n("type", s.type), n("admin", "admin"),
        n("status", "online" if s.status == "online" else "offline"), n("db_num", counts.get(s.id, 0)),
        n("default", "true" if s.is_default else "false"), n("local", "true" if s.is_local else "false")])]
        for s in rows]


def server_default(ctx, call):
    flt = filter_of(call)
    s = databases.server(ctx, type=flt[1] if flt is not None else "mysql")
    return [[n("type", s.type), n("id", s.id)]]


def server_types(ctx, call):
    return [[*(n("type", t) for t in sorted({s.type for s in databases.servers(ctx)}))]]


# --- ftp-user ------------------------------------------------------------------------------------


def ftp_add(ctx, call):
    el = call.body
    perms = el.find("permissions")
    user = ftp.create(ctx, subscription=_webspace(ctx, el).subscription, login=required(el, "name"),
                      password=text(el, "password", "") or "", home=text(el, "home") or "/",
                      quota_mb=_quota_mb(text(el, "quota")),
                      can_read=text(perms, "read", "true") != "false" if perms is not None else True,
                      can_write=text(perms, "write", "true") != "false" if perms is not None else True)
    return [[n("id", user.id)]]


def _ftp_users(ctx, call):
    flt = filter_of(call)
    if flt is None:
        return ftp.list_(ctx)
    field, value = flt
    if field == "id":
        return [ftp.get(ctx, id=number(value, "id"))]
    if field == "name":
        return [ftp.get(ctx, login=value)]
    if field in ("webspace-id", "webspace-name"):
        holder = call.body.makeelement("x")
        holder.append(holder.makeelement(field))
        holder[0].text = value
        return ftp.list_(ctx, subscription_id=_webspace(ctx, holder).subscription_id)
    raise XmlError(1014, f"Parser error: <{field[:64]}> is not a filter of <ftp-user>")


def ftp_get(ctx, call):
    return [[*fid(call, u.id), n("id", u.id), n("name", u.login), n("home", u.home),
             n("quota", u.quota_mb * MB if u.quota_mb > 0 else -1),
             n("permissions", [n("read", "true" if u.can_read else "false"),
                               n("write", "true" if u.can_write else "false")]),
             n("webspace-id", next(d.id for d in u.subscription.domains if d.kind == "main"))]
            for u in _ftp_users(ctx, call)]


def ftp_set(ctx, call):
    values = call.body.find("values")
    if values is None:
        raise XmlError(1014, "Parser error: <values> is required in <set>")
    perms = values.find("permissions")
    out = []
    for u in _ftp_users(ctx, call):
        ftp.update(ctx, u, login=text(values, "name") or None, password=text(values, "password") or None,
                   home=text(values, "home") or None,
                   quota_mb=_quota_mb(text(values, "quota")) if text(values, "quota") else None,
                   can_read=(text(perms, "read") != "false") if perms is not None and text(perms, "read") else None,
                   can_write=(text(perms, "write") != "false") if perms is not None and text(perms, "write") else None)
        out.append([*fid(call, u.id), n("id", u.id)])
    return out


def ftp_del(ctx, call):
    return deleted(call, _ftp_users(ctx, call), lambda u: ftp.delete(ctx, u))


MAIL_OPERATIONS = {
    "create": spec("mail.create", mail_create, action="mail:write"),
    "get_info": spec("mail.get_info", mail_get_info, read_only=True, action="mail:read"),
    "update": spec("mail.update", mail_update, action="mail:write"),
    "remove": spec("mail.remove", mail_remove, action="mail:write"),
}
DATABASE_OPERATIONS = {
    "add-db": spec("database.add-db", db_add, action="databases:write"),
    "get-db": spec("database.get-db", db_get, read_only=True, action="databases:read", filtered=True),
    "del-db": spec("database.del-db", db_del, action="databases:write", filtered=True),
    "add-db-user": spec("database.add-db-user", user_add, action="databases:write"),
    "get-db-users": spec("database.get-db-users", user_get, read_only=True, action="databases:read", filtered=True),
    "set-db-user": spec("database.set-db-user", user_set, action="databases:write"),
    "del-db-user": spec("database.del-db-user", user_del, action="databases:write", filtered=True),
}
DB_SERVER_OPERATIONS = {
    "get": spec("db_server.get", server_get, read_only=True, action="databases:read", filtered=True),
    "get-default": spec("db_server.get-default", server_default, read_only=True, action="databases:read",
                        filtered=True),
    "get-supported-types": spec("db_server.get-supported-types", server_types, read_only=True,
                                action="databases:read"),
}
FTP_OPERATIONS = {
    "add": spec("ftp-user.add", ftp_add, action="ftp:write"),
    "get": spec("ftp-user.get", ftp_get, read_only=True, action="ftp:read", filtered=True),
    "set": spec("ftp-user.set", ftp_set, action="ftp:write", filtered=True),
    "del": spec("ftp-user.del", ftp_del, action="ftp:write", filtered=True),
}
