"""Limits and a plan given to a customer before it has any hosting (ISPmanager keeps a user's limits
and preset on the user): kept on the account, and taken by the customer's first subscription, where
the core enforces limits (``webspaces.limit``)."""
from __future__ import annotations

from polypanel.store.models import Account, Plan

from . import plans
from .errors import Forbidden, Invalid
from .unit_of_work import UnitOfWork

HOSTING_KEYS = tuple(k for k in plans.LIMIT_KEYS if k not in ("max_customers", "max_subscriptions"))


def keep(ctx: UnitOfWork, acc: Account, *, limits: dict | None = None, plan_name: str | None = None) -> None:
    """Store ``limits`` (merged with those kept) and the plan named ``plan_name`` on customer ``acc``:
    the administrator, or the reseller the customer belongs to, may."""
    p = ctx.principal
    if not p.is_admin and not (p.is_reseller and acc.owner_id == p.account_id):
        raise Forbidden("You may not change limits of this account")
    if acc.role != "customer":
        raise Invalid("limits", "only a customer's hosting limits are kept on its account")
    checked = plans.check_limits(limits or {})
    outside = sorted(set(checked) - set(HOSTING_KEYS))
    if outside:
        raise Invalid(f"limits.{outside[0]}", "is not a limit of a customer's hosting")
    plan = plans.get(ctx, name=plan_name) if plan_name is not None else None
    if checked:
        acc.limits = {**(acc.limits or {}), **checked}
    if plan is not None:
        acc.plan_id = plan.id
    ctx.audit("customer:keep_limits", "account", acc.id, ",".join(sorted(checked)) + (f" plan={plan.name}" if plan else ""))


def kept(ctx: UnitOfWork, acc: Account) -> tuple[Plan | None, dict]:
    """The plan and limits kept on ``acc`` for its hosting (nothing for other roles)."""
    if acc.role != "customer":
        return None, {}
    plan = ctx.session.get(Plan, acc.plan_id) if acc.plan_id is not None else None
    return plan, {k: v for k, v in (acc.limits or {}).items() if k in HOSTING_KEYS}
