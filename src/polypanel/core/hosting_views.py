"""Subscriptions and their domains as plain values, what every API lists of them: one SQL statement
per list (owner, the owner's owner, plan, IP address and main domain joined, tenancy applied in the
statement, statement cached per caller role), no ORM objects and no lazy loads. Lookups and lists use
these; changes go through ``subscriptions`` / ``domains`` and their ORM rows.

A view carries the rules the ORM helpers apply (``webspaces.effective_status``, ``webspaces.limit``,
``hosting_accounts.reseller_of``) computed once per row, so the dialects read fields only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.orm import aliased

from polypanel.store.models import Account, Domain, IpAddress, Plan, Subscription, SubscriptionAddon

from . import fast_reads, tenancy, validation, webspaces
from .errors import Invalid, NotFound
from .unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class SubscriptionView:
    id: int
    guid: str
    system_user: str
    status: str
    effective_status: str  # suspended when the subscription, its owner or the owner's reseller is
    owner_id: int
    owner_login: str
    owner_role: str
    owner_status: str
    owner_email: str
    reseller_id: int | None  # who sells this hosting: the customer's owner, or the owner itself when not a customer
    reseller_login: str
    reseller_role: str
    plan_id: int | None
    plan_name: str | None
    plan_limits: dict
    own_limits: dict
    limits: dict  # the plan's limits with the subscription's own over them
    ip_address: str | None  # None: no IP address assigned
    ip_public_address: str
    main_domain_id: int | None
    main_domain: str  # ASCII ("" when the main domain is missing)
    main_domain_name: str  # Unicode
    created_at: datetime | None
    suspended_at: datetime | None
    suspend_reason: str
    external_id: str
    description: str
    addon_limits: tuple = ()  # the limits of each add-on plan attached (they add to the rest)

    def limit(self, key: str) -> int:
        """The effective limit (``webspaces.limit``): -1 is unlimited."""
        return webspaces.effective_limit(key, self.own_limits, self.plan_limits, self.addon_limits)


@dataclass(frozen=True, slots=True)
class DomainView:
    id: int
    guid: str
    name: str  # Unicode
    ascii_name: str
    kind: str
    parent_id: int | None
    hosting_type: str
    forward_url: str
    document_root: str
    php: dict
    status: str
    description: str
    external_id: str
    provision_status: str
    provision_error: str
    created_at: datetime | None
    subscription_id: int
    subscription_status: str
    owner_id: int
    owner_login: str
    ip_address: str | None

    @property
    def php_enabled(self) -> bool:
        return bool(self.php.get("enabled", True))


_OWNER = aliased(Account, name="sub_owner")
_SELLER = aliased(Account, name="sub_owner_owner")
_MAIN = aliased(Domain, name="main_domain")

_SUBSCRIPTIONS = (
    select(Subscription.id, Subscription.guid, Subscription.system_user, Subscription.status, Subscription.owner_id,
           _OWNER.login, _OWNER.role, _OWNER.status, _OWNER.email,
           _SELLER.id, _SELLER.login, _SELLER.role, _SELLER.status,
           Plan.id, Plan.name, Plan.limits, Subscription.limits, IpAddress.address, IpAddress.public_address,
           _MAIN.id, _MAIN.ascii_name, _MAIN.name, Subscription.created_at, Subscription.suspended_at,
           Subscription.suspend_reason, Subscription.external_id, Subscription.description)
    .join(_OWNER, _OWNER.id == Subscription.owner_id)
    .outerjoin(_SELLER, _SELLER.id == _OWNER.owner_id)
    .outerjoin(Plan, Plan.id == Subscription.plan_id)
    .outerjoin(IpAddress, IpAddress.id == Subscription.ip_id)
    .outerjoin(_MAIN, and_(_MAIN.subscription_id == Subscription.id, _MAIN.kind == "main"))
)

_DOMAINS = (
    select(Domain.id, Domain.guid, Domain.name, Domain.ascii_name, Domain.kind, Domain.parent_id, Domain.hosting_type,
           Domain.forward_url, Domain.document_root, Domain.php, Domain.status, Domain.description,
           Domain.external_id, Domain.provision_status, Domain.provision_error, Domain.created_at,
           Subscription.id, Subscription.status, Subscription.owner_id, _OWNER.login, IpAddress.address)
    .join(Subscription, Subscription.id == Domain.subscription_id)
    .join(_OWNER, _OWNER.id == Subscription.owner_id)
    .outerjoin(IpAddress, IpAddress.id == Subscription.ip_id)
)


def _effective(status: str, owner_status: str, seller_role: str | None, seller_status: str | None) -> str:
    """``webspaces.effective_status`` over ``accounts.effective_status``, from the joined values."""
    if status != "active":
        return status
    if owner_status != "active":
        return owner_status
    if seller_role == "reseller" and seller_status != "active":
        return "suspended"
    return "active"


_ADDONS = select(SubscriptionAddon.subscription_id, Plan.limits).join(
    Plan, Plan.id == SubscriptionAddon.plan_id).order_by(SubscriptionAddon.subscription_id, Plan.id)


def _addon_limits(ctx: UnitOfWork) -> dict[int, tuple[dict, ...]]:
    """Each subscription's add-on plans' limits (one statement; most boxes have none)."""
    out: dict[int, list[dict]] = {}
    for sub_id, limits in fast_reads.rows(ctx.connection(), _ADDONS, {}):
        out.setdefault(sub_id, []).append(limits or {})
    return {k: tuple(v) for k, v in out.items()}


def _subscription(row, addon_limits: dict | None = None) -> SubscriptionView:
    (id_, guid, system_user, status, owner_id, owner_login, owner_role, owner_status, owner_email,
     seller_id, seller_login, seller_role, seller_status, plan_id, plan_name, plan_limits, own_limits, ip, public,
     main_id, main_ascii, main_name, created_at, suspended_at, suspend_reason, external_id, description) = row
    if owner_role == "customer":
        reseller = (seller_id, seller_login or "", seller_role or "")
    else:
        reseller = (owner_id, owner_login, owner_role)
    plan_limits = plan_limits or {}
    own_limits = own_limits or {}
    addons = addon_limits.get(id_, ()) if addon_limits else ()
    merged = {**plan_limits, **own_limits}
    if addons:
        merged = {key: webspaces.effective_limit(key, own_limits, plan_limits, addons) for key in merged}
    return SubscriptionView(
        id_, guid, system_user, status, _effective(status, owner_status, seller_role, seller_status),
        owner_id, owner_login, owner_role, owner_status, owner_email or "", *reseller,
        plan_id, plan_name, plan_limits, own_limits, merged, ip, public or "",
        main_id, main_ascii or "", main_name or "", created_at, suspended_at, suspend_reason or "",
        external_id or "", description or "", tuple(addons))


_FIRST = aliased(Subscription, name="first_sub")
_BY = {
    "id": Subscription.id == bindparam("value"),
    "system_user": Subscription.system_user == bindparam("value"),
    "main_domain": _MAIN.ascii_name == bindparam("value"),
    # each owner's first subscription (an owner's subscriptions are all visible or none)
    "first": Subscription.id.in_(select(func.min(_FIRST.id)).group_by(_FIRST.owner_id)),
}


@cache
def _subscriptions_statement(role: str, by: str = "all"):
    query = _SUBSCRIPTIONS
    clause = tenancy.owner_filter_for(role, Subscription.owner_id, bindparam("me"))
    if clause is not None:
        query = query.where(clause)
    if by != "all":
        query = query.where(_BY[by])
    return query.order_by(Subscription.id, _MAIN.id)


@cache
def _domains_statement(role: str):
    query = _DOMAINS
    clause = tenancy.owner_filter_for(role, Subscription.owner_id, bindparam("me"))
    if clause is not None:
        query = query.where(clause)
    return query.order_by(Domain.id)


def subscriptions(ctx: UnitOfWork, *, owner_id: int | None = None) -> list[SubscriptionView]:
    """The subscriptions the caller may see, by id (``subscriptions.list_`` as plain values)."""
    p = ctx.principal
    rows = fast_reads.rows(ctx.connection(), _subscriptions_statement(p.role), {"me": p.account_id})
    addons = _addon_limits(ctx)
    out, seen = [], set()
    for row in rows:
        if row[0] in seen:  # a second main domain (never made by the panel): the first one counts
            continue
        seen.add(row[0])
        if owner_id is None or row[4] == owner_id:
            out.append(_subscription(row, addons))
    return out


def subscription(ctx: UnitOfWork, *, id: int | None = None, system_user: str | None = None,
                 domain: str | None = None) -> SubscriptionView:
    """One visible subscription by id, system user or main domain name (``subscriptions.get``);
    NotFound for a missing one and for one the caller may not see."""
    if id is not None:
        by, value = "id", id
    elif system_user is not None:
        by, value = "system_user", system_user
    elif domain is not None:
        by = "main_domain"
        try:
            value = validation.domain_name(domain)[1]
        except Invalid:
            raise NotFound("subscription", domain) from None
    else:
        raise Invalid("id", "a subscription id, system user or domain is required")
    p = ctx.principal
    rows = fast_reads.rows(ctx.connection(), _subscriptions_statement(p.role, by), {"me": p.account_id, "value": value})
    if not rows:
        raise NotFound("subscription", value)
    return _subscription(rows[0], _addon_limits(ctx))


def first_subscriptions(ctx: UnitOfWork) -> dict[int, SubscriptionView]:
    """Each visible owner's first subscription (its hosting, to the APIs that give one per account)."""
    p = ctx.principal
    out: dict[int, SubscriptionView] = {}
    addons = _addon_limits(ctx)
    for row in fast_reads.rows(ctx.connection(), _subscriptions_statement(p.role, "first"), {"me": p.account_id}):
        out.setdefault(row[4], _subscription(row, addons))  # setdefault: a second main domain row never wins
    return out


def domains(ctx: UnitOfWork, *, kinds: tuple[str, ...] | None = None,
            subscription_id: int | None = None) -> list[DomainView]:
    """The domains the caller may see, by id (``domains.list_`` as plain values)."""
    p = ctx.principal
    rows = fast_reads.rows(ctx.connection(), _domains_statement(p.role), {"me": p.account_id})
    return [DomainView(*r[:9], r[9] or {}, *r[10:]) for r in rows
            if (not kinds or r[4] in kinds) and (subscription_id is None or r[16] == subscription_id)]


def domain_of(d: Domain) -> DomainView:
    """The view of a domain already loaded as an ORM row (one object's form: its relations load lazily)."""
    sub = d.subscription
    return DomainView(d.id, d.guid, d.name, d.ascii_name, d.kind, d.parent_id, d.hosting_type, d.forward_url,
                      d.document_root, d.php or {}, d.status, d.description, d.external_id, d.provision_status,
                      d.provision_error, d.created_at, sub.id, sub.status, sub.owner_id,
                      sub.owner.login if sub.owner else "", sub.ip.address if sub.ip else None)
