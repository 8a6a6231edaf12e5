"""An account becomes a reseller or stops being one (WHM's setupreseller / unsetupreseller).

Only the administrator changes roles. A customer of the administrator becomes a reseller that keeps
its own subscriptions; a reseller goes back to being a customer of the administrator only when it has
no customers of its own (cPanel refuses to orphan them too).
"""
from __future__ import annotations

from sqlalchemy import func, select

from polypanel.store.models import Account

from .errors import Conflict, Forbidden, Invalid
from .unit_of_work import UnitOfWork


def _require_admin(ctx: UnitOfWork) -> None:
    if not ctx.principal.is_admin:
        raise Forbidden("Only the administrator may change whether an account is a reseller")


def make_reseller(ctx: UnitOfWork, acc: Account) -> None:
    _require_admin(ctx)
    if acc.role == "reseller":
        return
    if acc.role != "customer":
        raise Invalid("user", "only a customer can become a reseller")
    if acc.owner is not None and acc.owner.role != "admin":
        raise Invalid("user", "the account belongs to a reseller; move it to the administrator first")
    acc.role = "reseller"
    ctx.audit("reseller:setup", "account", acc.id, acc.login)


def unmake_reseller(ctx: UnitOfWork, acc: Account) -> None:
    _require_admin(ctx)
    if acc.role != "reseller":
        raise Invalid("user", "the account is not a reseller")
    if ctx.session.scalar(select(func.count()).select_from(Account).where(Account.owner_id == acc.id)):
        raise Conflict(f"The reseller {acc.login} still owns accounts")
    acc.role = "customer"
    ctx.audit("reseller:unsetup", "account", acc.id, acc.login)
