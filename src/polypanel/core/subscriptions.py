"""Subscriptions (Plesk webspaces, cPanel accounts): a customer's hosting with its main domain."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from polypanel.store.models import Account, Database, DatabaseUser, Domain, FtpUser, Mailbox, Plan, Subscription

from . import accounts, ips, plans, server_names, tenancy, validation
from .context import Context
from .errors import AlreadyExists, Forbidden, Invalid, LimitExceeded, NotFound
from .password_hashes import crypt_sha512

STATUSES = ("active", "suspended")


def visible(ctx: Context):
    return tenancy.apply(select(Subscription), tenancy.owner_filter(ctx.principal, Subscription.owner_id))


def list_(ctx: Context, *, owner_id: int | None = None) -> list[Subscription]:
    q = visible(ctx)
    if owner_id is not None:
        q = q.where(Subscription.owner_id == owner_id)
    return list(ctx.session.scalars(q.order_by(Subscription.id)))


def get(ctx: Context, *, id: int | None = None, name: str | None = None, system_user: str | None = None,
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


def main_domain(sub: Subscription) -> Domain:
    return next(d for d in sub.domains if d.kind == "main")


def limit(sub: Subscription, key: str) -> int:
    """The effective limit: the subscription's own value, else its plan's; -1 is unlimited."""
    if key in (sub.limits or {}):
        return int(sub.limits[key])
    if sub.plan is not None and key in (sub.plan.limits or {}):
        return int(sub.plan.limits[key])
    return -1


def check_limit(ctx: Context, sub: Subscription, key: str, current: int, what: str) -> None:
    n = limit(sub, key)
    if n >= 0 and current >= n:
        raise LimitExceeded(key, n, f"The subscription {main_domain(sub).name} may have at most {n} {what}")


def ftp_login_taken(ctx: Context, login: str) -> bool:
    """System users log in over FTP too: they share one namespace with FTP users."""
    return ctx.session.scalar(select(Subscription.id).where(Subscription.system_user == login)) is not None \
        or ctx.session.scalar(select(FtpUser.id).where(FtpUser.login == login)) is not None


def check_ftp_login_free(ctx: Context, login: str, kind: str, field: str) -> None:
    """A new FTP login or system user: not reserved, not the panel's already, not a stranger's on the server."""
    server_names.check_system_login(login, field)
    if ftp_login_taken(ctx, login):
        raise AlreadyExists(kind, login, f"The {kind} '{login}' already exists")
    if ctx.panel.name_probe.foreign_system_user(login):
        raise server_names.not_managed(kind, login)


def _login_free(ctx: Context, login: str) -> bool:
    try:
        check_ftp_login_free(ctx, login, "system user", "system_user")
    except (Invalid, AlreadyExists):
        return False
    return True


def _derive_system_user(ctx: Context, ascii_name: str) -> str:
    base = re.sub(r"[^a-z0-9]", "", ascii_name.split(".")[0]) or "user"
    if not base[0].isalpha():
        base = "u" + base
    base = base[:8]
    candidate, n = base, 1
    while not _login_free(ctx, candidate):
        n += 1
        candidate = f"{base[:8 - len(str(n))]}{n}"
    return candidate


def _owner_for_new(ctx: Context, owner_login: str | None, owner_id: int | None) -> Account:
    p = ctx.principal
    if owner_login or owner_id:
        owner = accounts.get(ctx, login=owner_login) if owner_login else accounts.get(ctx, id=owner_id)
    else:
        owner = ctx.session.get(Account, p.account_id)
    if p.role == "customer" and owner.id != p.account_id:
        raise NotFound("client", owner_login or owner_id)
    if p.role == "customer":
        raise Forbidden("Customers may not create subscriptions")
    return owner


def _check_owner_limit(ctx: Context, owner: Account) -> None:
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


def create(ctx: Context, *, domain: str, owner_login: str | None = None, owner_id: int | None = None,
           plan_name: str | None = None, plan_id: int | None = None, system_user: str | None = None,
           password: str | None = None, ip_address: str | None = None, status: str = "active",
           hosting_type: str = "virtual", forward_url: str = "", limits: dict | None = None,
           external_id: str = "", description: str = "") -> Subscription:
    from . import domains

    owner = _owner_for_new(ctx, owner_login, owner_id)
    unicode_name, ascii_name = validation.domain_name(domain)
    domains.check_name_free(ctx, ascii_name)
    plan: Plan | None = None
    if plan_name is not None or plan_id is not None:
        plan = plans.get(ctx, name=plan_name) if plan_name is not None else plans.get(ctx, id=plan_id)
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
    )
    ctx.insert(sub, "system user", system_user)
    sub.plan = plan
    sub.ip = ip
    sub.owner = owner
    domains.add_domain_row(ctx, sub, unicode_name, ascii_name, "main", hosting_type=hosting_type,
                           forward_url=forward_url)
    if sub.system_password_hash:
        ctx.enqueue("ftp", "all")  # the system user logs in over FTP with that password
    ctx.audit("subscription:create", "subscription", sub.id, ascii_name)
    return sub


def update(ctx: Context, sub: Subscription, *, status: str | None = None, plan_name: str | None = None,
           password: str | None = None, limits: dict | None = None, owner_login: str | None = None,
           ip_address: str | None = None, description: str | None = None, external_id: str | None = None) -> Subscription:
    p = ctx.principal
    tenancy.require(p, sub, "subscription", sub.id)
    if p.role == "customer" and (status is not None or plan_name is not None or limits is not None or owner_login is not None):
        raise Forbidden("You may not change this subscription's settings")
    if status is not None:
        if status not in STATUSES:
            raise Invalid("status", f"'{status}' is not a valid status")
        sub.status = status
    if plan_name is not None:
        sub.plan = plans.get(ctx, name=plan_name)
    if password is not None:
        validation.password(password)
        sub.system_password_hash = crypt_sha512(password)
        ctx.enqueue("ftp", "all")
    if limits is not None:
        sub.limits = {**(sub.limits or {}), **plans.check_limits(limits)}
    if owner_login is not None:
        new_owner = accounts.get(ctx, login=owner_login)
        if new_owner.role == "admin" and not p.is_admin:
            raise NotFound("client", owner_login)
        sub.owner_id = new_owner.id
    if ip_address is not None:
        sub.ip = ips.get(ctx, validation.ip_address(ip_address))
    if description is not None:
        sub.description = description
    if external_id is not None:
        sub.external_id = external_id
    queue_apply(ctx, sub)
    ctx.audit("subscription:update", "subscription", sub.id)
    return sub


def effective_status(sub: Subscription) -> str:
    if sub.status != "active":
        return sub.status
    return accounts.effective_status(sub.owner)


def queue_apply(ctx: Context, sub: Subscription) -> None:
    """Re-apply everything the subscription serves (after a status or owner change)."""
    for d in sub.domains:
        ctx.enqueue("web", d.ascii_name)


def delete(ctx: Context, sub: Subscription, *, _check: bool = True) -> None:
    from . import databases, domains

    if _check:
        tenancy.require(ctx.principal, sub, "subscription", sub.id)
    if _check and ctx.principal.role == "customer":
        raise Forbidden("Customers may not delete subscriptions")
    # Top-level domains only: deleting one deletes its subdomains and aliases with it.
    for d in sorted((d for d in sub.domains if d.parent_id is None), key=lambda d: d.kind == "main"):
        domains.delete_row(ctx, d)
    for user in list(ctx.session.scalars(select(DatabaseUser).where(DatabaseUser.subscription_id == sub.id))):
        databases.delete_user(ctx, user)
    for db in list(ctx.session.scalars(select(Database).where(Database.subscription_id == sub.id))):
        databases.delete(ctx, db)
    for ftp in list(ctx.session.scalars(select(FtpUser).where(FtpUser.subscription_id == sub.id))):
        ctx.session.delete(ftp)
        ctx.enqueue("ftp", "all")
    ctx.enqueue("ftp", "all")
    ctx.audit("subscription:delete", "subscription", sub.id, sub.system_user)
    ctx.session.delete(sub)
    ctx.session.flush()


def usage(ctx: Context, sub: Subscription) -> dict[str, int]:
    doms = sub.domains
    return {
        "domains": sum(1 for d in doms if d.kind in ("main", "addon")),
        "subdomains": sum(1 for d in doms if d.kind == "subdomain"),
        "aliases": sum(1 for d in doms if d.kind in ("alias", "parked")),
        "mailboxes": ctx.session.scalar(select(func.count()).select_from(Mailbox).join(Domain).where(Domain.subscription_id == sub.id)),
        "databases": ctx.session.scalar(select(func.count()).select_from(Database).where(Database.subscription_id == sub.id)),
        "db_users": ctx.session.scalar(select(func.count()).select_from(DatabaseUser).where(DatabaseUser.subscription_id == sub.id)),
        "ftp_users": ctx.session.scalar(select(func.count()).select_from(FtpUser).where(FtpUser.subscription_id == sub.id)),
    }
