"""Service plans (Plesk), packages (cPanel), presets (ISPmanager): limits and hosting defaults."""
from __future__ import annotations

import re

from sqlalchemy import select

from polypanel.store.models import Account, Plan, Subscription, SubscriptionAddon

from . import authorization, tenancy
from .unit_of_work import UnitOfWork
from .errors import AlreadyExists, Conflict, Forbidden, Invalid, NotFound

# -1 (or a missing key) means unlimited.
LIMIT_KEYS = (
    "max_subscriptions", "max_customers", "max_domains", "max_subdomains", "max_aliases",
    "max_mailboxes", "max_databases", "max_db_users", "max_ftp_users", "disk_space_mb", "traffic_mb",
)
UNLIMITED = {key: -1 for key in LIMIT_KEYS}
ADDON = "addon"  # the kind of a Plesk add-on plan: attached to subscriptions next to their plan
# Permissions of a subscription (Plesk's names) that the core enforces on its customer, with the
# value they have unless a plan, an add-on or the subscription says otherwise.
PERMISSIONS = {"create_domains": True, "manage_subdomains": True, "manage_domain_aliases": True, "manage_dns": True}


PERMISSION_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_PERMISSIONS = 100


def check_permissions(permissions: dict) -> dict:
    """Permission name -> bool. Names other than ``PERMISSIONS`` are kept as given (clients send
    Plesk's whole list) but enforce nothing here."""
    out = {}
    for name, value in (permissions or {}).items():
        if not isinstance(name, str) or not PERMISSION_NAME.match(name):
            raise Invalid("permissions", f"'{str(name)[:64]}' is not a permission name")
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            value = value.strip().lower() == "true"
        if not isinstance(value, bool):
            raise Invalid(f"permissions.{name}", "must be true or false")
        out[name] = value
    if len(out) > MAX_PERMISSIONS:
        raise Invalid("permissions", f"at most {MAX_PERMISSIONS} permissions")
    return out


def check_limits(limits: dict) -> dict:
    out = {}
    for key, value in (limits or {}).items():
        if key not in LIMIT_KEYS:
            raise Invalid(f"limits.{key}", "is not a known limit")
        try:
            n = int(value)
        except (TypeError, ValueError):
            raise Invalid(f"limits.{key}", "must be a whole number (-1 for unlimited)") from None
        if n < -1:
            raise Invalid(f"limits.{key}", "must be -1 (unlimited) or more")
        out[key] = n
    return out


def list_(ctx: UnitOfWork, *, addons: bool = False) -> list[Plan]:
    """The plans the caller may see; ``addons``: the add-on plans instead (never both)."""
    q = tenancy.apply(select(Plan), tenancy.owner_filter(ctx.principal, Plan.owner_id))
    if not ctx.principal.is_admin and not ctx.principal.is_reseller:
        # A customer sees the plans of its own subscriptions only.
        mine = select(Subscription.id).where(Subscription.owner_id == ctx.principal.account_id)
        q = select(Plan).where(Plan.id.in_(select(Subscription.plan_id).where(Subscription.id.in_(mine)))
                               | Plan.id.in_(select(SubscriptionAddon.plan_id)
                                             .where(SubscriptionAddon.subscription_id.in_(mine))))
    q = q.where(Plan.kind == ADDON) if addons else q.where(Plan.kind != ADDON)
    return list(ctx.session.scalars(q.order_by(Plan.id)))


def get(ctx: UnitOfWork, *, id: int | None = None, name: str | None = None, guid: str | None = None,
        addons: bool = False) -> Plan:
    for plan in list_(ctx, addons=addons):
        if (id is not None and plan.id == id) or (name is not None and plan.name == name) or (guid is not None and plan.guid == guid):
            return plan
    raise NotFound("add-on plan" if addons else "plan", id or name or guid)


def create(ctx: UnitOfWork, *, name: str, limits: dict | None = None, hosting: dict | None = None,
           kind: str = "hosting", external_id: str = "", permissions: dict | None = None,
           settings: dict | None = None, owner: Account | None = None) -> Plan:
    """A plan of the caller, or (the administrator's choice) of a reseller."""
    p = ctx.principal
    authorization.require(p, "plans:write", "You may not create plans")
    owner_id = p.account_id
    if owner is not None and owner.id != p.account_id:
        if not p.is_admin or owner.role != "reseller":
            raise Forbidden("A plan belongs to its creator or, made by the administrator, to a reseller")
        owner_id = owner.id
    name = (name or "").strip()
    if not name or len(name) > 255:
        raise Invalid("name", "is required (at most 255 characters)")
    if ctx.session.scalar(select(Plan.id).where(Plan.owner_id == owner_id, Plan.name == name)):
        raise AlreadyExists("plan", name)
    if len(external_id or "") > 255:
        raise Invalid("external_id", "must be at most 255 characters")
    # An add-on holds only what it adds; a plan is unlimited where it says nothing.
    limits = check_limits(limits or {}) if kind == ADDON else {**UNLIMITED, **check_limits(limits or {})}
    plan = Plan(name=name, owner_id=owner_id, kind=kind, limits=limits, hosting=hosting or {},
                external_id=external_id, permissions=check_permissions(permissions or {}),
                settings=check_settings(settings or {}),
                created_at=ctx.now())
    ctx.insert(plan, "plan", name)
    ctx.audit("plan:create", "plan", plan.id, name)
    return plan


def check_settings(settings: dict) -> dict:
    """A plan's kept blocks; its ``performance`` is enforced on its subscriptions, so checked here."""
    from .webspaces import PERFORMANCE, check_prefs

    block = (settings or {}).get("performance")
    if block is not None:
        check_prefs({tag: value for tag, value, _kids in block[2] if tag in PERFORMANCE})
    return settings or {}


def update(ctx: UnitOfWork, plan: Plan, *, name: str | None = None, limits: dict | None = None,
           hosting: dict | None = None, permissions: dict | None = None, settings: dict | None = None,
           external_id: str | None = None, keep_locked: bool = False) -> Plan:
    """Change a plan; its subscriptions follow where they say nothing of their own. ``keep_locked``
    (Plesk's rule): a subscription with settings of its own is locked for syncing and keeps what the
    plan gave it before this change."""
    from . import webspaces

    if plan.owner_id != ctx.principal.account_id and not ctx.principal.is_admin:
        raise Forbidden("You may not change this plan")
    authorization.require(ctx.principal, "plans:write", "You may not change plans")
    name = name.strip() if name is not None else None
    if name is not None and name != plan.name:
        if not name or len(name) > 255:
            raise Invalid("name", "is required (at most 255 characters)")
        if ctx.session.scalar(select(Plan.id).where(Plan.owner_id == plan.owner_id, Plan.name == name)):
            raise AlreadyExists("plan", name)
        plan.name = name
    if external_id is not None:
        if len(external_id) > 255:
            raise Invalid("external_id", "must be at most 255 characters")
        plan.external_id = external_id
    limits = check_limits(limits) if limits is not None else None
    permissions = check_permissions(permissions) if permissions is not None else None
    settings = check_settings(settings) if settings is not None else None
    subs = list(ctx.session.scalars(select(Subscription).where(Subscription.plan_id == plan.id)))
    if keep_locked:
        for sub in subs:
            if webspaces.locked(sub):
                _freeze(sub, plan, limits or {}, permissions or {}, settings or {})
    if limits is not None:
        plan.limits = {**plan.limits, **limits}
    if hosting is not None:
        plan.hosting = {**plan.hosting, **hosting}
    if permissions is not None:
        plan.permissions = {**(plan.permissions or {}), **permissions}
    if settings is not None:
        plan.settings = {**(plan.settings or {}), **settings}
    if settings is not None and "performance" in settings:  # the web server enforces it on every site
        for sub in subs:
            webspaces.queue_apply(ctx, sub)
    ctx.audit("plan:update", "plan", plan.id)
    return plan


def _freeze(sub: Subscription, plan: Plan, limits: dict, permissions: dict, settings: dict) -> None:
    """Give a locked subscription, as its own, what the plan gave it for each value about to change."""
    from .webspaces import PERFORMANCE, plan_performance

    own = dict(sub.limits or {})
    for key in limits:
        own.setdefault(key, int((plan.limits or {}).get(key, -1)))
    sub.limits = own
    given = dict(sub.permissions or {})
    for key in permissions:
        given.setdefault(key, bool((plan.permissions or {}).get(key, PERMISSIONS.get(key, False))))
    sub.permissions = given
    if "performance" in settings:
        before = plan_performance(plan.settings)
        sub.prefs = {**{k: before.get(k, -1) for k in PERFORMANCE}, **(sub.prefs or {})}


def delete(ctx: UnitOfWork, plan: Plan) -> None:
    if plan.owner_id != ctx.principal.account_id and not ctx.principal.is_admin:
        raise Forbidden("You may not delete this plan")
    if ctx.session.scalar(select(Subscription.id).where(Subscription.plan_id == plan.id)) or \
            ctx.session.scalar(select(SubscriptionAddon.plan_id).where(SubscriptionAddon.plan_id == plan.id)):
        raise Conflict(f"The plan '{plan.name}' is used by subscriptions")
    ctx.audit("plan:delete", "plan", plan.id, plan.name)
    ctx.session.delete(plan)
