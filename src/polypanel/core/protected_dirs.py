"""Password-protected directories of a site (Plesk's protected-dir): HTTP basic authentication
that the web server asks for below a path of the site, with the directory's own users."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from polypanel.store.models import Domain, ProtectedDir, ProtectedDirUser, Subscription

from . import tenancy, validation, vocabulary
from .errors import AlreadyExists, Invalid, LimitExceeded, NotFound
from .password_hashes import crypt_sha512
from .unit_of_work import UnitOfWork

SEGMENT = re.compile(r"^[A-Za-z0-9_~@+-][A-Za-z0-9._~@+-]{0,63}$")
LOGIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
REALM_UNSAFE = re.compile(r'["\\$;{}\x00-\x1f\x7f]')
MAX_DIRS_PER_SITE = 100
MAX_USERS_PER_DIR = 500
SITE_KINDS = ("main", "addon", "subdomain")


def check_path(value: str | None) -> str:
    """A directory below the document root: ``"/"`` (all of the site) is ``""``; segments of
    letters, digits and ``._~@+-``, none of them ``.`` or ``..``."""
    raw = (value or "").strip()
    if not raw:
        raise Invalid("name", "the directory is required ('/' for the whole site)")
    if len(raw) > 255:
        raise Invalid("name", "must be at most 255 characters")
    parts = [p for p in raw.strip("/").split("/")]
    if parts == [""]:
        return ""
    for part in parts:
        if not SEGMENT.match(part) or part in (".", ".."):
            raise Invalid("name", f"'{raw[:64]}' is not a directory name (letters, digits, '._~@+-' between '/')")
    return "/".join(parts)


def check_realm(value: str | None) -> str:
    realm = (value or "").strip()
    if len(realm) > 255 or REALM_UNSAFE.search(realm):
        raise Invalid("header", "must be at most 255 characters without quotes, '\\', '$', ';', braces or controls")
    return realm


def _visible(ctx: UnitOfWork):
    q = select(ProtectedDir).join(Domain, ProtectedDir.domain_id == Domain.id).join(
        Subscription, Domain.subscription_id == Subscription.id)
    return tenancy.apply(q, tenancy.owner_filter(ctx.principal, Subscription.owner_id))


def list_(ctx: UnitOfWork, *, domain_id: int | None = None) -> list[ProtectedDir]:
    q = _visible(ctx)
    if domain_id is not None:
        q = q.where(ProtectedDir.domain_id == domain_id)
    return list(ctx.session.scalars(q.order_by(ProtectedDir.id)))


def get(ctx: UnitOfWork, dir_id: int) -> ProtectedDir:
    pd = ctx.session.scalar(_visible(ctx).where(ProtectedDir.id == dir_id))
    if pd is None:
        raise NotFound("protected directory", dir_id, "Protected directory does not exist")
    return pd


def _require(ctx: UnitOfWork, pd: ProtectedDir) -> None:
    tenancy.require(ctx.principal, pd.domain.subscription, "protected directory", pd.id,
                    "Protected directory does not exist")


def _check_free(ctx: UnitOfWork, domain: Domain, path: str, own_id: int | None) -> None:
    clash = ctx.session.scalar(select(ProtectedDir.id).where(ProtectedDir.domain_id == domain.id,
                                                             ProtectedDir.path == path))
    if clash is not None and clash != own_id:
        raise AlreadyExists("protected directory", path or "/", f"The directory '/{path}' is protected already")


def create(ctx: UnitOfWork, *, domain: Domain, path: str, realm: str = "") -> ProtectedDir:
    tenancy.require(ctx.principal, domain.subscription, "site", domain.id)
    if domain.kind not in SITE_KINDS or domain.hosting_type != "virtual":
        raise Invalid("site-id", "protected directories need a site with web hosting")
    path, realm = check_path(path), check_realm(realm)
    _check_free(ctx, domain, path, None)
    count = ctx.session.scalar(select(func.count()).select_from(ProtectedDir).where(ProtectedDir.domain_id == domain.id))
    if count >= MAX_DIRS_PER_SITE:
        raise LimitExceeded("protected_dirs", MAX_DIRS_PER_SITE, f"A site may have at most {MAX_DIRS_PER_SITE} "
                                                                 "protected directories")
    pd = ProtectedDir(domain_id=domain.id, path=path, realm=realm, created_at=ctx.now())
    ctx.session.add(pd)
    ctx.session.flush()
    pd.domain = domain
    ctx.enqueue(vocabulary.web(domain.ascii_name))
    ctx.audit("protected_dir:create", "protected_dir", pd.id, f"{domain.ascii_name}/{path}")
    return pd


def update(ctx: UnitOfWork, pd: ProtectedDir, *, path: str | None = None, realm: str | None = None) -> ProtectedDir:
    _require(ctx, pd)
    if path is not None:
        path = check_path(path)
        _check_free(ctx, pd.domain, path, pd.id)
        pd.path = path
    if realm is not None:
        pd.realm = check_realm(realm)
    ctx.enqueue(vocabulary.web(pd.domain.ascii_name))
    ctx.audit("protected_dir:update", "protected_dir", pd.id)
    return pd


def delete(ctx: UnitOfWork, pd: ProtectedDir) -> None:
    _require(ctx, pd)
    ctx.enqueue(vocabulary.web(pd.domain.ascii_name))
    ctx.audit("protected_dir:delete", "protected_dir", pd.id, f"{pd.domain.ascii_name}/{pd.path}")
    ctx.session.delete(pd)
    ctx.session.flush()


def _login(value: str | None) -> str:
    login = (value or "").strip()
    if not LOGIN.match(login):
        raise Invalid("login", "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return login


def add_user(ctx: UnitOfWork, pd: ProtectedDir, *, login: str, password: str) -> ProtectedDirUser:
    _require(ctx, pd)
    login = _login(login)
    validation.password(password)
    if any(u.login == login for u in pd.users):
        raise AlreadyExists("protected directory user", login, f"The user '{login}' exists already")
    if len(pd.users) >= MAX_USERS_PER_DIR:
        raise LimitExceeded("protected_dir_users", MAX_USERS_PER_DIR,
                            f"A protected directory may have at most {MAX_USERS_PER_DIR} users")
    user = ProtectedDirUser(login=login, password_hash=crypt_sha512(password), created_at=ctx.now())
    pd.users.append(user)
    ctx.session.flush()
    ctx.enqueue(vocabulary.web(pd.domain.ascii_name))
    ctx.audit("protected_dir:add_user", "protected_dir", pd.id, login)
    return user


def get_user(ctx: UnitOfWork, user_id: int) -> ProtectedDirUser:
    user = ctx.session.scalar(select(ProtectedDirUser).where(
        ProtectedDirUser.id == user_id, ProtectedDirUser.dir_id.in_(_visible(ctx).with_only_columns(ProtectedDir.id))))
    if user is None:
        raise NotFound("protected directory user", user_id, "Protected directory user does not exist")
    return user


def update_user(ctx: UnitOfWork, user: ProtectedDirUser, *, login: str | None = None,
                password: str | None = None) -> ProtectedDirUser:
    pd = user.directory
    _require(ctx, pd)
    if login is not None:
        login = _login(login)
        if any(u.login == login and u.id != user.id for u in pd.users):
            raise AlreadyExists("protected directory user", login, f"The user '{login}' exists already")
        user.login = login
    if password is not None:
        validation.password(password)
        user.password_hash = crypt_sha512(password)
    ctx.enqueue(vocabulary.web(pd.domain.ascii_name))
    ctx.audit("protected_dir:update_user", "protected_dir", pd.id, user.login)
    return user


def delete_user(ctx: UnitOfWork, user: ProtectedDirUser) -> None:
    pd = user.directory
    _require(ctx, pd)
    pd.users.remove(user)
    ctx.session.flush()
    ctx.enqueue(vocabulary.web(pd.domain.ascii_name))
    ctx.audit("protected_dir:delete_user", "protected_dir", pd.id, user.login)
