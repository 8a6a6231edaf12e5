"""Named lists of WHM privileges (cPanel's saved ACL lists).

The administrator saves a list under a name (``saveacllist``) and gives a reseller all of its
privileges at once (``setacls acllist=NAME``); the reseller's privileges are then stored as if each
had been set on its own (``whm_acls.permissions_for``), so a later change to the list does not
change resellers it was applied to (as on cPanel, where the list is copied into the reseller's ACLs).
"""
from __future__ import annotations

import re

from sqlalchemy import select

from polypanel.store.models import Account, AclList

from . import accounts, whm_acls
from .errors import Forbidden, Invalid, NotFound
from .unit_of_work import UnitOfWork

# cPanel refuses "(", ".." and "/" in a list name (it is a file name there); here: a plain word.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def _require_admin(ctx: UnitOfWork) -> None:
    if not ctx.principal.is_admin:
        raise Forbidden("Only the administrator may manage ACL lists")


def valid_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.fullmatch(name) or ".." in name:
        raise Invalid("acllist", "an ACL list name is 1 to 64 letters, digits, '_', '-' or '.'")
    return name


def list_(ctx: UnitOfWork) -> dict[str, list[str]]:
    """Every saved list: name -> its privileges (sorted)."""
    _require_admin(ctx)
    return {row.name: sorted(row.acls or ()) for row in ctx.session.scalars(select(AclList).order_by(AclList.name))}


def get(ctx: UnitOfWork, name: str) -> list[str]:
    _require_admin(ctx)
    row = ctx.session.get(AclList, (name or "").strip()[:64])
    if row is None:
        raise NotFound("acl_list", name[:64], f"The ACL list “{name[:64]}” does not exist.")
    return sorted(row.acls or ())


def save(ctx: UnitOfWork, name: str, acls) -> list[str]:
    """Create or replace the list ``name``. ``all`` (root's privilege) cannot be given to a reseller."""
    _require_admin(ctx)
    name = valid_name(name)
    wanted = sorted(set(acls))
    bad = [a for a in wanted if a not in whm_acls.KNOWN or a == "all"]
    if bad:
        raise Invalid("acl", f"not a privilege a reseller can hold: {', '.join(b[:64] for b in bad[:5])}")
    row = ctx.session.get(AclList, name)
    if row is None:
        ctx.session.add(AclList(name=name, acls=wanted, created_at=ctx.now()))
    else:
        row.acls = wanted
    ctx.audit("acl_list:save", "acl_list", name, ",".join(wanted))
    return wanted


def apply(ctx: UnitOfWork, reseller: Account, name: str) -> list[str]:
    """Give ``reseller`` exactly the privileges of the saved list ``name``."""
    acls = get(ctx, name)
    accounts.update(ctx, reseller, permissions=whm_acls.permissions_for(acls))
    return acls
