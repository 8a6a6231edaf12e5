"""Plesk REST v2: ``POST /server/session``, a single-use session token for the panel.

As Plesk documents it, the one REST operation open to more than the administrator: the
administrator makes tokens for anyone, a reseller for itself and its customers, a customer for
itself (``auth.sessions.one_time_key`` applies tenancy). The token is redeemed once at
``/enterprise/rsession_init.php?PLESKSESSID=<id>``, from ``user_ip`` (the caller's address when
none is given), within ``TOKEN_TTL`` seconds. The XML API's ``server.create_session`` makes the same tokens.
"""
from __future__ import annotations

import ipaddress

from polypanel.auth import sessions
from polypanel.core import accounts
from polypanel.core.errors import Invalid

from .refs import Call, text

TOKEN_TTL = 300  # seconds: a login link is followed at once, as in Plesk
OPERATION = ("POST", "/server/session")


def user_ip(value, default: str) -> str:
    """The address the token is bound to: ``user_ip`` if given (an IPv4 or IPv6 address), else the caller's."""
    value = text(value, "user_ip")
    if value in (None, ""):
        return default
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise Invalid("user_ip", "must be an IPv4 or IPv6 address") from None


def login_link_token(ctx, login: str | None, bind_ip: str) -> str:
    """A single-use token for ``login`` (None: the caller), bound to ``bind_ip``; shared with ``plesk bin admin``."""
    if login and accounts.is_admin_alias(login) and ctx.principal.is_admin:
        login = None  # "admin", "root", "administrator": the administrator itself
    return sessions.one_time_key(ctx, login=login or None, bind_ip=bind_ip, ttl_seconds=TOKEN_TTL)


def server_session(ctx, call: Call):
    login = text(call.field("login"), "login")
    if not login:
        raise Invalid("login", "is required")
    skip_mfa = call.field("skip_mfa", False)
    if not isinstance(skip_mfa, bool):
        raise Invalid("skip_mfa", "must be a boolean")
    # skip_mfa is accepted and has nothing to skip: polypanel's panel login has no second factor yet.
    return {"id": login_link_token(ctx, login, user_ip(call.field("user_ip"), call.ip))}
