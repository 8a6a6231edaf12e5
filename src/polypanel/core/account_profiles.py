"""Accounts with every profile field and their owner, as plain values, in one SQL statement (tenancy
applied; statement built once per caller role and lookup, run straight on the driver as ``account_views``
does): what the Plesk XML API's ``customer.get``/``reseller.get`` show. Changes go through ``accounts``."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from polypanel.store.models import Account

from . import fast_reads, tenancy
from .accounts import is_admin_alias
from .errors import Invalid, NotFound
from .unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class AccountProfile:
    id: int
    guid: str
    login: str
    role: str
    status: str
    owner_id: int | None
    owner_login: str
    owner_role: str
    owner_guid: str
    name: str
    company: str
    email: str
    phone: str
    address: str
    city: str
    state: str
    postal_code: str
    country: str
    locale: str
    external_id: str
    description: str
    created_at: datetime | None
    permissions: dict
    limits: dict


_OWNER = aliased(Account, name="owner")
_COLUMNS = (Account.id, Account.guid, Account.login, Account.role, Account.status, Account.owner_id, _OWNER.login,
            _OWNER.role, _OWNER.guid, Account.name, Account.company, Account.email, Account.phone, Account.address,
            Account.city, Account.state, Account.postal_code, Account.country, Account.locale, Account.external_id,
            Account.description, Account.created_at, Account.permissions, Account.limits)


def _profile(row) -> AccountProfile:
    values = list(row)
    text_fields = range(6, 21)
    for i in text_fields:
        values[i] = values[i] or ""
    values[22] = dict(values[22] or {})
    values[23] = dict(values[23] or {})
    return AccountProfile(*values)


_LOOKUPS = {
    "id": Account.id == bindparam("value"),
    "login": func.lower(Account.login) == bindparam("value"),
    "admin": Account.role == "admin",
    "guid": Account.guid == bindparam("value"),
    "external_id": Account.external_id == bindparam("value"),
}


@cache
def _statement(role: str, by: str):
    """The statement for a caller of ``role``: one account ``by`` a lookup of ``_LOOKUPS``, or ``all``."""
    q = select(*_COLUMNS).outerjoin(_OWNER, _OWNER.id == Account.owner_id)
    clause = tenancy.account_filter_for(role, bindparam("me"))
    if clause is not None:
        q = q.where(clause)
    if by == "all":
        return q.order_by(Account.id)
    return q.where(_LOOKUPS[by]).limit(1)


def _rows(ctx: UnitOfWork, by: str, value=None) -> list[tuple]:
    p = ctx.principal
    params = {"me": p.account_id} if value is None else {"me": p.account_id, "value": value}
    return fast_reads.rows(ctx.connection(), _statement(p.role, by), params)


def get(ctx: UnitOfWork, *, id: int | None = None, login: str | None = None, guid: str | None = None,
        external_id: str | None = None) -> AccountProfile:
    """One visible account; NotFound for a missing one and for one the caller may not see."""
    if id is not None:
        rows, ref = _rows(ctx, "id", id), id
    elif login is not None:
        rows = _rows(ctx, "admin") if is_admin_alias(login) else _rows(ctx, "login", login.lower())
        ref = login
    elif guid is not None:
        rows, ref = _rows(ctx, "guid", guid), guid
    elif external_id is not None:
        if not external_id:
            raise NotFound("account", external_id)
        rows, ref = _rows(ctx, "external_id", external_id), external_id
    else:
        raise Invalid("id", "an id, login, guid or external id is required")
    if not rows:
        raise NotFound("account", ref)
    return _profile(rows[0])


def list_(ctx: UnitOfWork, *, role: str | None = None, owner_id: int | None = None) -> list[AccountProfile]:
    return [_profile(r) for r in _rows(ctx, "all")
            if (not role or r[3] == role) and (owner_id is None or r[5] == owner_id)]
