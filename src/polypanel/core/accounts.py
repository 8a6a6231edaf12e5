"""Administrators, resellers and customers."""
from __future__ import annotations

from sqlalchemy import func, select

from polypanel.store.models import Account, Subscription

from . import authorization, tenancy, validation, vocabulary
from .unit_of_work import UnitOfWork
from .errors import AlreadyExists, Forbidden, Invalid, LimitExceeded, NotFound
from .password_hashes import hash_login_password

ROLES = ("admin", "reseller", "customer")
# Other names of the administrator: Plesk's "root" (Linux) and "administrator" (Windows); cPanel's "root".
ADMIN_ALIASES = ("root", "administrator")


def is_admin_alias(login: str) -> bool:
    return (login or "").strip().lower() in ADMIN_ALIASES
STATUSES = ("active", "suspended")
PROFILE_FIELDS = (
    "name", "company", "email", "phone", "address", "city", "state", "postal_code",
    "country", "locale", "description", "external_id",
)


def _lookup(ctx: UnitOfWork, clause) -> Account | None:
    q = tenancy.apply(select(Account).where(clause), tenancy.account_filter(ctx.principal))
    return ctx.session.scalar(q)


def get(ctx: UnitOfWork, *, id: int | None = None, login: str | None = None, guid: str | None = None,
        external_id: str | None = None) -> Account:
    """One visible account; NotFound for a missing one and for one the caller may not see."""
    if id is not None:
        acc = _lookup(ctx, Account.id == id)
        ref = id
    elif login is not None:
        acc = _lookup(ctx, func.lower(Account.login) == login.lower()) if not is_admin_alias(login) else \
            _lookup(ctx, Account.role == "admin")
        ref = login
    elif guid is not None:
        acc = _lookup(ctx, Account.guid == guid)
        ref = guid
    elif external_id is not None:
        acc = _lookup(ctx, Account.external_id == external_id) if external_id else None
        ref = external_id
    else:
        raise Invalid("id", "an id, login, guid or external id is required")
    if acc is None:
        raise NotFound("account", ref)
    return acc


def list_(ctx: UnitOfWork, *, role: str | None = None, owner_id: int | None = None) -> list[Account]:
    q = tenancy.apply(select(Account), tenancy.account_filter(ctx.principal))
    if role:
        q = q.where(Account.role == role)
    if owner_id is not None:
        q = q.where(Account.owner_id == owner_id)
    return list(ctx.session.scalars(q.order_by(Account.id)))


def _resolve_owner(ctx: UnitOfWork, role: str, owner_login: str | None, owner_id: int | None) -> Account:
    p = ctx.principal
    if owner_login or owner_id:
        owner = get(ctx, login=owner_login) if owner_login else get(ctx, id=owner_id)
    else:
        owner = ctx.session.get(Account, p.account_id)
    if role == "reseller" and owner.role != "admin":
        raise Invalid("owner_login", "a reseller must belong to the administrator")
    if role == "customer" and owner.role not in ("admin", "reseller"):
        raise Invalid("owner_login", "a customer must belong to the administrator or a reseller")
    if not p.is_admin and owner.id != p.account_id:
        raise Forbidden("You may create accounts only for yourself")
    return owner


def _check_reseller_limit(ctx: UnitOfWork, owner: Account) -> None:
    limit = (owner.limits or {}).get("max_customers", -1)
    if owner.role == "reseller" and limit is not None and int(limit) >= 0:
        count = ctx.session.scalar(select(func.count()).select_from(Account).where(Account.owner_id == owner.id))
        if count >= int(limit):
            raise LimitExceeded("max_customers", int(limit), f"The reseller {owner.login} may have at most {limit} customers")


def create(ctx: UnitOfWork, *, role: str, login: str, password: str, owner_login: str | None = None,
           owner_id: int | None = None, status: str = "active", permissions: dict | None = None,
           limits: dict | None = None, plan_id: int | None = None, **profile) -> Account:
    p = ctx.principal
    if role not in ("reseller", "customer"):
        raise Invalid("type", f"'{role}' is not a role that can be created (reseller or customer)")
    authorization.require(p, f"accounts:create_{role}", "You may not create accounts of this type")
    login = validation.login(login)
    validation.password(password, strength=ctx.settings.password_strength)
    _check_profile(profile)
    if status not in STATUSES:
        raise Invalid("status", f"'{status}' is not a valid status")
    owner = _resolve_owner(ctx, role, owner_login, owner_id)
    _check_reseller_limit(ctx, owner)
    if ctx.session.scalar(select(Account.id).where(func.lower(Account.login) == login.lower())):
        raise AlreadyExists("account", login, f"Account with the login '{login}' already exists")
    acc = Account(
        login=login, role=role, owner_id=owner.id, status=status, password_hash=hash_login_password(password),
        permissions=permissions or {}, limits=limits or {}, plan_id=plan_id, created_at=ctx.now(),
        **{k: (v if v is not None else "") for k, v in profile.items()},
    )
    if not acc.name:
        acc.name = login
    ctx.insert(acc, "account", login)
    ctx.audit(f"{role}:create", "account", acc.id, f"login={login}")
    return acc


def _check_profile(profile: dict) -> None:
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise Invalid(sorted(unknown)[0], "is not a known field")
    if "email" in profile and profile["email"] is not None:
        profile["email"] = validation.email(profile["email"])
    if "name" in profile and profile["name"] is not None and (not isinstance(profile["name"], str)
                                                               or not profile["name"].strip()):
        raise Invalid("name", "is required" if isinstance(profile["name"], str) else "must be a string")
    for key, value in profile.items():
        if value is not None and not isinstance(value, str):
            raise Invalid(key, "must be a string")
        limit = getattr(Account.__table__.c[key].type, "length", None)
        if value is not None and limit is not None and len(value) > limit:
            raise Invalid(key, f"is too long (at most {limit} characters)")


def update(ctx: UnitOfWork, acc: Account, *, login: str | None = None, password: str | None = None,
           status: str | None = None, owner_login: str | None = None, permissions: dict | None = None,
           limits: dict | None = None, **profile) -> Account:
    p = ctx.principal
    self_edit = acc.id == p.account_id
    if not self_edit and not tenancy.may_manage_account(p, acc):
        raise Forbidden("You may not change this account")
    _check_profile(profile)
    if login is not None and login != acc.login:
        if acc.role == "admin":
            raise Invalid("login", "the administrator's login cannot be changed")
        login = validation.login(login)
        if ctx.session.scalar(select(Account.id).where(func.lower(Account.login) == login.lower(), Account.id != acc.id)):
            raise AlreadyExists("account", login, f"Account with the login '{login}' already exists")
        acc.login = login
    if password is not None:
        validation.password(password, strength=ctx.settings.password_strength)
        acc.password_hash = hash_login_password(password)
    if status is not None:
        if status not in STATUSES:
            raise Invalid("status", f"'{status}' is not a valid status")
        if self_edit and acc.role != "customer" and status != "active":
            raise Forbidden("You may not suspend yourself")
        if self_edit and not p.is_admin:
            raise Forbidden("You may not change your own status")
        set_status(ctx, acc, status)
    if owner_login is not None:
        if not p.is_admin:
            raise Forbidden("Only the administrator may move accounts between owners")
        if acc.role != "customer":
            raise Invalid("owner_login", "only customers can change owner")
        new_owner = get(ctx, login=owner_login)
        if new_owner.role not in ("admin", "reseller"):
            raise Invalid("owner_login", "the new owner must be the administrator or a reseller")
        acc.owner_id = new_owner.id
    if permissions is not None:
        if not p.is_admin:
            raise Forbidden("Only the administrator may change permissions")
        acc.permissions = {**(acc.permissions or {}), **permissions}
    if limits is not None:
        if not p.is_admin and not (p.is_reseller and acc.owner_id == p.account_id):
            raise Forbidden("You may not change limits of this account")
        acc.limits = {**(acc.limits or {}), **limits}
    for key, value in profile.items():
        if value is not None:
            setattr(acc, key, value)
    ctx.session.flush()
    ctx.audit(f"{acc.role}:update", "account", acc.id, ",".join(sorted(
        [k for k, v in profile.items() if v is not None] + (["password"] if password is not None else []))))
    return acc


def set_status(ctx: UnitOfWork, acc: Account, status: str) -> None:
    if not tenancy.may_manage_account(ctx.principal, acc):
        raise Forbidden("You may not change this account")
    if status not in STATUSES:
        raise Invalid("status", f"'{status}' is not a valid status")
    acc.status = status
    owned = list(ctx.session.scalars(
        select(Subscription).where(
            (Subscription.owner_id == acc.id)
            | Subscription.owner_id.in_(select(Account.id).where(Account.owner_id == acc.id))
        )
    ))
    for sub in owned:  # the subscriptions of a suspended account stop serving
        for d in sub.domains:
            ctx.enqueue(vocabulary.web(d.ascii_name))
    ctx.audit(f"{acc.role}:{'suspend' if status == 'suspended' else 'activate'}", "account", acc.id)


def effective_status(acc: Account) -> str:
    """An account is suspended when it or its reseller is."""
    if acc.status != "active":
        return acc.status
    if acc.owner is not None and acc.owner.role == "reseller" and acc.owner.status != "active":
        return "suspended"
    return "active"
