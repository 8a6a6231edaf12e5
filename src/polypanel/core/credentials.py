"""Removing an account's credentials when the account goes."""
from __future__ import annotations

from sqlalchemy import delete, or_

from polypanel.store.models import Account, ApiToken, OneTimeKey, SecretKey, Session

from .unit_of_work import UnitOfWork


def delete_all_for(ctx: UnitOfWork, acc: Account) -> None:
    s = ctx.session
    s.execute(delete(SecretKey).where(SecretKey.account_id == acc.id))
    s.execute(delete(ApiToken).where(ApiToken.account_id == acc.id))
    s.execute(delete(Session).where(or_(Session.account_id == acc.id, Session.actor_id == acc.id)))
    s.execute(delete(OneTimeKey).where(or_(OneTimeKey.account_id == acc.id, OneTimeKey.actor_id == acc.id)))
