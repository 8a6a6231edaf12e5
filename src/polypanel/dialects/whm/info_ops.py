"""listips, domainuserdata, get_domain_info, getdomainowner, list_users, editquota, limitbw, uapi_cpanel."""
from __future__ import annotations

import ipaddress

from polypanel.core import domains, hosting_accounts, ips, subscriptions
from polypanel.core.errors import NotFound, PanelError

from .. import pipeline
from ..cpanel import wire as cpanel_wire
from ..cpanel.domain_ops import domain_data
from ..cpanel.functions import UAPI
from .account_ops import require
from .wire import Failure, Outcome

DOMAIN_TYPES = {"main": "main", "addon": "addon", "subdomain": "sub", "alias": "parked", "parked": "parked"}


def listips(ctx, _call) -> Outcome:
    used = {s.ip_id for s in hosting_accounts.list_(ctx)}
    rows = ips.list_(ctx)
    out = []
    for n, ip in enumerate(rows):
        try:
            network = str(ipaddress.ip_network(f"{ip.address}/{ip.netmask}", strict=False).network_address)
        except ValueError:
            network = ""
        out.append({"ip": ip.address, "public_ip": ip.public_address or ip.address, "mainaddr": int(n == 0),
                    "if": ip.interface, "active": 1, "used": int(ip.id in used), "removable": int(n != 0 and ip.id not in used),
                    "dedicated": int(ip.type == "exclusive"), "netmask": ip.netmask, "network": network})
    return Outcome(data={"ip": out})


def _domain(ctx, call):
    name = require(call, "domain").lower()
    try:
        return domains.get(ctx, name=name)
    except NotFound:
        if call.principal.is_admin:
            raise Failure(f"API failure: This system does not have a domain named “{name[:255]}”.") from None
        raise Failure(f"API failure: You do not have access to a domain named “{name[:255]}”.") from None


def domainuserdata(ctx, call) -> Outcome:
    d = _domain(ctx, call)
    data = domain_data(ctx, d.subscription, d)
    data["phpopenbasedirprotect"] = 1
    return Outcome(data={"userdata": data})


def get_domain_info(ctx, _call) -> Outcome:
    out = []
    for sub in hosting_accounts.list_(ctx):
        owner = "root"
        seller = hosting_accounts.reseller_of(sub)
        if seller is not None and seller.role != "admin":
            owner = seller.login
        main = hosting_accounts.main_domain(sub)
        for d in sub.domains:
            parent = next((p for p in sub.domains if p.id == d.parent_id), None) or main
            ip = sub.ip.address if sub.ip is not None else ""
            out.append({"domain": d.ascii_name, "user": sub.system_user, "user_owner": owner,
                        "domain_type": DOMAIN_TYPES.get(d.kind, "sub"),
                        "parent_domain": parent.ascii_name if parent is not None else d.ascii_name,
                        "docroot": d.document_root or (parent.document_root if parent else ""),
                        "php_version": str((d.php or {}).get("version", "")), "ipv4": ip, "port": "80",
                        "ipv4_ssl": ip, "port_ssl": "443", "ipv6": None, "ipv6_is_dedicated": 0,
                        "modsecurity_enabled": 0})
    return Outcome(data={"domains": sorted(out, key=lambda i: i["domain"])})


def getdomainowner(ctx, call) -> Outcome:
    name = require(call, "domain").lower()
    try:
        d = domains.get(ctx, name=name)
        return Outcome(data={"user": d.subscription.system_user})
    except NotFound:
        return Outcome(data={"user": None})


def list_users(ctx, _call) -> Outcome:
    return Outcome(data={"users": ["root"] + sorted(s.system_user for s in hosting_accounts.list_(ctx))})


def _megabytes(call, key: str, message: str) -> int:
    value = require(call, key).lower()
    if value in ("unlimited", "0"):
        return -1
    if not value.isdigit() or len(value) > 12:
        raise Failure(message.format(value[:32]))
    return int(value)


def editquota(ctx, call) -> Outcome:
    sub = hosting_accounts.find(ctx, require(call, "user"))
    mb = _megabytes(call, "quota", "Invalid value ({}) for quota supplied.")
    subscriptions.update(ctx, sub, limits={"disk_space_mb": mb})
    shown = "unlimited" if mb < 0 else f"{mb} MB"
    return Outcome(raw=f"Setting the disk quota of {sub.system_user} to {shown}")


def limitbw(ctx, call) -> Outcome:
    sub = hosting_accounts.find(ctx, require(call, "user"))
    mb = _megabytes(call, "bwlimit", "Invalid value ({}) for bwlimit supplied.")
    subscriptions.update(ctx, sub, limits={"traffic_mb": mb})
    item = {"human_bwlimit": "unlimited" if mb < 0 else f"{mb} MB", "bwlimit": 0 if mb < 0 else mb * 1024 * 1024,
            "unlimited": int(mb < 0), "domains": [d.ascii_name for d in sub.domains], "bwlimitenable": int(mb >= 0)}
    return Outcome(data={"bwlimits": [item]},
                   reason=f"Bandwidth Limit for {sub.system_user} has been set to {'unlimited' if mb < 0 else mb} megabytes")


def uapi_cpanel(ctx, call) -> Outcome:
    q = call.query
    user = q.pop("cpanel.user", "").strip()
    module = q.pop("cpanel.module", "").strip()
    func = q.pop("cpanel.function", "").strip()
    if not user:
        raise Failure("API failure: Provide the “cpanel.user” parameter.")
    hosting_accounts.find(ctx, user)  # the account must be the caller's to use
    fn = UAPI.get((module, func))
    if fn is None:
        return Outcome(data={"uapi": cpanel_wire.uapi(errors=[
            f"The system could not find the function “{func[:64]}” in the module “{module[:64]}”."])})
    inner = pipeline.Call(operation=fn.operation, principal=call.principal, env=call.env, ip=call.ip, query=q,
                          extra={"module": module, "func": func, "version": 3, "user": user})
    try:
        data = fn.handler(ctx, inner)
    except (Failure, PanelError) as e:
        return Outcome(data={"uapi": cpanel_wire.uapi(errors=[cpanel_wire.message(e)])})
    if isinstance(data, cpanel_wire.UapiResult):
        doc = cpanel_wire.uapi(data.data, messages=data.messages, warnings=data.warnings, errors=data.errors,
                               metadata=data.metadata)
    else:
        doc = cpanel_wire.uapi(data)
    return Outcome(data={"uapi": doc})
