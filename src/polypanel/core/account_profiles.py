"""Accounts with every profile field and their owner, as plain values, in one SQL statement (tenancy
applied): what the Plesk XML API's ``customer.get``/``reseller.get`` show. Changes go through ``accounts``."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from polypanel.store.models import Account

from . import tenancy
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


def _query(ctx: UnitOfWork):
    q = select(*_COLUMNS).outerjoin(_OWNER, _OWNER.id == Account.owner_id)
    return tenancy.apply(q, tenancy.account_filter(ctx.principal))


def get(ctx: UnitOfWork, *, id: int | None = None, login: str | None = None, guid: str | None = None,
        external_id: str | None = None) -> AccountProfile:
    """One visible account; NotFound for a missing one and for one the caller may not see."""
    q = _query(ctx)
    if id is not None:
        q, ref = q.where(Account.id == id), id
    elif login is not None:
        q = q.where(Account.role == "admin") if is_admin_alias(login) else \
            q.where(func.lower(Account.login) == login.lower())
        ref = login
    elif guid is not None:
        q, ref = q.where(Account.guid == guid), guid
    elif external_id is not None:
        if not external_id:
            raise NotFound("account", external_id)
        q, ref = q.where(Account.external_id == external_id), external_id
    else:
        raise Invalid("id", "an id, login, guid or external id is required")
    row = ctx.session.execute(q.limit(1)).first()
    if row is None:
        raise NotFound("account", ref)
    return _profile(row)


def list_(ctx: UnitOfWork, *, role: str | None = None, owner_id: int | None = None) -> list[AccountProfile]:
    q = _query(ctx)
    if role:
        q = q.where(Account.role == role)
    if owner_id is not None:
        q = q.where(Account.owner_id == owner_id)
    return [_profile(r) for r in ctx.session.execute(q.order_by(Account.id))]
