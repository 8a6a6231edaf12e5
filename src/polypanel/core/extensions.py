"""Panel extensions: which are installed and active.

The panel has no extension runtime; the list is kept so that tools which install, list,
enable and remove extensions see consistent answers. The built-in ones stand for parts of
the panel itself and cannot be removed or disabled.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

from polypanel.store.models import Setting

from . import authorization
from .unit_of_work import UnitOfWork
from .errors import Forbidden, Invalid, NotFound

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$", re.IGNORECASE)


@dataclass
class Extension:
    id: str
    name: str
    version: str
    release: str
    active: bool
    builtin: bool = False


BUILTIN = (Extension("rest-api", "REST API", "1.1.0", "1", True, True),)


def _load(ctx: UnitOfWork) -> list[Extension]:
    row = ctx.session.get(Setting, "extensions")
    stored = [Extension(**e) for e in json.loads(row.value)] if row is not None and row.value else []
    return list(BUILTIN) + stored


def _save(ctx: UnitOfWork, items: list[Extension]) -> None:
    value = json.dumps([asdict(e) for e in items if not e.builtin])
    row = ctx.session.get(Setting, "extensions")
    if row is None:
        ctx.session.add(Setting(name="extensions", value=value))
    else:
        row.value = value


def _require_admin(ctx: UnitOfWork) -> None:
    authorization.require(ctx.principal, "extensions:manage", "Only the administrator may manage extensions")


def list_(ctx: UnitOfWork) -> list[Extension]:
    return _load(ctx)


def get(ctx: UnitOfWork, ext_id: str) -> Extension:
    for e in _load(ctx):
        if e.id == ext_id:
            return e
    raise NotFound("extension", ext_id, "Extension is not installed")


def install(ctx: UnitOfWork, *, ext_id: str | None = None, url: str | None = None, file: str | None = None) -> Extension:
    _require_admin(ctx)
    if url or file:
        raise Invalid("url" if url else "file", "installing from a URL or a file is not supported; give the extension id")
    ext_id = (ext_id or "").strip()
    if not ID_RE.match(ext_id):
        raise Invalid("id", "an extension id (letters, digits, '-', '_' and '.') is required")
    items = _load(ctx)
    for e in items:
        if e.id == ext_id:
            return e
    ext = Extension(ext_id, ext_id, "1.0.0", "1", True)
    _save(ctx, items + [ext])
    ctx.audit("extension:install", "extension", ext_id)
    return ext


def remove(ctx: UnitOfWork, ext_id: str) -> None:
    _require_admin(ctx)
    ext = get(ctx, ext_id)
    if ext.builtin:
        raise Forbidden(f"The extension {ext_id} is a part of the panel and cannot be removed")
    _save(ctx, [e for e in _load(ctx) if e.id != ext_id])
    ctx.audit("extension:remove", "extension", ext_id)


def set_active(ctx: UnitOfWork, ext_id: str, active: bool) -> None:
    _require_admin(ctx)
    ext = get(ctx, ext_id)
    if ext.builtin:
        if not active:
            raise Forbidden(f"The extension {ext_id} is a part of the panel and cannot be disabled")
        return
    items = _load(ctx)
    for e in items:
        if e.id == ext_id:
            e.active = active
    _save(ctx, items)
    ctx.audit(f"extension:{'enable' if active else 'disable'}", "extension", ext_id)
