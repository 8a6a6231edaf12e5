"""subdomain (add, get, set, del) and site-alias (create, get, delete)."""
from __future__ import annotations

from polypanel.core import cascade, domains
from polypanel.core.errors import NotFound

from ..errors import XmlError
from ..wire import props
from .common import deleted, fid, filter_of, n, number, required, spec, text


def _get(ctx, field: str, value: str, kinds, what: str, parent_kinds=("main", "addon")):
    try:
        if field == "id":
            found = [domains.get(ctx, id=number(value, "id"))]
        elif field in ("name", "ascii-name"):
            found = [domains.get(ctx, name=value)]
        elif field in ("parent-name", "site-name"):
            parent = domains.get(ctx, name=value)
            found = [d for d in parent.subscription.domains if d.parent_id == parent.id]
        elif field in ("parent-id", "site-id"):
            parent = domains.get(ctx, id=number(value, field))
            found = [d for d in parent.subscription.domains if d.parent_id == parent.id]
        else:
            raise XmlError(1014, f"Parser error: <{field[:64]}> is not a filter of <{what}>")
    except NotFound:
        raise NotFound(what, value) from None
    found = [d for d in found if d.kind in kinds]
    if not found and field in ("id", "name", "ascii-name"):
        raise NotFound(what, value)
    return found


def _all(ctx, kinds):
    return [d for d in domains.list_(ctx) if d.kind in kinds]


# --- subdomain ---------------------------------------------------------------------------------


def _relative(d) -> str:
    parent = d.parent
    return d.ascii_name[: -len(parent.ascii_name) - 1] if parent is not None else d.ascii_name


def sub_add(ctx, call):
    el = call.body
    parent = domains.get(ctx, name=required(el, "parent"))
    name = required(el, "name").rstrip(".")
    full = name if name.lower().endswith("." + parent.ascii_name) else f"{name}.{parent.ascii_name}"
    www_root = props(el).get("www_root") or text(el, "home") or None
    d = domains.create(ctx, subscription=parent.subscription, name=full, kind="subdomain",
                       parent_name=parent.ascii_name, document_root_path=www_root)
    return [[n("id", d.id)]]


def _sub_data(d) -> object:
    return n("data", [n("parent", d.parent.ascii_name if d.parent else ""), n("name", d.ascii_name),
                      n("property", [n("name", "www_root"), n("value", d.document_root or "")])])


def _subs(ctx, call):
    flt = filter_of(call)
    return _all(ctx, ("subdomain",)) if flt is None else _get(ctx, *flt, ("subdomain",), "subdomain")


def sub_get(ctx, call):
    return [[*fid(call, d.id), n("id", d.id), _sub_data(d)] for d in _subs(ctx, call)]


def sub_set(ctx, call):
    www_root = props(call.body).get("www_root")
    out = []
    for d in _subs(ctx, call):
        if www_root:
            domains.update(ctx, d, document_root_path=www_root)
        out.append([*fid(call, d.id), n("id", d.id)])
    return out


def sub_del(ctx, call):
    return deleted(call, _subs(ctx, call), lambda d: cascade.delete_domain(ctx, d))


# --- site-alias --------------------------------------------------------------------------------


def alias_create(ctx, call):
    el = call.body
    site = domains.get(ctx, id=number(required(el, "site-id"), "site-id"))
    d = domains.create(ctx, subscription=site.subscription, name=required(el, "name"), kind="alias",
                       parent_name=site.ascii_name)
    return [[n("id", d.id)]]


def _aliases(ctx, call):
    flt = filter_of(call)
    return _all(ctx, ("alias", "parked")) if flt is None else _get(ctx, *flt, ("alias", "parked"), "site-alias")


def alias_get(ctx, call):
    out = []
    for d in _aliases(ctx, call):
        info = n("info", [n("status", 0 if d.status == "active" else 16),
                          n("pref", [n("web", "true"), n("mail", "false"), n("tomcat", "false")]),
                          n("manage-dns", "true"), n("site-id", d.parent_id or ""), n("name", d.name),
                          n("ascii-name", d.ascii_name)])
        out.append([*fid(call, d.id), n("id", d.id), info])
    return out


def alias_delete(ctx, call):
    return deleted(call, _aliases(ctx, call), lambda d: cascade.delete_domain(ctx, d))


SUBDOMAIN_OPERATIONS = {
    "add": spec("subdomain.add", sub_add, action="domains:create"),
    "get": spec("subdomain.get", sub_get, read_only=True, action="domains:read", filtered=True),
    "set": spec("subdomain.set", sub_set, action="domains:update", filtered=True),
    "del": spec("subdomain.del", sub_del, action="domains:delete", filtered=True),
}
ALIAS_OPERATIONS = {
    "create": spec("site-alias.create", alias_create, action="domains:create"),
    "get": spec("site-alias.get", alias_get, read_only=True, action="domains:read", filtered=True),
    "delete": spec("site-alias.delete", alias_delete, action="domains:delete", filtered=True),
}
