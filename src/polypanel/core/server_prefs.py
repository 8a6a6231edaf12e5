"""The server's preferences that the administrator changes after set-up (Plesk's ``server_pref``)."""
from __future__ import annotations

from polypanel.store.models import Setting

from . import authorization, host, validation
from .unit_of_work import UnitOfWork


def show(ctx: UnitOfWork) -> dict[str, str]:
    authorization.require(ctx.principal, "server:read", "You may not read the server's preferences")
    return {"hostname": host.hostname(ctx)}


def set_hostname(ctx: UnitOfWork, name: str) -> str:
    """The server's full host name (what ``GET /api/v2/server`` and the panel show)."""
    authorization.require(ctx.principal, "server:manage", "Only the administrator may manage the server")
    _, ascii_name = validation.domain_name(name, "hostname")
    row = ctx.session.get(Setting, "hostname")
    if row is None:
        ctx.session.add(Setting(name="hostname", value=ascii_name))
    else:
        row.value = ascii_name
    ctx.audit("server:set_hostname", "server", "", ascii_name)
    return ascii_name
