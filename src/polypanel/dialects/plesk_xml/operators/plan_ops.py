"""service-plan: add, get, del; ip: get. A plan's limits use Plesk's limit names on the wire."""
from __future__ import annotations

from polypanel.core import accounts, ips, plans
from polypanel.core.errors import NotFound

from ..errors import XmlError
from ..wire import props
from .common import ECHO_FILTER_TAG, filter_of, n, number, spec, text
from .plan_blocks import block_out, blocks_in
from .webspace_blocks import no_mail_limits, permissions_in, permissions_out

# Plesk limit name <-> core limit key
LIMITS = {"max_site": "max_domains", "max_subdom": "max_subdomains", "max_dom_aliases": "max_aliases",
          "max_box": "max_mailboxes", "max_db": "max_databases", "max_subftp_users": "max_ftp_users",
          "disk_space": "disk_space_mb", "max_traffic": "traffic_mb"}
TO_WIRE = {v: k for k, v in LIMITS.items()}
MB = 1024 * 1024
# What every polypanel site gets unless the plan says otherwise (shown as the plan's hosting properties).
HOSTING_DEFAULTS = {"ssl": "true", "php": "true", "shell": "/bin/false"}


def limits_in(el) -> dict:
    out = {}
    for limit in el.findall("limits/limit") if el is not None else []:
        name, value = text(limit, "name", ""), text(limit, "value", "")
        if name not in LIMITS:
            continue
        try:
            v = int(value)
        except ValueError:
            raise XmlError(1019, f"{name}: '{value[:32]}' is not a number") from None
        if LIMITS[name] in ("disk_space_mb", "traffic_mb") and v > 0:
            v = max(1, v // MB)  # Plesk counts bytes, the core megabytes
        out[LIMITS[name]] = v
    return out


def limit_out(key: str, value: int) -> int:
    return value * MB if key in ("disk_space_mb", "traffic_mb") and value > 0 else value


def _limits(plan, addon: bool) -> list:
    return [n("limit", [n("name", TO_WIRE[k]), n("value", limit_out(k, v))])
            for k, v in sorted((plan.limits or {}).items()) if k in TO_WIRE] if not addon or plan.limits else []


def _hosting(plan, addon: bool):
    items = plan.hosting or {} if addon else {**HOSTING_DEFAULTS, **(plan.hosting or {})}
    return n("hosting", n("vrt_hst", [n("property", [n("name", k), n("value", v)]) for k, v in sorted(items.items())
                                      if isinstance(v, (str, int, bool))]))


def _plan(plan, owners: dict) -> list:
    settings = plan.settings or {}
    return [n("id", plan.id), n("name", plan.name), n("guid", plan.guid), n("external-id", plan.external_id or ""),
            n("owner-login", owners.get(plan.owner_id, "")),
            block_out(settings, "mail"),
            n("limits", [n("overuse", "normal"), *_limits(plan, False)]),
            block_out(settings, "log-rotation"), block_out(settings, "preferences"),
            _hosting(plan, False), block_out(settings, "performance"),
            permissions_out(_permissions(plan)),
            n("plan-items", ""), n("aps-filter", "false"), n("packages", ""),
            block_out(settings, "php-settings"), block_out(settings, "web-server-settings")]


def _addon(plan, owners: dict) -> list:
    settings = plan.settings or {}
    return [n("id", plan.id), n("name", plan.name), n("guid", plan.guid), n("external-id", plan.external_id or ""),
            n("owner-login", owners.get(plan.owner_id, "")), n("limits", _limits(plan, True)),
            _hosting(plan, True), block_out(settings, "performance") if "performance" in settings else None,
            n("packages", ""), permissions_out(dict(plan.permissions or {})),
            block_out(settings, "php-settings") if "php-settings" in settings else None]


def _permissions(plan) -> dict:
    return {**plans.PERMISSIONS, **(plan.permissions or {})}


def _find(ctx, call, addons: bool = False) -> list:
    flt = filter_of(call)
    every = plans.list_(ctx, addons=addons)
    owner = text(call.body, "owner-id")
    owner_login = text(call.body, "owner-login")
    if owner or owner_login:
        who = accounts.get(ctx, id=number(owner, "owner-id")) if owner else accounts.get(ctx, login=owner_login)
        every = [p for p in every if p.owner_id == who.id]
    if flt is None:
        return every
    field, value = flt
    keys = {"id": lambda p: str(p.id) == value, "name": lambda p: p.name == value, "guid": lambda p: p.guid == value,
            "external-id": lambda p: bool(value) and p.external_id == value}
    if field not in keys:
        raise XmlError(1014, f"Parser error: <{field[:64]}> is not a filter of <{call.body.getparent().tag}>")
    found = [p for p in every if keys[field](p)]
    if not found:
        raise NotFound("add-on plan" if addons else "plan", value)
    return found


def get(addons: bool):
    def handler(ctx, call):
        found = _find(ctx, call, addons)
        owners = {a.id: a.login for a in accounts.list_(ctx)}
        owners.setdefault(ctx.principal.account_id, ctx.principal.login)
        return [(_addon if addons else _plan)(p, owners) for p in found]
    return handler


def _hosting_in(el) -> dict:
    """``<hosting><vrt_hst><property>*`` (or properties straight under ``<hosting>``, as older clients send)."""
    hosting = el.find("hosting")
    if hosting is None:
        return {}
    if hosting.find("none") is not None:
        raise XmlError(1019, "A plan without hosting is not supported by this server")
    vrt = hosting.find("vrt_hst")
    return props(vrt if vrt is not None else hosting)


def set_(ctx, call):
    """Change a plan. Its subscriptions follow, except those locked for syncing (with settings of their
    own), which keep what the plan gave them (Plesk's rule)."""
    el = call.body
    flt = filter_of(call)
    no_mail_limits(el)
    limits, hosting, blocks = limits_in(el), _hosting_in(el), blocks_in(el)
    out = []
    for plan in _find(ctx, call):
        plans.update(ctx, plan, name=text(el, "name"), limits=limits or None, hosting=hosting or None,
                     permissions=permissions_in(el), settings=blocks or None, external_id=text(el, "external-id"),
                     keep_locked=True)
        out.append([n(flt[0], flt[1])] if flt is not None else [n("id", plan.id)])
    return out


def add(addons: bool):
    def handler(ctx, call):
        el = call.body
        who = None
        if text(el, "owner-id") or text(el, "owner-login"):
            who = accounts.get(ctx, id=number(text(el, "owner-id"), "owner-id")) if text(el, "owner-id") \
                else accounts.get(ctx, login=text(el, "owner-login"))
        no_mail_limits(el)
        blocks = blocks_in(el)
        if addons:
            blocks = {k: v for k, v in blocks.items() if k in ("performance", "php-settings")}
        plan = plans.create(ctx, name=text(el, "name", ""), limits=limits_in(el), hosting=_hosting_in(el),
                            external_id=text(el, "external-id") or "", kind=plans.ADDON if addons else "hosting",
                            permissions=permissions_in(el) or {}, settings=blocks, owner=who)
        return [[n("id", plan.id), n("guid", plan.guid)]]
    return handler


def delete(addons: bool):
    def handler(ctx, call):
        out = []
        for p in _find(ctx, call, addons):
            answer = [n("id", p.id), n("name", p.name), n("guid", p.guid)]
            plans.delete(ctx, p)
            out.append(answer)
        return out
    return handler


def ip_get(ctx, call):
    return [[n("addresses", [n("ip_info", [n("ip_address", ip.address), n("netmask", ip.netmask),
                                           n("type", ip.type or "shared"), n("interface", ip.interface)])
                             for ip in ips.list_(ctx)])]]


PLAN_OPERATIONS = {
    "add": spec("service-plan.add", add(False), action="plans:write"),
    "get": spec("service-plan.get", get(False), read_only=True, action="plans:read", filtered=True),
    "set": spec("service-plan.set", set_, action="plans:write", filtered=True, echo=ECHO_FILTER_TAG),
    "del": spec("service-plan.del", delete(False), action="plans:write", filtered=True),
}
ADDON_OPERATIONS = {
    "add": spec("service-plan-addon.add", add(True), action="plans:write"),
    "get": spec("service-plan-addon.get", get(True), read_only=True, action="plans:read", filtered=True),
    "del": spec("service-plan-addon.del", delete(True), action="plans:write", filtered=True),
}
IP_OPERATIONS = {"get": spec("ip.get", ip_get, read_only=True, action="ips:read")}
