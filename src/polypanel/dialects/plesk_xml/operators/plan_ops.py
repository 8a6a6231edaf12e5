"""service-plan: add, get, del; ip: get. A plan's limits use Plesk's limit names on the wire."""
from __future__ import annotations

from polypanel.core import accounts, ips, plans
from polypanel.core.errors import NotFound

from ..errors import XmlError
from ..wire import props
from .common import filter_of, n, number, spec, text

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


def _plan(plan, owners: dict) -> list:
    limits = [n("limit", [n("name", TO_WIRE[k]), n("value", limit_out(k, v))])
              for k, v in sorted((plan.limits or {}).items()) if k in TO_WIRE]
    hosting = [n("property", [n("name", k), n("value", v)]) for k, v in sorted({**HOSTING_DEFAULTS, **(plan.hosting or {})}.items())
               if isinstance(v, (str, int, bool))]
    return [n("id", plan.id), n("name", plan.name), n("guid", plan.guid), n("external-id", plan.external_id or ""),
            n("owner-login", owners.get(plan.owner_id, "")),
            n("mail", [n("nonexistent-user", n("reject", "")), n("webmail", "roundcube")]),
            n("limits", [n("overuse", "normal"), *limits]),
            n("log-rotation", n("on", [n("log-condition", n("log-bysize", 10 * MB)), n("log-max-num-files", 10),
                                       n("log-compress", "true")])),
            n("preferences", [n("stat", 3), n("maillists", "false"), n("dns_zone_type", "master")]),
            n("hosting", n("vrt_hst", hosting)),
            n("performance", [n("bandwidth", -1), n("max_connections", -1)]),
            n("permissions", [n("permission", [n("name", "manage_dns"), n("value", "true")])]),
            n("plan-items", ""), n("aps-filter", "false"), n("packages", ""),
            n("php-settings", [n("setting", [n("name", "safe_mode"), n("value", "off")])])]


def _find(ctx, call) -> list:
    flt = filter_of(call)
    every = plans.list_(ctx)
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
        raise XmlError(1014, f"Parser error: <{field[:64]}> is not a filter of <service-plan>")
    found = [p for p in every if keys[field](p)]
    if not found:
        raise NotFound("plan", value)
    return found


def get(ctx, call):
    found = _find(ctx, call)
    owners = {a.id: a.login for a in accounts.list_(ctx)}
    owners.setdefault(ctx.principal.account_id, ctx.principal.login)
    return [_plan(p, owners) for p in found]


def add(ctx, call):
    el = call.body
    hosting = props(el.find("hosting"))
    plan = plans.create(ctx, name=text(el, "name", ""), limits=limits_in(el), hosting=hosting,
                        external_id=text(el, "external-id") or "")
    return [[n("id", plan.id), n("guid", plan.guid)]]


def delete(ctx, call):
    out = []
    for p in _find(ctx, call):
        answer = [n("id", p.id), n("name", p.name), n("guid", p.guid)]
        plans.delete(ctx, p)
        out.append(answer)
    return out


def ip_get(ctx, call):
    return [[n("addresses", [n("ip_info", [n("ip_address", ip.address), n("netmask", ip.netmask),
                                           n("type", ip.type or "shared"), n("interface", ip.interface)])
                             for ip in ips.list_(ctx)])]]


PLAN_OPERATIONS = {
    "add": spec("service-plan.add", add, action="plans:write"),
    "get": spec("service-plan.get", get, read_only=True, action="plans:read", filtered=True),
    "del": spec("service-plan.del", delete, action="plans:write", filtered=True),
}
IP_OPERATIONS = {"get": spec("ip.get", ip_get, read_only=True, action="ips:read")}
