"""Plesk secret keys (the XML API ``KEY`` header and the REST ``X-API-Key``): issue, list, revoke."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from polypanel.core import accounts, issuing, tenancy, validation
from polypanel.core.unit_of_work import UnitOfWork
from polypanel.core.errors import Forbidden, NotFound
from polypanel.store.models import Account, SecretKey

from .secrets_hash import digest


def parse_ips(value) -> list[str]:
    """IPs given as a list, or as one comma/space separated string; each validated."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).replace(",", " ").split()
    out = []
    for item in items:
        for part in str(item).replace(",", " ").split():
            out.append(validation.ip_or_network(part, "ip_address"))
    return out


def create(ctx: UnitOfWork, *, login: str | None = None, ips=None, description: str = "",
           proofs=issuing.PROOF) -> tuple[SecretKey, str]:
    """Issue a key for ``login`` (default: the caller). Returns the row and the key, shown only now.

    Without an IP the key is bound to the caller's address, as Plesk does. Only a caller who
    proved the password may do it, and never wider than its own credential (core.issuing).
    """
    issuing.check_method(ctx.principal, what="keys", proofs=proofs)
    owner = accounts.get(ctx, login=login) if login else ctx.session.get(Account, ctx.principal.account_id)
    if owner.id != ctx.principal.account_id and not tenancy.may_manage_account(ctx.principal, owner):
        raise Forbidden("You may not create keys for this login")
    if owner.status != "active":
        raise Forbidden(f"The account {owner.login} is not active")
    bound = parse_ips(ips)
    if not bound and ctx.principal.source_ip:
        bound = [ctx.principal.source_ip]
    issuing.check_new(ctx.principal, what="keys", ips=bound, proofs=proofs)
    key = str(uuid.uuid4())
    row = SecretKey(key_hash=digest(key), hint=key[:8], account_id=owner.id, ips=bound,
                    description=(description or "")[:1000], created_at=ctx.now())
    ctx.session.add(row)
    ctx.session.flush()
    row.account = owner
    ctx.audit("secret_key:create", "secret_key", row.id, f"login={owner.login} hint={row.hint}")
    return row, key


def _visible(ctx: UnitOfWork):
    q = select(SecretKey).join(Account, SecretKey.account_id == Account.id)
    return tenancy.apply(q, tenancy.account_filter(ctx.principal))


def list_(ctx: UnitOfWork, *, login: str | None = None) -> list[SecretKey]:
    q = _visible(ctx)
    if login:
        q = q.where(SecretKey.account_id == accounts.get(ctx, login=login).id)
    return list(ctx.session.scalars(q.order_by(SecretKey.id)))


def get(ctx: UnitOfWork, key: str) -> SecretKey:
    """A key by its full value, or by the hint shown in listings when that is unique."""
    row = ctx.session.scalar(_visible(ctx).where(SecretKey.key_hash == digest(key or "")))
    if row is None and key and len(key) >= 8 and len(key) < 36:
        rows = list(ctx.session.scalars(_visible(ctx).where(SecretKey.hint == key[:8])))
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise NotFound("key", None, "Key does not exist")
    return row


def delete(ctx: UnitOfWork, key: str) -> None:
    row = get(ctx, key)
    ctx.audit("secret_key:delete", "secret_key", row.id, f"hint={row.hint}")
    ctx.session.delete(row)
    ctx.session.flush()
