"""Acting as another account (ISPmanager's ``su=``): the rule, once.

The administrator may act as anyone; a reseller as itself and its own customers; a customer only
as itself. The actor stays the real caller (``Principal.actor_id``), so audit shows who did it.
"""
from __future__ import annotations

from dataclasses import replace

from . import accounts, authorization
from .errors import Forbidden, NotFound
from .principal import Principal
from .unit_of_work import UnitOfWork


def act_as(ctx: UnitOfWork, login: str) -> Principal:
    """The principal of ``ctx`` acting as ``login``; Forbidden when it may not."""
    p = ctx.principal
    login = (login or "").strip()
    if not login or login.lower() == p.login.lower() or (p.is_admin and accounts.is_admin_alias(login)):
        return p
    refused = Forbidden(f"You may not act as the user '{login[:64]}'")
    if not (p.is_admin or p.is_reseller):
        raise refused
    try:
        target = accounts.get(ctx, login=login)
    except NotFound:
        raise refused from None
    if target.role == "admin" or (p.is_reseller and target.owner_id != p.account_id):
        raise refused
    if accounts.effective_status(target) != "active" and not p.is_admin:
        raise refused
    return replace(p, account_id=target.id, login=target.login, role=target.role,
                   permissions=authorization.granted_permissions(target.permissions))
