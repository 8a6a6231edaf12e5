"""Accounts as plain values, what every API shows of them: read with one SQL statement (owner
joined, tenancy applied, statement cached), no ORM objects and no lazy loads. Lookups use these;
changes go through ``accounts`` and its ORM rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from functools import cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from polypanel.store.models import Account

from . import fast_reads, tenancy
from .unit_of_work import UnitOfWork
from .errors import NotFound


@dataclass(frozen=True, slots=True)
class AccountView:
    id: int
    guid: str
    login: str
    role: str
    status: str
    effective_status: str  # suspended when the account or its reseller is
    owner_id: int | None
    owner_login: str
    name: str
    company: str
    email: str
    phone: str
    locale: str
    external_id: str
    description: str
    created_at: datetime | None


_OWNER = aliased(Account, name="owner")
_SELECT = select(
    Account.id, Account.guid, Account.login, Account.role, Account.status, Account.owner_id,
    _OWNER.login, _OWNER.role, _OWNER.status, Account.name, Account.company, Account.email, Account.phone,
    Account.locale, Account.external_id, Account.description, Account.created_at,
).outerjoin(_OWNER, _OWNER.id == Account.owner_id)


def _view(row) -> AccountView:
    (id_, guid, login, role, status, owner_id, owner_login, owner_role, owner_status, name, company, email, phone,
     locale, external_id, description, created_at) = row
    effective = status
    if status == "active" and owner_role == "reseller" and owner_status != "active":
        effective = "suspended"
    return AccountView(id_, guid, login, role, status, effective, owner_id, owner_login or "", name or "",
                       company or "", email or "", phone or "", locale or "", external_id or "", description or "",
                       created_at)


@cache
def _statement(role: str, by: str):
    query = _SELECT
    clause = tenancy.account_filter_for(role, bindparam("me"))  # compiled once per role
    if clause is not None:
        query = query.where(clause)
    if by == "id":
        query = query.where(Account.id == bindparam("id"))
    elif by == "login":
        query = query.where(func.lower(Account.login) == bindparam("login"))
    elif by == "all":
        query = query.order_by(Account.id)
    return query


def _rows(ctx: UnitOfWork, by: str, **params):
    p = ctx.principal
    return fast_reads.rows(ctx.connection(), _statement(p.role, by), {"me": p.account_id, **params})


def get(ctx: UnitOfWork, *, id: int | None = None, login: str | None = None) -> AccountView:
    """One visible account; NotFound for a missing one and for one the caller may not see."""
    if id is not None:
        rows = _rows(ctx, "id", id=id)
    elif login is not None:
        rows = _rows(ctx, "login", login=login.lower())
    else:
        rows = []
    if not rows:
        raise NotFound("account", id if id is not None else login)
    return _view(rows[0])


def list_(ctx: UnitOfWork, *, role: str | None = None, owner_id: int | None = None) -> list[AccountView]:
    views = [_view(r) for r in _rows(ctx, "all")]
    return [v for v in views if (not role or v.role == role) and (owner_id is None or v.owner_id == owner_id)]
