"""Subscriptions (Plesk webspaces, cPanel accounts): a customer's hosting with its main domain."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from polypanel.store.models import Account, Domain, Plan, Subscription

from . import accounts, authorization, customer_limits, domains, ips, plans, tenancy, validation, vocabulary, webspaces
from .webspaces import check_ftp_login_free, login_free, queue_apply
from .unit_of_work import UnitOfWork
from .errors import AlreadyExists, Invalid, LimitExceeded, NotFound
from .password_hashes import crypt_sha512

STATUSES = ("active", "suspended")


def visible(ctx: UnitOfWork):
    return tenancy.apply(select(Subscription), tenancy.owner_filter(ctx.principal, Subscription.owner_id))


def list_(ctx: UnitOfWork, *, owner_id: int | None = None) -> list[Subscription]:
    q = visible(ctx)
    if owner_id is not None:
        q = q.where(Subscription.owner_id == owner_id)
    return list(ctx.session.scalars(q.order_by(Subscription.id)))


def get(ctx: UnitOfWork, *, id: int | None = None, name: str | None = None, system_user: str | None = None,
        guid: str | None = None) -> Subscription:
    q = visible(ctx)
    if id is not None:
        q = q.where(Subscription.id == id)
    elif guid is not None:
        q = q.where(Subscription.guid == guid)
    elif system_user is not None:
        q = q.where(Subscription.system_user == system_user)
    elif name is not None:
        try:
            _, ascii_name = validation.domain_name(name)
        except Invalid:
            raise NotFound("subscription", name) from None
        q = q.join(Domain, Domain.subscription_id == Subscription.id).where(
            Domain.ascii_name == ascii_name, Domain.kind == "main")
    sub = ctx.session.scalar(q)
    if sub is None:
        raise NotFound("subscription", id or guid or system_user or name)
    return sub


def _derive_system_user(ctx: UnitOfWork, ascii_name: str) -> str:
    base = re.sub(r"[^a-z0-9]", "", ascii_name.split(".")[0]) or "user"
    if not base[0].isalpha():
        base = "u" + base
    base = base[:8]
    candidate, n = base, 1
    while not login_free(ctx, candidate):
        n += 1
        candidate = f"{base[:8 - len(str(n))]}{n}"
    return candidate


def _owner_for_new(ctx: UnitOfWork, owner_login: str | None, owner_id: int | None) -> Account:
    p = ctx.principal
    if owner_login or owner_id:
        owner = accounts.get(ctx, login=owner_login) if owner_login else accounts.get(ctx, id=owner_id)
    else:
        owner = ctx.session.get(Account, p.account_id)
    if p.role == "customer" and owner.id != p.account_id:
        raise NotFound("account", owner_login or owner_id)
    authorization.require(p, "subscriptions:create", "Customers may not create subscriptions")
    return owner


def _check_owner_limit(ctx: UnitOfWork, owner: Account) -> None:
    """A reseller's own limit on the number of subscriptions it and its customers hold."""
    reseller = owner if owner.role == "reseller" else (owner.owner if owner.owner is not None and owner.owner.role == "reseller" else None)
    if reseller is None:
        return
    n = int((reseller.limits or {}).get("max_subscriptions", -1))
    if n < 0:
        return
    count = ctx.session.scalar(select(func.count()).select_from(Subscription).where(
        (Subscription.owner_id == reseller.id)
        | Subscription.owner_id.in_(select(Account.id).where(Account.owner_id == reseller.id))))
    if count >= n:
        raise LimitExceeded("max_subscriptions", n, f"The reseller {reseller.login} may have at most {n} subscriptions")


def create(ctx: UnitOfWork, *, domain: str, owner_login: str | None = None, owner_id: int | None = None,
           plan_name: str | None = None, plan_id: int | None = None, system_user: str | None = None,
           password: str | None = None, ip_address: str | None = None, status: str = "active",
           hosting_type: str = "virtual", forward_url: str = "", limits: dict | None = None,
           external_id: str = "", description: str = "", permissions: dict | None = None,
           prefs: dict | None = None) -> Subscription:
    owner = _owner_for_new(ctx, owner_login, owner_id)
    unicode_name, ascii_name = validation.domain_name(domain)
    domains.check_name_free(ctx, ascii_name)
    plan: Plan | None = None
    kept_plan, kept_limits = customer_limits.kept(ctx, owner)  # given to the customer before it had hosting
    limits = {**kept_limits, **(limits or {})}
    if plan_name is not None or plan_id is not None:
        plan = plans.get(ctx, name=plan_name) if plan_name is not None else plans.get(ctx, id=plan_id)
    elif kept_plan is not None:
        plan = kept_plan
    else:
        plan = ctx.session.scalar(select(Plan).where(Plan.name == "Unlimited").order_by(Plan.id))
    if status not in STATUSES:
        raise Invalid("status", f"'{status}' is not a valid status")
    if system_user:
        system_user = validation.system_user(system_user, "system_user")
        check_ftp_login_free(ctx, system_user, "system user", "system_user")
    else:
        system_user = _derive_system_user(ctx, ascii_name)
    if password is not None:
        validation.password(password, "password")
    ip = ips.get(ctx, validation.ip_address(ip_address)) if ip_address else ips.default(ctx)
    _check_owner_limit(ctx, owner)
    sub = Subscription(
        owner_id=owner.id, plan_id=plan.id if plan else None, system_user=system_user,
        system_password_hash=crypt_sha512(password) if password else "", ip_id=ip.id if ip else None,
        status=status, limits=plans.check_limits(limits or {}), external_id=external_id or "",
        description=description or "", created_at=ctx.now(),
        permissions=plans.check_permissions(permissions or {}), prefs=webspaces.check_prefs(prefs or {}),
    )
    ctx.insert(sub, "system user", system_user)
    sub.plan = plan
    sub.ip = ip
    sub.owner = owner
    domains.add_domain_row(ctx, sub, unicode_name, ascii_name, "main", hosting_type=hosting_type,
                           forward_url=forward_url, description=description or "")
    if sub.system_password_hash:
        ctx.enqueue(vocabulary.ftp())  # the system user logs in over FTP with that password
    ctx.audit("subscription:create", "subscription", sub.id, ascii_name)
    return sub


def update(ctx: UnitOfWork, sub: Subscription, *, status: str | None = None, plan_name: str | None = None,
           password: str | None = None, limits: dict | None = None, owner_login: str | None = None,
           ip_address: str | None = None, description: str | None = None, external_id: str | None = None,
           system_user: str | None = None, permissions: dict | None = None,
           prefs: dict | None = None) -> Subscription:
    p = ctx.principal
    tenancy.require(p, sub, "subscription", sub.id)
    if system_user is not None and system_user != sub.system_user:
        raise Invalid("system_user", "the system user of a subscription cannot be renamed")
    if status is not None or plan_name is not None or limits is not None or owner_login is not None \
            or permissions is not None:
        authorization.require(p, "subscriptions:manage", "You may not change this subscription's settings")
    if status is not None:
        if status not in STATUSES:
            raise Invalid("status", f"'{status}' is not a valid status")
        sub.status = status
    if plan_name is not None:
        sub.plan = plans.get(ctx, name=plan_name)
    if password is not None:
        validation.password(password)
        sub.system_password_hash = crypt_sha512(password)
        ctx.enqueue(vocabulary.ftp())
    if limits is not None:
        sub.limits = {**(sub.limits or {}), **plans.check_limits(limits)}
    if permissions is not None:
        sub.permissions = {**(sub.permissions or {}), **plans.check_permissions(permissions)}
    if prefs is not None:
        sub.prefs = {**(sub.prefs or {}), **webspaces.check_prefs(prefs)}
    if owner_login is not None:
        new_owner = accounts.get(ctx, login=owner_login)
        if new_owner.role == "admin" and not p.is_admin:
            raise NotFound("account", owner_login)
        sub.owner_id = new_owner.id
    if ip_address is not None:
        # The sites move with their zones' address records (and only the administrator moves them).
        ips.move(ctx, sub, ips.get(ctx, validation.ip_address(ip_address)))
    if description is not None:
        sub.description = description
    if external_id is not None:
        sub.external_id = external_id
    queue_apply(ctx, sub)
    ctx.audit("subscription:update", "subscription", sub.id)
    return sub


def attach_addon(ctx: UnitOfWork, sub: Subscription, addon: Plan) -> None:
    """Attach an add-on plan (Plesk's add-subscription); attaching it twice is refused."""
    tenancy.require(ctx.principal, sub, "subscription", sub.id)
    authorization.require(ctx.principal, "subscriptions:manage", "You may not change this subscription's plans")
    if addon.kind != plans.ADDON:
        raise Invalid("plan", f"'{addon.name}' is not an add-on plan")
    if any(a.id == addon.id for a in sub.addons):
        raise AlreadyExists("add-on plan", addon.name, f"The add-on plan '{addon.name}' is attached already")
    sub.addons.append(addon)
    queue_apply(ctx, sub)
    ctx.audit("subscription:add_addon", "subscription", sub.id, addon.name)


def detach_addon(ctx: UnitOfWork, sub: Subscription, addon: Plan) -> None:
    tenancy.require(ctx.principal, sub, "subscription", sub.id)
    authorization.require(ctx.principal, "subscriptions:manage", "You may not change this subscription's plans")
    if not any(a.id == addon.id for a in sub.addons):
        raise NotFound("add-on plan", addon.name, f"The add-on plan '{addon.name}' is not attached to the subscription")
    sub.addons.remove(addon)
    queue_apply(ctx, sub)
    ctx.audit("subscription:remove_addon", "subscription", sub.id, addon.name)


def set_domain_status(ctx: UnitOfWork, d: Domain, status) -> None:
    """A domain's status; a main domain's status is its subscription's too (as in Plesk)."""
    domains.update(ctx, d, status=status)
    if d.kind == "main" and status in STATUSES:
        update(ctx, d.subscription, status=status)
