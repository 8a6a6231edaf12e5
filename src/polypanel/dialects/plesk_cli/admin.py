"""``plesk bin admin``: the administrator's single-use login links and profile.

``--get-login-link [-user LOGIN]`` prints a URL that logs ``LOGIN`` (default: the caller) into the
panel once: ``https://HOST:8443/enterprise/rsession_init.php?PLESKSESSID=<token>``, the token
of ``POST /api/v2/server/session`` (auth.sessions.one_time_key, so the same tenancy: the
administrator for anyone, a reseller for its customers). The link is not bound to an address (it is
handed to someone's browser, not used by the caller) and lives ``LINK_TTL`` seconds.
"""
from __future__ import annotations

from urllib.parse import quote

from polypanel.auth import sessions
from polypanel.core import accounts, host

from .base import Command, Run, Utility, table

LINK_TTL = 300  # seconds
DEFAULT_PORT = 8443
OPTIONS = {"user": "the login the link is for (default: the caller)"}


def panel_url(run: Run) -> str:
    """Where the panel is reached: the address the caller used (the REST gateway), else the host name."""
    base = getattr(run.state, "panel_url", None)
    return (base or f"https://{host.hostname(run.ctx)}:{DEFAULT_PORT}").rstrip("/")


def get_login_link(run: Run) -> None:
    login = run.opt("user") or None
    if login and accounts.is_admin_alias(login) and run.ctx.principal.is_admin:
        login = None
    token = sessions.one_time_key(run.ctx, login=login, bind_ip="", ttl_seconds=LINK_TTL)
    run.say(f"{panel_url(run)}/enterprise/rsession_init.php?PLESKSESSID={quote(token)}")


def info(run: Run) -> None:
    acc = accounts.get(run.ctx, id=run.ctx.principal.account_id)
    table(run, [("Contact name", acc.name), ("Login", acc.login), ("Company name", acc.company),
                ("E-mail", acc.email), ("Phone", acc.phone), ("Locale", acc.locale)])


admin = Utility("admin", "admin", [
    Command("--get-login-link", get_login_link, "print a single-use link that logs -user into the panel", (), None,
            phrase="getting login link"),
    Command("--info", info, "show the caller's profile", ("-i",), None, phrase="getting info"),
], OPTIONS)
