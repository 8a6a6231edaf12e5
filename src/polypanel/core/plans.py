"""Service plans (Plesk), packages (cPanel), presets (ISPmanager): limits and hosting defaults."""
from __future__ import annotations

from sqlalchemy import select

from polypanel.store.models import Plan, Subscription

from . import authorization, tenancy
from .unit_of_work import UnitOfWork
from .errors import AlreadyExists, Conflict, Forbidden, Invalid, NotFound

# -1 (or a missing key) means unlimited.
LIMIT_KEYS = (
    "max_subscriptions", "max_customers", "max_domains", "max_subdomains", "max_aliases",
    "max_mailboxes", "max_databases", "max_db_users", "max_ftp_users", "disk_space_mb", "traffic_mb",
)
UNLIMITED = {key: -1 for key in LIMIT_KEYS}


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


def list_(ctx: UnitOfWork) -> list[Plan]:
    q = tenancy.apply(select(Plan), tenancy.owner_filter(ctx.principal, Plan.owner_id))
    if not ctx.principal.is_admin and not ctx.principal.is_reseller:
        # A customer sees the plan of its own subscriptions only.
        q = select(Plan).where(Plan.id.in_(select(Subscription.plan_id).where(Subscription.owner_id == ctx.principal.account_id)))
    return list(ctx.session.scalars(q.order_by(Plan.id)))


def get(ctx: UnitOfWork, *, id: int | None = None, name: str | None = None, guid: str | None = None) -> Plan:
    for plan in list_(ctx):
        if (id is not None and plan.id == id) or (name is not None and plan.name == name) or (guid is not None and plan.guid == guid):
            return plan
    raise NotFound("plan", id or name or guid)


def create(ctx: UnitOfWork, *, name: str, limits: dict | None = None, hosting: dict | None = None,
           kind: str = "hosting", external_id: str = "") -> Plan:
    p = ctx.principal
    authorization.require(p, "plans:write", "You may not create plans")
    name = (name or "").strip()
    if not name or len(name) > 255:
        raise Invalid("name", "is required (at most 255 characters)")
    if ctx.session.scalar(select(Plan.id).where(Plan.owner_id == p.account_id, Plan.name == name)):
        raise AlreadyExists("plan", name)
    plan = Plan(name=name, owner_id=p.account_id, kind=kind, limits={**UNLIMITED, **check_limits(limits or {})},
                hosting=hosting or {}, external_id=external_id, created_at=ctx.now())
    ctx.insert(plan, "plan", name)
    ctx.audit("plan:create", "plan", plan.id, name)
    return plan


def update(ctx: UnitOfWork, plan: Plan, *, name: str | None = None, limits: dict | None = None,
           hosting: dict | None = None) -> Plan:
    if plan.owner_id != ctx.principal.account_id and not ctx.principal.is_admin:
        raise Forbidden("You may not change this plan")
    if name is not None and name != plan.name:
        if ctx.session.scalar(select(Plan.id).where(Plan.owner_id == plan.owner_id, Plan.name == name)):
            raise AlreadyExists("plan", name)
        plan.name = name
    if limits is not None:
        plan.limits = {**plan.limits, **check_limits(limits)}
    if hosting is not None:
        plan.hosting = {**plan.hosting, **hosting}
    ctx.audit("plan:update", "plan", plan.id)
    return plan


def delete(ctx: UnitOfWork, plan: Plan) -> None:
    if plan.owner_id != ctx.principal.account_id and not ctx.principal.is_admin:
        raise Forbidden("You may not delete this plan")
    if ctx.session.scalar(select(Subscription.id).where(Subscription.plan_id == plan.id)):
        raise Conflict(f"The plan '{plan.name}' is used by subscriptions")
    ctx.audit("plan:delete", "plan", plan.id, plan.name)
    ctx.session.delete(plan)
