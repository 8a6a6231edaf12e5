"""IP addresses: ``ipaddr`` (the pool; a user sees the shared addresses and its own), ``ipaddr.edit``
(add an address, or with an empty ``name`` take a free one of the pool, and with ``owner`` assign it
to the user's hosting, as the billing modules do), ``ipaddr.free`` (give the addresses back to the
pool: their users move to the shared address) and ``ipaddr.delete``."""
from __future__ import annotations

from polypanel.core import accounts, ips, subscriptions
from polypanel.core.errors import Invalid, NotFound

from .form import elids
from .wire import Form, Ok, Rows

ROLES = {"shared": "shared", "exclusive": "assigned"}


def _row(ctx, ip) -> dict:
    users = ips.users(ctx, ip)
    owner = users[0].owner.login if ip.type == "exclusive" and users else ""
    return {"name": ip.address, "iprole": ROLES.get(ip.type, ip.type), "type": ip.type, "owner": owner,
            "family": "ipv6" if ":" in ip.address else "ipv4", "free": True if not users else None}


def ipaddr_list(ctx, _call):
    rows = [_row(ctx, ip) for ip in ips.list_(ctx)]
    p = ctx.principal
    if not p.is_admin:  # a user (or a reseller) sees the shared addresses and those assigned to it
        rows = [r for r in rows if r["iprole"] == "shared" or r["owner"].lower() == (p.login or "").lower()]
    return Rows(rows)


def _assign(ctx, ip, owner: str) -> None:
    acc = accounts.get(ctx, login=owner)
    subs = subscriptions.list_(ctx, owner_id=acc.id)
    if not subs:
        raise Invalid("owner_login", f"the user {acc.login} has no hosting to assign an address to")
    ips.move(ctx, subs[0], ip)


def _pick(ctx, f: dict):
    family = (f.get("iptype") or "ipv4").strip().lower()
    if family not in ("ipv4", "ipv6"):
        raise Invalid("iptype", "must be ipv4 or ipv6")
    for ip in ips.free(ctx, "exclusive"):
        if (":" in ip.address) == (family == "ipv6"):
            return ip
    raise NotFound("IP address", family, f"No free {family} address is left in the pool: add one first")


def ipaddr_edit(ctx, call):
    f = call.query
    elid = (f.get("elid") or "").strip()
    owner = (f.get("owner") or "").strip()
    if not f.get("sok"):
        if not elid:
            return Form({"name": "", "iprole": "shared", "iptype": "ipv4", "owner": ""},
                        {"iprole": [("shared", "Shared"), ("assigned", "Assigned")]})
        row = _row(ctx, ips.get(ctx, elid))
        return Form({"elid": row["name"], "name": row["name"], "iprole": row["iprole"], "owner": row["owner"]})
    if elid:
        ip = ips.get(ctx, elid)
    else:
        name = (f.get("name") or "").strip()
        assigned = (f.get("iprole") or "shared").strip() == "assigned"
        if not name and not assigned:
            raise Invalid("name", "is required for a shared address")
        if not name:
            ip = _pick(ctx, f)
        elif assigned and (pooled := [i for i in ips.free(ctx, "exclusive") if i.address == name.lower()]):
            ip = pooled[0]  # an address of the pool, named (as BILLmanager sends it)
        else:
            ip = ips.add(ctx, name, type="exclusive" if assigned else "shared")
    if owner:
        _assign(ctx, ip, owner)
    return Ok(id=ip.address)


def ipaddr_free(ctx, call):
    names = elids(call.query.get("elid"))
    if not names:
        raise Invalid("elid", "is required")
    for address in names:
        ips.release(ctx, address)
    return Ok()


def ipaddr_delete(ctx, call):
    names = elids(call.query.get("elid"))
    if not names:
        raise Invalid("elid", "is required")
    for address in names:
        ips.remove(ctx, address)
    return Ok()


OPERATIONS = {
    "ipaddr": (ipaddr_list, True), "ipaddr.edit": (ipaddr_edit, False), "ipaddr.free": (ipaddr_free, False),
    "ipaddr.delete": (ipaddr_delete, False),
}
DESCRIPTIONS = {
    "ipaddr": ("IP addresses (list)", "IP-адреса"),
    "ipaddr.edit": ("IP address: name (empty: a free one of the pool), iprole (shared, assigned), iptype, owner; sok",
                    "IP-адрес"),
    "ipaddr.free": ("Free IP addresses: their users move to the shared address; elid", "Освободить IP-адреса"),
    "ipaddr.delete": ("Remove IP addresses not used by any user: elid", "Удалить IP-адреса"),
}
