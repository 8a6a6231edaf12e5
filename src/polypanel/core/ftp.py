"""FTP accounts of a subscription (besides the subscription's own system user)."""
from __future__ import annotations

from sqlalchemy import select

from polypanel.store.models import FtpUser, Subscription

from . import tenancy, validation, vocabulary, webspaces
from .unit_of_work import UnitOfWork
from .errors import Invalid, NotFound
from .password_hashes import crypt_sha512


def _visible(ctx: UnitOfWork):
    q = select(FtpUser).join(Subscription, FtpUser.subscription_id == Subscription.id)
    return tenancy.apply(q, tenancy.owner_filter(ctx.principal, Subscription.owner_id))


def list_(ctx: UnitOfWork, *, subscription_id: int | None = None, login: str | None = None) -> list[FtpUser]:
    q = _visible(ctx)
    if subscription_id is not None:
        q = q.where(FtpUser.subscription_id == subscription_id)
    if login is not None:
        q = q.where(FtpUser.login == login)
    return list(ctx.session.scalars(q.order_by(FtpUser.id)))


def get(ctx: UnitOfWork, *, login: str | None = None, id: int | None = None) -> FtpUser:
    q = _visible(ctx)
    q = q.where(FtpUser.login == login) if login is not None else q.where(FtpUser.id == id)
    user = ctx.session.scalar(q)
    if user is None:
        raise NotFound("FTP user", login or id, f"The FTP user {login or id} is not found")
    return user


def _check_home(home: str) -> str:
    home = "/" + (home or "").strip().strip("/")
    if ".." in home.split("/") or "\0" in home:
        raise Invalid("home", "must be a path inside the subscription, without '..'")
    return home


def create(ctx: UnitOfWork, *, subscription: Subscription, login: str, password: str, home: str = "/",
           quota_mb: int = -1, can_read: bool = True, can_write: bool = True) -> FtpUser:
    tenancy.require(ctx.principal, subscription, "subscription", subscription.id)
    login = validation.login(login, "name")
    validation.password(password)
    webspaces.check_ftp_login_free(ctx, login, "FTP user", "name")
    webspaces.check_limit(ctx, subscription, "max_ftp_users",
                              webspaces.usage(ctx, subscription)["ftp_users"], "FTP users")
    user = FtpUser(subscription_id=subscription.id, login=login, password_hash=crypt_sha512(password),
                   home=_check_home(home), quota_mb=validation.quota(quota_mb), can_read=bool(can_read),
                   can_write=bool(can_write), created_at=ctx.now())
    ctx.insert(user, "FTP user", login)
    user.subscription = subscription
    ctx.enqueue(vocabulary.ftp())
    ctx.audit("ftp_user:create", "ftp_user", user.id, login)
    return user


def update(ctx: UnitOfWork, user: FtpUser, *, login: str | None = None, password: str | None = None,
           home: str | None = None, quota_mb=None, can_read: bool | None = None, can_write: bool | None = None) -> FtpUser:
    _require(ctx, user)
    if login is not None and login != user.login:
        login = validation.login(login, "name")
        webspaces.check_ftp_login_free(ctx, login, "FTP user", "name")
        user.login = login
    if password is not None:
        validation.password(password)
        user.password_hash = crypt_sha512(password)
    if home is not None:
        user.home = _check_home(home)
    if quota_mb is not None:
        user.quota_mb = validation.quota(quota_mb)
    if can_read is not None:
        user.can_read = bool(can_read)
    if can_write is not None:
        user.can_write = bool(can_write)
    ctx.enqueue(vocabulary.ftp())
    ctx.audit("ftp_user:update", "ftp_user", user.id, user.login)
    return user


def _require(ctx: UnitOfWork, user: FtpUser) -> None:
    tenancy.require(ctx.principal, user.subscription, "FTP user", user.login, f"The FTP user {user.login} is not found")


def delete(ctx: UnitOfWork, user: FtpUser) -> None:
    _require(ctx, user)
    ctx.enqueue(vocabulary.ftp())
    ctx.audit("ftp_user:delete", "ftp_user", user.id, user.login)
    ctx.session.delete(user)
    ctx.session.flush()
