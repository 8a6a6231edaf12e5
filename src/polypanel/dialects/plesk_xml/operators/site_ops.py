"""webspace and site: add, get (datasets), set, del.

One id space with the REST API: a webspace's id and guid are its main domain's (as in Plesk,
where the main site shares the webspace's id), a site's are its domain's.
"""
from __future__ import annotations

from polypanel.core import accounts, cascade, domains, plans, subscriptions, vocabulary, webspaces
from polypanel.core.errors import NotFound

from ..errors import XmlError
from .common import deleted, fid, filter_of, n, number, spec, text, texts
from ..wire import props
from .plan_ops import LIMITS, limit_out, limits_in
from . import certificate_ops
from .webspace_blocks import (effective_permissions, no_mail_limits, performance_out, permissions_in, permissions_out,
                              prefs_in, prefs_out, subscriptions_out)

STATUS_OUT = {"active": "0", "suspended": "16", "disabled": "16"}
STATUS_IN = {"0": "active", "16": "suspended", "32": "suspended", "64": "suspended"}


def _status_in(value):
    if value in (None, ""):
        return None
    if value not in STATUS_IN:
        raise XmlError(1025, f"Wrong status value: {value[:32]}")
    return STATUS_IN[value]


def _date(d) -> str:
    return d.strftime("%Y-%m-%d") if d else ""


def _ip(d) -> str:
    ip = d.subscription.ip
    return ip.address if ip is not None else ""


def _hosting(d) -> object:
    sub = d.subscription
    items = {"ftp_login": sub.system_user, "www_root": d.document_root or "", "php": "true" if d.php is not None
             else "false"}
    return n("hosting", n("vrt_hst", [*(n("property", [n("name", k), n("value", v)]) for k, v in items.items()),
                                      n("ip_address", _ip(d))]))


# --- lookups -----------------------------------------------------------------------------------


def _domain(ctx, field: str, value: str, kinds, what: str):
    try:
        if field == "id":
            d = domains.get(ctx, id=number(value, "id"))
        elif field == "name":
            d = domains.get(ctx, name=value)
        elif field == "guid":
            d = domains.get(ctx, guid=value)
        else:
            raise XmlError(1014, f"Parser error: <{field[:64]}> is not a filter of <{what}>")
    except NotFound:
        raise NotFound(what, value) from None
    if d.kind not in kinds:
        raise NotFound(what, value)
    return d


def _webspaces(ctx, call) -> list:
    flt = filter_of(call)
    if flt is None:
        return [webspaces.main_domain(s) for s in subscriptions.list_(ctx)]
    field, value = flt
    if field in ("owner-id", "owner-login", "owner-guid", "owner-external-id"):
        how = {"owner-id": {"id": number(value, field)} if field == "owner-id" else None,
               "owner-login": {"login": value}, "owner-guid": {"guid": value},
               "owner-external-id": {"external_id": value}}[field]
        owner = accounts.get(ctx, **how)
        return [webspaces.main_domain(s) for s in subscriptions.list_(ctx, owner_id=owner.id)]
    if field == "external-id":
        return [webspaces.main_domain(s) for s in subscriptions.list_(ctx) if s.external_id == value]
    return [_domain(ctx, field, value, ("main",), "webspace")]


def _sites(ctx, call) -> list:
    flt = filter_of(call)
    if flt is None:  # as Plesk: the add-on sites, not the subscriptions' own domains
        return [d for d in domains.list_(ctx) if d.kind == "addon"]
    field, value = flt
    if field in ("parent-id", "parent-name", "parent-guid"):
        parent = _domain(ctx, field.removeprefix("parent-"), value, ("main",), "webspace")
        return [d for d in parent.subscription.domains if d.kind == "addon"]
    return [_domain(ctx, field, value, ("main", "addon"), "site")]


def _gen_info(d, webspace: bool) -> object:
    main = webspaces.main_domain(d.subscription)
    fields = [n("cr_date", _date(d.created_at)), n("name", d.name), n("ascii-name", d.ascii_name),
              n("status", STATUS_OUT.get(d.status, "16")), n("real_size", 0)]
    if webspace:
        owner = d.subscription.owner
        fields.append(n("owner-login", owner.login) if owner.role == "admin" else n("owner-id", owner.id))
    fields += [n("dns_ip_address", _ip(d)), n("htype", "vrt_hst" if d.hosting_type == "virtual" else "std_fwd"),
               n("guid", d.guid), n("vendor-guid" if webspace else "webspace-guid",
                                     d.subscription.owner.guid if webspace else main.guid)]
    if webspace:
        fields += [n("external-id", d.subscription.external_id or ""), n("sb-site-uuid", ""),
                   n("description", d.description or "")]
    else:
        fields += [n("sb-site-uuid", ""), n("webspace-id", main.id), n("description", d.description or "")]
    return n("gen_info", fields)


def _data(ctx, call, d, webspace: bool) -> object:
    dataset = call.body.find("dataset")
    out = []
    for tag in [c.tag for c in dataset if isinstance(c.tag, str)] if dataset is not None else []:
        if tag == "gen_info":
            out.append(_gen_info(d, webspace))
        elif tag in ("hosting", "hosting-basic"):
            out.append(_hosting(d))
        elif tag == "stat":
            usage = webspaces.usage(ctx, d.subscription)
            out.append(n("stat", [n("traffic", 0), n("subdoms", usage["subdomains"]), n("box", usage["mailboxes"]),
                                  n("db", usage["databases"])]))
        elif tag == "limits" and webspace:  # the effective limits: own, else the plan's, plus the add-ons'
            shown = [n("limit", [n("name", wire_name), n("value", limit_out(key, webspaces.limit(d.subscription, key)))])
                     for wire_name, key in LIMITS.items()]
            out.append(n("limits", [n("overuse", "block"), *shown]))
        elif tag == "prefs" and webspace:
            out.append(prefs_out(d.subscription))
        elif tag == "performance" and webspace:
            out.append(performance_out({k: webspaces.performance(d.subscription, k) for k in webspaces.PERFORMANCE}))
        elif tag == "permissions" and webspace:
            out.append(permissions_out(effective_permissions(d.subscription)))
        elif tag == "subscriptions" and webspace:
            out.append(subscriptions_out(d.subscription))
    return n("data", out)


def get(webspace: bool):
    def handler(ctx, call):
        found = _webspaces(ctx, call) if webspace else _sites(ctx, call)
        return [[*fid(call, d.id), n("id", d.id), _data(ctx, call, d, webspace)] for d in found]
    return handler


# --- changes -----------------------------------------------------------------------------------


def webspace_add(ctx, call):
    el = call.body
    setup = el.find("gen_setup")
    if setup is None:
        setup = el  # pypleski puts the fields directly under <add>
    name = text(setup, "name")
    if not name:
        raise XmlError(1014, "Parser error: <gen_setup><name> is required in <add>")
    vrt = el.find("hosting/vrt_hst")
    hosting = props(vrt)
    owner_id = text(setup, "owner-id")
    owner_login = text(setup, "owner-login")
    if owner_login is None and text(setup, "owner-guid"):
        owner_login = accounts.get(ctx, guid=text(setup, "owner-guid")).login
    ips = texts(setup, "ip_address") or texts(vrt, "ip_address")
    no_mail_limits(el)
    plan = text(el, "plan-name") or text(setup, "plan-name")
    plan_id = text(el, "plan-id")
    sub = subscriptions.create(
        ctx, domain=name, owner_login=owner_login or None, owner_id=number(owner_id, "owner-id") if owner_id else None,
        plan_name=plan or None, plan_id=number(plan_id, "plan-id") if plan_id else None,
        system_user=hosting.get("ftp_login") or None, password=hosting.get("ftp_password") or None,
        ip_address=ips[0] if ips else None, status=_status_in(text(setup, "status")) or "active",
        hosting_type="virtual" if (text(setup, "htype") or "vrt_hst") == "vrt_hst" else "forward",
        external_id=text(setup, "external-id") or "", description=text(setup, "description") or "",
        limits=limits_in(el) or None, prefs=prefs_in(el), permissions=permissions_in(el))
    d = webspaces.main_domain(sub)
    if hosting.get("www_root"):
        domains.update(ctx, d, document_root_path=hosting["www_root"])
    return [[n("id", d.id), n("guid", d.guid)]]


def site_add(ctx, call):
    setup = call.body.find("gen_setup")
    if setup is None or not text(setup, "name"):
        raise XmlError(1014, "Parser error: <gen_setup><name> is required in <add>")
    for field in ("webspace-id", "webspace-name", "webspace-guid"):
        if text(setup, field):
            parent = _domain(ctx, field.removeprefix("webspace-"), text(setup, field), ("main",), "webspace")
            break
    else:
        raise XmlError(1014, "Parser error: <webspace-id>, <webspace-name> or <webspace-guid> is required")
    d = domains.create(ctx, subscription=parent.subscription, name=text(setup, "name"), kind="addon",
                       description=text(setup, "description") or "")
    www_root = props(call.body.find("hosting/vrt_hst")).get("www_root")
    if www_root:
        domains.update(ctx, d, document_root_path=www_root)
    return [[n("id", d.id), n("guid", d.guid)]]


def set_(webspace: bool):
    def handler(ctx, call):
        values = call.body.find("values")
        setup = values.find("gen_setup") if values is not None else None
        hosting = props(values.find("hosting/vrt_hst")) if values is not None else {}
        if webspace:
            no_mail_limits(values)
        out = []
        for d in (_webspaces(ctx, call) if webspace else _sites(ctx, call)):
            status = _status_in(text(setup, "status")) if setup is not None else None
            if webspace:
                subscriptions.update(
                    ctx, d.subscription, status=status, owner_login=text(setup, "owner-login") or None
                    if setup is not None else None, password=hosting.get("ftp_password") or None,
                    description=text(setup, "description") if setup is not None else None,
                    external_id=text(setup, "external-id") if setup is not None else None,
                    limits=limits_in(values) or None if values is not None else None,
                    prefs=prefs_in(values) or None if values is not None else None,
                    permissions=permissions_in(values) if values is not None else None)
                name = text(setup, "name") if setup is not None else None
                if name:
                    domains.update(ctx, d, name=name)
            else:
                domains.update(ctx, d, status=status, name=(text(setup, "name") or None) if setup is not None
                               else None, description=text(setup, "description") if setup is not None else None)
            if hosting.get("www_root"):
                domains.update(ctx, d, document_root_path=hosting["www_root"])
            certificate_ops.apply_hosting(ctx, d, hosting)
            out.append([*fid(call, d.id), n("id", d.id)])
        return out
    return handler


def delete(webspace: bool):
    def handler(ctx, call):
        if webspace:
            return deleted(call, _webspaces(ctx, call), lambda d: cascade.delete_subscription(ctx, d.subscription))
        return deleted(call, _sites(ctx, call), lambda d: cascade.delete_domain(ctx, d))
    return handler


DESCRIPTORS = {
    "get-limit-descriptor": [(name, "integer", "-1") for name in LIMITS],
    "get-physical-hosting-descriptor": [("ftp_login", "string", ""), ("ftp_password", "string", ""),
                                        ("www_root", "string", "httpdocs"), ("php", "boolean", "true"),
                                        ("ssl", "boolean", "true"), ("shell", "string", "/bin/false")],
    "get-permission-descriptor": [(name, "boolean", "true" if default else "false")
                                  for name, default in plans.PERMISSIONS.items()],
}


def descriptor(which: str):
    """What a webspace accepts in <limits>, <hosting><vrt_hst> or <permissions>: names, types, defaults."""
    def handler(ctx, call):
        return [[n("descriptor", [n("property", [n("name", name), n("type", kind), n("default-value", default)])
                                  for name, kind, default in DESCRIPTORS[which]])]]
    return handler


def _plan_of(ctx, el, addons: bool):
    ref = {"plan-guid": "guid", "plan-id": "id", "plan-name": "name", "plan-external-id": "external-id"}
    for tag, key in ref.items():
        value = text(el, tag)
        if value:
            if key == "external-id":
                found = [p for p in plans.list_(ctx, addons=addons) if p.external_id == value]
                if not found:
                    raise NotFound("plan", value)
                return found[0]
            try:
                return plans.get(ctx, addons=addons, **{key: number(value, tag) if key == "id" else value})
            except NotFound:
                raise NotFound("plan", value) from None
    raise XmlError(1014, "Parser error: <plan-guid>, <plan-id>, <plan-name> or <plan-external-id> is required")


def switch_subscription(ctx, call):
    plan = _plan_of(ctx, call.body, addons=False)
    out = []
    for d in _webspaces(ctx, call):
        subscriptions.update(ctx, d.subscription, plan_name=plan.name)
        out.append([*fid(call, d.id), n("id", d.id)])
    return out


def addon_subscription(attach: bool):
    """add-subscription / remove-subscription: an add-on plan on each webspace found."""
    def handler(ctx, call):
        addon = _plan_of(ctx, call.body, addons=True)
        out = []
        for d in _webspaces(ctx, call):
            (subscriptions.attach_addon if attach else subscriptions.detach_addon)(ctx, d.subscription, addon)
            out.append([*fid(call, d.id), n("id", d.id)])
        return out
    return handler


WEBSPACE_OPERATIONS = {
    **{name: spec(f"webspace.{name}", descriptor(name), read_only=True, action="subscriptions:read")
       for name in DESCRIPTORS},
    "switch-subscription": spec("webspace.switch-subscription", switch_subscription, action="subscriptions:update",
                                filtered=True),
    "add-subscription": spec("webspace.add-subscription", addon_subscription(True), action="subscriptions:update",
                             filtered=True),
    "remove-subscription": spec("webspace.remove-subscription", addon_subscription(False),
                                action="subscriptions:update", filtered=True),
    "add": spec("webspace.add", webspace_add, action="subscriptions:create"),
    "get": spec("webspace.get", get(True), read_only=True, action="subscriptions:read", filtered=True),
    "set": spec("webspace.set", set_(True), action="subscriptions:update", filtered=True),
    "del": spec("webspace.del", delete(True), action="subscriptions:delete", filtered=True),
}
SITE_OPERATIONS = {
    "add": spec("site.add", site_add, action="domains:create"),
    "get": spec("site.get", get(False), read_only=True, action="domains:read", filtered=True),
    "set": spec("site.set", set_(False), action="domains:update", filtered=True),
    "del": spec("site.del", delete(False), action="domains:delete", filtered=True),
}
__all__ = ["WEBSPACE_OPERATIONS", "SITE_OPERATIONS", "vocabulary"]
