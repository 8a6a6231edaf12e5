"""Logging in and out: ``auth`` (password or one-time key), ``session.newkey``, ``session.delete``, ``whoami``."""
from __future__ import annotations

from polypanel.auth import sessions
from polypanel.core import authorization, errors as core

from . import errors
from .wire import Node, Ok, level

SESSION_IDLE = 3600  # a session lives one hour after its last use


def auth(_ctx, call):
    """``func=auth&username=&password=`` or ``&key=``: a session bound to the caller's address."""
    f, env = call.query, call.env
    username = (f.get("username") or "").strip()
    key = f.get("key") or ""
    try:
        if key:
            p = env.auth.one_time_key(key, ip=call.ip, api="ispmgr")
            if username and (env.auth.canonical_login(username) or "").lower() != p.login.lower():
                raise core.AuthFailed()
        else:
            p = env.auth.password(username, f.get("password") or "", ip=call.ip, api="ispmgr")
    except core.AuthFailed:
        raise errors.bad_password(call.ip) from None
    if not authorization.may_use_api(p, "ispmgr"):
        raise core.Forbidden("This account may not use the ISPmanager API")
    with env.panel.context(p) as ctx:
        _row, token = sessions.open_session(ctx, kind="ispmgr", idle_seconds=SESSION_IDLE)
    return Node("auth", token, {"id": token, "level": level(p.role)})


def session_newkey(ctx, call):
    """``session.newkey&username=&key=``: the administrator leaves a key for one login from anywhere."""
    f = call.query
    ttl = call.extra.get("one_time_expire", 3600)
    sessions.chosen_one_time_key(ctx, login=(f.get("username") or "").strip(), key=f.get("key") or "",
                                 ttl_seconds=ttl)
    return Ok()


def session_delete(ctx, call):
    token = (call.query.get("elid") or call.query.get("auth") or "").strip()
    sessions.close_session(ctx, token)
    return Ok()


def whoami(ctx, call):
    p = ctx.principal
    return [Node("user", p.login, {"name": p.login, "level": level(p.role)}),
            Node("level", str(level(p.role)))]
