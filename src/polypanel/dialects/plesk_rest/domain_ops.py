"""Plesk REST v2: /domains."""
from __future__ import annotations

from polypanel.core import account_views, cascade, domains, subscriptions, webspaces
from polypanel.core.errors import Invalid, NotFound

from . import wire
from .refs import Call, domain_ref, ident, owner_ref, text


# --- /domains -------------------------------------------------------------------------------------


def _domain(ctx, call: Call):
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
        text(hs.get(key), f"hosting_settings.{key}")
    return hs


def domains_list(ctx, call: Call):
    return [wire.domain(d) for d in domains.list_(ctx, kinds=wire.SITE_KINDS, name=call.query.get("name"))]


def domains_create(ctx, call: Call):
    b = call.body
    name = text(b.get("name"), "name")
    if not name:
        raise Invalid("name", "is required")
    hs = _hosting_settings(b)
    hosting_type = b.get("hosting_type") or "virtual"
    forward_url = hs.get("dest_url") or ""
    description = text(b.get("description"), "description") or ""
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
                                   plan_name=text(plan.get("name"), "plan") or None,
                                   system_user=hs.get("ftp_login") or None, password=hs.get("ftp_password") or None,
                                   ip_address=_first_ip(b), hosting_type=hosting_type, forward_url=forward_url,
                                   description=description)
        d = webspaces.main_domain(sub)
    return wire.created(d)


def domains_get(ctx, call: Call):
    return wire.domain(_domain(ctx, call))


def domains_update(ctx, call: Call):
    d = _domain(ctx, call)
    b = call.body
    hs = _hosting_settings(b)
    domains.update(ctx, d, name=text(b.get("name"), "name"), hosting_type=b.get("hosting_type"),
                   forward_url=hs.get("dest_url"), description=text(b.get("description"), "description"))
    sub = d.subscription
    if d.kind == "main":
        owner = owner_ref(ctx, b["owner_client"]) if b.get("owner_client") else None
        plan = b.get("plan") or {}
        subscriptions.update(ctx, sub, system_user=hs.get("ftp_login") or None, password=hs.get("ftp_password") or None,
                             plan_name=text(plan.get("name"), "plan") or None,
                             owner_login=owner.login if owner else None, ip_address=_first_ip(b))
    return wire.created(d)


def domains_delete(ctx, call: Call):
    d = _domain(ctx, call)
    answer = wire.created(d)
    cascade.delete_domain(ctx, d)
    return answer


def domains_client(ctx, call: Call):
    return wire.client(account_views.get(ctx, id=_domain(ctx, call).subscription.owner_id))


def domains_status_get(ctx, call: Call):
    return wire.domain_status(_domain(ctx, call))


def domains_status_set(ctx, call: Call):
    d = _domain(ctx, call)
    subscriptions.set_domain_status(ctx, d, call.body.get("status"))
    return wire.domain_status(d)
