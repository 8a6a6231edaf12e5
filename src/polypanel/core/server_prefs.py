"""The server's preferences that the administrator changes after set-up (Plesk's ``server_pref``)."""
from __future__ import annotations

import json

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


# Plesk's server preferences that the panel keeps (name -> allowed values, or (low, high) for numbers),
# with what a new server says. The panel applies web changes at once, so its restart interval is 0.
PREFS = {"stat_ttl": (1, 120), "traffic_accounting": (1, 3), "restart_apache_interval": (0, 0),
         "apache_pipelog": ("true", "false"), "ftp_over_ssl": ("enabled", "disabled", "required"),
         "aps_force_updates": ("true", "false"), "aps_suggest_updates": ("true", "false")}
DEFAULTS = {"stat_ttl": "3", "traffic_accounting": "3", "restart_apache_interval": "0", "apache_pipelog": "false",
            "ftp_over_ssl": "enabled", "aps_force_updates": "false", "aps_suggest_updates": "false"}


def prefs(ctx: UnitOfWork) -> dict[str, str]:
    """The server's preferences, in Plesk's order, as last set (``set_prefs``)."""
    authorization.require(ctx.principal, "server:read", "You may not read the server's preferences")
    row = ctx.session.get(Setting, "server_prefs")
    stored = json.loads(row.value) if row is not None and row.value else {}
    return {name: str(stored.get(name, DEFAULTS[name])) for name in PREFS}


def set_prefs(ctx: UnitOfWork, values: dict) -> dict[str, str]:
    authorization.require(ctx.principal, "server:manage", "Only the administrator may manage the server")
    current = prefs(ctx)
    for name, value in values.items():
        allowed = PREFS.get(name)
        if allowed is None:
            raise validation.Invalid(f"prefs.{str(name)[:64]}", "is not a preference this server keeps")
        value = str(value).strip().lower()
        if isinstance(allowed[0], int):
            if not value.lstrip("-").isdigit() or len(value) > 6 or not allowed[0] <= int(value) <= allowed[1]:
                raise validation.Invalid(name, f"must be a number from {allowed[0]} to {allowed[1]}")
        elif value not in allowed:
            raise validation.Invalid(name, f"must be one of {', '.join(allowed)}")
        current[name] = value
    row = ctx.session.get(Setting, "server_prefs")
    if row is None:
        ctx.session.add(Setting(name="server_prefs", value=json.dumps(current)))
    else:
        row.value = json.dumps(current)
    ctx.audit("server:set_prefs", "server", "", ",".join(sorted(values)))
    return current
