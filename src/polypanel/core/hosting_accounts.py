"""cPanel accounts: a customer with one subscription, whose system user is the account's name.

WHM's account functions (createacct, listaccts, suspendacct, removeacct, changepackage, passwd)
act on this pair; any subscription (a Plesk webspace too) is shown as a cPanel account named by
its system user. The rules (tenancy, limits, names) stay in ``accounts`` and ``subscriptions``.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from polypanel.store.models import Account, Plan, Subscription

from . import accounts, cascade, plans, subscriptions, validation, whm_acls
from .errors import Invalid, NotFound
from .unit_of_work import UnitOfWork

MAX_USER = 16


def check_user(user: str) -> str:
    """cPanel's rule for a new account name: lower case, at most 16 characters, not starting with a digit or ``test``."""
    user = (user or "").strip().lower()
    if not user:
        raise Invalid("username", "is required")
    if len(user) > MAX_USER:
        raise Invalid("username", f"may be at most {MAX_USER} characters long")
    if user.startswith("test"):
        raise Invalid("username", "may not begin with “test”")
    return validation.system_user(user, "username")


def find(ctx: UnitOfWork, user: str) -> Subscription:
    """The visible subscription whose system user is ``user`` (NotFound for a missing or another tenant's one)."""
    if not isinstance(user, str) or not user or len(user) > 64:
        raise NotFound("account", user)
    return subscriptions.get(ctx, system_user=user.strip().lower())


def list_(ctx: UnitOfWork) -> list[Subscription]:
    q = subscriptions.visible(ctx).options(selectinload(Subscription.domains), selectinload(Subscription.plan),
                                           selectinload(Subscription.ip), selectinload(Subscription.owner))
    return list(ctx.session.scalars(q.order_by(Subscription.id)))


def customer_of(sub: Subscription) -> Account | None:
    return sub.owner if sub.owner is not None and sub.owner.role == "customer" else None


def reseller_of(sub: Subscription) -> Account | None:
    """The account that sells this hosting: the customer's owner, or the subscription's own owner when it is not a customer."""
    customer = customer_of(sub)
    return customer.owner if customer is not None else sub.owner


def main_domain(sub: Subscription):
    return next((d for d in sub.domains if d.kind == "main"), None)


def usable_plans(ctx: UnitOfWork) -> list[Plan]:
    """The packages the caller may sell: its own, and for a reseller holding WHM's ``viewglobalpackages``
    the administrator's (cPanel's global packages, ``default`` among them)."""
    own = [p for p in plans.list_(ctx) if p.kind == "hosting"]
    p = ctx.principal
    if p.is_reseller and whm_acls.allows(p, "viewglobalpackages"):
        names = {plan.name for plan in own}
        admin_plans = ctx.session.scalars(select(Plan).join(Account, Plan.owner_id == Account.id).where(
            Account.role == "admin", Plan.kind == "hosting").order_by(Plan.id))
        own += [plan for plan in admin_plans if plan.name not in names]
    return own


def plan(ctx: UnitOfWork, name: str) -> Plan:
    for candidate in usable_plans(ctx):
        if candidate.name == name:
            return candidate
    raise NotFound("plan", name)


def change_plan(ctx: UnitOfWork, sub: Subscription, name: str) -> None:
    chosen = plan(ctx, name)
    subscriptions.update(ctx, sub, limits={})  # the tenancy and permission checks of a plan change
    sub.plan = chosen


def create(ctx: UnitOfWork, *, user: str, domain: str, password: str, plan_name: str | None = None,
           email: str = "", owner_login: str | None = None) -> Subscription:
    """A customer named ``user`` with one subscription of ``domain`` whose system user is ``user``."""
    user = check_user(user)
    chosen = plan(ctx, plan_name) if plan_name is not None else None
    acc = accounts.create(ctx, role="customer", login=user, password=password, owner_login=owner_login,
                          email=email or None)
    sub = subscriptions.create(ctx, domain=domain, owner_id=acc.id, system_user=user, password=password)
    if chosen is not None:
        sub.plan = chosen
    return sub


def remove(ctx: UnitOfWork, sub: Subscription) -> None:
    """The subscription, and its customer when this was the customer's only subscription."""
    customer = customer_of(sub)
    if customer is not None:
        others = ctx.session.scalar(select(func.count()).select_from(Subscription).where(
            Subscription.owner_id == customer.id, Subscription.id != sub.id))
        if not others:
            cascade.delete_account(ctx, customer)
            return
    cascade.delete_subscription(ctx, sub)


def set_suspended(ctx: UnitOfWork, sub: Subscription, suspended: bool, reason: str = "") -> None:
    """Suspend or unsuspend the hosting (the site stops serving); a customer holding only it is suspended too."""
    subscriptions.update(ctx, sub, status="suspended" if suspended else "active")
    sub.suspend_reason = (reason or "")[:1024] if suspended else ""
    sub.suspended_at = ctx.now() if suspended else None
    customer = customer_of(sub)
    if customer is not None and len([s for s in ctx.session.scalars(
            select(Subscription.id).where(Subscription.owner_id == customer.id))]) == 1:
        accounts.set_status(ctx, customer, "suspended" if suspended else "active")


def set_password(ctx: UnitOfWork, sub: Subscription, password: str) -> list[str]:
    """The hosting's password (system user) and its customer's login password; the services changed."""
    subscriptions.update(ctx, sub, password=password)
    changed = ["system", "ftp"]
    customer = customer_of(sub)
    if customer is not None and customer.login.lower() == sub.system_user:
        accounts.update(ctx, customer, password=password)
    return changed


def own(ctx: UnitOfWork, user: str | None = None) -> Subscription:
    """The cPanel account a cPanel-side call acts on: ``user``'s (a reseller or the administrator
    naming one of theirs), else the caller's own: the subscription named by its login, or its first one."""
    if user:
        return find(ctx, user)
    p = ctx.principal
    subs = [s for s in subscriptions.list_(ctx, owner_id=p.account_id)]
    named = [s for s in subs if s.system_user == p.login.lower()]
    if named or subs:
        return (named or subs)[0]
    raise NotFound("account", p.login)
