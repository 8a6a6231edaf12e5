"""WHM and cPanel API tokens: a name, ACLs, an optional expiry and IP allow list."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from polypanel.core import issuing
from polypanel.core.unit_of_work import UnitOfWork
from polypanel.core.errors import AlreadyExists, Invalid, NotFound
from polypanel.store.models import Account, ApiToken

from .keys import parse_ips
from .secrets_hash import digest, random_token


def create(ctx: UnitOfWork, *, name: str, acls: list[str] | None = None, expires_at: datetime | None = None,
           ip_allow=None) -> tuple[ApiToken, str]:
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise Invalid("token_name", "is required (at most 50 characters)")
    issuing.check_new(ctx.principal, what="API tokens", ips=parse_ips(ip_allow), scopes=acls or ())
    acc = ctx.session.get(Account, ctx.principal.account_id)
    if ctx.session.scalar(select(ApiToken.id).where(ApiToken.account_id == acc.id, ApiToken.name == name)):
        raise AlreadyExists("API token", name, f"An API token with the name '{name}' already exists")
    if expires_at is not None and expires_at <= ctx.now():
        raise Invalid("expires_at", "must be in the future")
    token = random_token(32)
    row = ApiToken(account_id=acc.id, name=name, token_hash=digest(token), acls=list(acls or []),
                   ip_allow=parse_ips(ip_allow), expires_at=expires_at, created_at=ctx.now())
    ctx.insert(row, "API token", name)
    ctx.audit("api_token:create", "api_token", row.id, name)
    return row, token


def list_(ctx: UnitOfWork) -> list[ApiToken]:
    return list(ctx.session.scalars(select(ApiToken).where(ApiToken.account_id == ctx.principal.account_id).order_by(ApiToken.id)))


def revoke(ctx: UnitOfWork, name: str) -> None:
    row = ctx.session.scalar(select(ApiToken).where(ApiToken.account_id == ctx.principal.account_id, ApiToken.name == name))
    if row is None:
        raise NotFound("API token", name, f"The API token '{name}' does not exist")
    ctx.audit("api_token:revoke", "api_token", row.id, name)
    ctx.session.delete(row)
