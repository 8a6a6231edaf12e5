"""Who may see and change what, written once as query filters.

An admin sees everything; a reseller sees itself, its customers, and their objects; a
customer sees itself and its own objects. A refused lookup is reported as "not found", so
that it does not reveal whether the object exists.
"""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.sql import ColumnElement

from polypanel.store.models import Account

from .errors import NotFound
from .principal import Principal


def account_filter(p: Principal) -> ColumnElement[bool] | None:
    """A WHERE clause on Account for the accounts ``p`` may see, or None for all."""
    return account_filter_for(p.role, p.account_id)


def account_filter_for(role: str, me) -> ColumnElement[bool] | None:
    """The same rule for a caller of ``role`` whose account id is ``me`` (a value, or a bound
    parameter for statements built once and reused)."""
    if role == "admin":
        return None
    if role == "reseller":
        return or_(Account.id == me, Account.owner_id == me)
    return Account.id == me


def owner_filter(p: Principal, owner_column) -> ColumnElement[bool] | None:
    """A WHERE clause on an ``owner_id``-like column for objects ``p`` may see, or None for all."""
    return owner_filter_for(p.role, owner_column, p.account_id)


def owner_filter_for(role: str, owner_column, me) -> ColumnElement[bool] | None:
    """The same rule for a caller of ``role`` whose account id is ``me`` (a value, or a bound
    parameter for statements built once and reused)."""
    if role == "admin":
        return None
    if role == "reseller":
        customers = select(Account.id).where(Account.owner_id == me)
        return or_(owner_column == me, owner_column.in_(customers))
    return owner_column == me


def may_see_account(p: Principal, account: Account) -> bool:
    if p.is_admin:
        return True
    if p.is_reseller:
        return account.id == p.account_id or account.owner_id == p.account_id
    return account.id == p.account_id


def may_manage_account(p: Principal, account: Account) -> bool:
    """Change or delete another account: never yourself through this path, never above you."""
    if account.role == "admin":
        return False
    if p.is_admin:
        return True
    if p.is_reseller:
        return account.owner_id == p.account_id
    return False


def require(p: Principal, subscription, kind: str, ref, message: str | None = None) -> None:
    """Refuse to act on an object of ``subscription`` unless ``p`` may see its owner: the same NotFound as
    for a missing object. Write functions call it on the object they are handed, whoever looked it up."""
    owner = subscription.owner if subscription is not None else None
    if owner is None or not may_see_account(p, owner):
        raise NotFound(kind, ref, message)


def apply(query, clause):
    return query if clause is None else query.where(clause)
