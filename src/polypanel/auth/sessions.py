"""Login sessions and one-time login keys."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from polypanel.core import accounts, mail, tenancy
from polypanel.core.unit_of_work import UnitOfWork
from polypanel.core.errors import Forbidden, NotFound
from polypanel.store.models import Account, OneTimeKey, Session

from .secrets_hash import digest, random_token

ALPHANUM = "abcdefghijklmnopqrstuvwxyz0123456789"


def open_session(ctx: UnitOfWork, *, kind: str, login: str | None = None, bind_ip: str | None = None,
                 idle_seconds: int = 3600, absolute_seconds: int = 86400) -> tuple[Session, str]:
    """Open a session for ``login`` (default: the caller; another login is impersonation and
    needs the right to manage it). ``bind_ip`` "" leaves it unbound; None binds it to the caller."""
    target = accounts.get(ctx, login=login) if login else ctx.session.get(Account, ctx.principal.account_id)
    if target.id != ctx.principal.account_id and not tenancy.may_manage_account(ctx.principal, target):
        raise Forbidden("You may not open a session for this login")
    token = random_token(32, ALPHANUM)
    now = ctx.now()
    # a session never reaches wider than the credential that opened it: a mail account's login stays one
    subject = mail.mailbox_of(ctx.principal) or ""
    row = Session(token_hash=digest(token), kind=kind, account_id=target.id, actor_id=ctx.principal.actor_id,
                  ip=ctx.principal.source_ip if bind_ip is None else bind_ip, created_at=now, last_used_at=now,
                  idle_seconds=idle_seconds, expires_at=now + timedelta(seconds=absolute_seconds), subject=subject)
    ctx.session.add(row)
    ctx.session.flush()
    ctx.audit("session:create", "session", row.id, f"kind={kind} login={target.login}")
    return row, token


def list_sessions(ctx: UnitOfWork, *, kind: str | None = None) -> list[Session]:
    q = select(Session).join(Account, Session.account_id == Account.id).where(Session.expires_at > ctx.now())
    q = tenancy.apply(q, tenancy.account_filter(ctx.principal))
    if kind:
        q = q.where(Session.kind == kind)
    return list(ctx.session.scalars(q.order_by(Session.id)))


def close_session(ctx: UnitOfWork, token: str) -> None:
    row = ctx.session.scalar(select(Session).where(Session.token_hash == digest(token or "")))
    if row is None:
        raise NotFound("session", None, "Session does not exist")
    ctx.session.delete(row)


def purge_expired(ctx: UnitOfWork) -> int:
    return ctx.session.execute(delete(Session).where(Session.expires_at <= ctx.now())).rowcount


def one_time_key(ctx: UnitOfWork, *, login: str | None = None, bind_ip: str = "", ttl_seconds: int = 60,
                 listed: bool = False) -> str:
    """A single-use login key. ``listed``: Plesk's create_session, whose key is also the session id
    that session.get lists (and session.terminate takes) until it is redeemed or expires."""
    target = accounts.get(ctx, login=login) if login else ctx.session.get(Account, ctx.principal.account_id)
    if target.id != ctx.principal.account_id and not tenancy.may_manage_account(ctx.principal, target):
        raise Forbidden("You may not create a login key for this login")
    key = random_token(32, ALPHANUM)
    ctx.session.add(OneTimeKey(key_hash=digest(key), account_id=target.id, actor_id=ctx.principal.actor_id,
                               ip=bind_ip, expires_at=ctx.now() + timedelta(seconds=ttl_seconds),
                               listed_token=key if listed else ""))
    ctx.audit("one_time_key:create", "account", target.id)
    return key


def listed_keys(ctx: UnitOfWork) -> list[OneTimeKey]:
    """Pending listed login keys (see ``one_time_key``) of the accounts the caller may see."""
    q = select(OneTimeKey).join(Account, OneTimeKey.account_id == Account.id).where(
        OneTimeKey.listed_token != "", OneTimeKey.used_at.is_(None), OneTimeKey.expires_at > ctx.now())
    q = tenancy.apply(q, tenancy.account_filter(ctx.principal))
    return list(ctx.session.scalars(q.order_by(OneTimeKey.id)))


def cancel_listed_key(ctx: UnitOfWork, token: str) -> bool:
    """Withdraw a pending listed key by its token; False when the caller has no such key."""
    for row in listed_keys(ctx):
        if row.key_hash == digest(token or ""):
            ctx.audit("one_time_key:cancel", "account", row.account_id)
            ctx.session.delete(row)
            return True
    return False


MIN_CHOSEN_KEY = 16
MAX_CHOSEN_KEY = 256


def chosen_one_time_key(ctx: UnitOfWork, *, login: str, key: str, ttl_seconds: int = 3600, bind_ip: str = "") -> None:
    """Store a login key the caller chose (ISPmanager's ``session.newkey``): hashed, single use,
    expiring after ``ttl_seconds``; only the administrator may make one, for an active account."""
    from polypanel.core.errors import Invalid

    if not ctx.principal.is_admin:
        raise Forbidden("Only the administrator may create login keys")
    key = key or ""
    if not MIN_CHOSEN_KEY <= len(key) <= MAX_CHOSEN_KEY or not key.isprintable() or key != key.strip():
        raise Invalid("key", f"must be {MIN_CHOSEN_KEY} to {MAX_CHOSEN_KEY} printable characters")
    target = accounts.get(ctx, login=login)
    if ctx.session.scalar(select(OneTimeKey.id).where(OneTimeKey.key_hash == digest(key))) is not None:
        raise Invalid("key", "this key was used already; choose another")
    ctx.session.add(OneTimeKey(key_hash=digest(key), account_id=target.id, actor_id=ctx.principal.actor_id,
                               ip=bind_ip, expires_at=ctx.now() + timedelta(seconds=ttl_seconds)))
    ctx.audit("one_time_key:create", "account", target.id)


def close_session_by_id(ctx: UnitOfWork, session_id: int, *, kind: str | None = None) -> None:
    """Close a session the caller may see (its own, or one of an account it manages), by its row id."""
    q = select(Session).join(Account, Session.account_id == Account.id).where(Session.id == session_id)
    q = tenancy.apply(q, tenancy.account_filter(ctx.principal))
    if kind:
        q = q.where(Session.kind == kind)
    row = ctx.session.scalar(q)
    if row is None:
        raise NotFound("session", session_id, "Session does not exist")
    ctx.audit("session:close", "session", row.id, f"kind={row.kind}")
    ctx.session.delete(row)
