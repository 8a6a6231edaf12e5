"""The server itself as a managed object: its identity, first-start initialisation and licence."""
from __future__ import annotations

import json

from polypanel.store.models import Account, Setting

from . import accounts, authorization, validation
from .unit_of_work import UnitOfWork
from .errors import Conflict, Invalid

# Admin profile fields accepted at initialisation -> Account columns (None: accepted, not kept).
ADMIN_FIELDS = {"name": "name", "email": "email", "company": "company", "phone": "phone", "fax": None,
                "address": "address", "city": "city", "state": "state", "post_code": "postal_code",
                "country": "country", "locale": "locale", "send_announce": None, "multiple_sessions": None}


def _setting(ctx: UnitOfWork, name: str, default: str = "") -> str:
    row = ctx.session.get(Setting, name)
    return row.value if row is not None else default


def _put(ctx: UnitOfWork, name: str, value: str) -> None:
    row = ctx.session.get(Setting, name)
    if row is None:
        ctx.session.add(Setting(name=name, value=value))
    else:
        row.value = value


def _require_admin(ctx: UnitOfWork) -> None:
    authorization.require(ctx.principal, "server:manage", "Only the administrator may manage the server")


def hostname(ctx: UnitOfWork) -> str:
    return _setting(ctx, "hostname") or ctx.settings.hostname


def guid(ctx: UnitOfWork) -> str:
    return _setting(ctx, "server_guid")


def initialized(ctx: UnitOfWork) -> bool:
    return bool(_setting(ctx, "initialized_at"))


def initialize(ctx: UnitOfWork, *, admin: dict, password: str, server_name: str | None = None) -> None:
    """The first-start set-up (Plesk's ``init``): the admin's contact data and password, the host name.

    It can be done once; afterwards the admin changes these through the usual account calls.
    """
    _require_admin(ctx)
    if initialized(ctx):
        raise Conflict("The server is already initialized")
    if not isinstance(admin, dict):
        raise Invalid("admin", "must be an object")
    unknown = sorted(set(admin) - set(ADMIN_FIELDS))
    if unknown:
        raise Invalid(f"admin.{unknown[0]}", "is not a known field")
    for key in ("name", "email"):
        if not isinstance(admin.get(key), str) or not admin[key].strip():
            raise Invalid(f"admin.{key}", "is required")
    profile = {ADMIN_FIELDS[k]: v for k, v in admin.items() if ADMIN_FIELDS[k] and v is not None}
    name = None
    if server_name:
        _, name = validation.domain_name(server_name, "server_name")
    acc = ctx.session.get(Account, ctx.principal.account_id)
    accounts.update(ctx, acc, password=password, **profile)
    if name:
        _put(ctx, "hostname", name)
    _put(ctx, "initialized_at", ctx.now().isoformat())
    ctx.audit("server:init", "server", "", f"hostname={name or ''}")


def install_license(ctx: UnitOfWork, *, key: str | None = None, code: str | None = None, additional: bool = False) -> None:
    """Keep a licence key or activation code (the panel itself needs none; tools expect the call to work)."""
    _require_admin(ctx)
    key, code = (key or "").strip(), (code or "").strip()
    if not key and not code:
        raise Invalid("key", "a license key or an activation code is required")
    if len(key) > 65536 or len(code) > 255:
        raise Invalid("key" if key else "code", "is too long")
    name = "license_additional" if additional else "license"
    licenses = json.loads(_setting(ctx, name, "[]")) if additional else []
    licenses.append({"key": key, "code": code, "installed_at": ctx.now().isoformat()})
    _put(ctx, name, json.dumps(licenses))
    ctx.audit("server:license", "server", "", "additional" if additional else "main")


def licenses(ctx: UnitOfWork) -> tuple[dict | None, list[dict]]:
    """The licence key installed (or None) and the additional ones, as ``install_license`` kept them."""
    authorization.require(ctx.principal, "server:read", "You may not read the server's licence")
    main = json.loads(_setting(ctx, "license", "[]") or "[]")
    return (main[-1] if main else None), json.loads(_setting(ctx, "license_additional", "[]") or "[]")
