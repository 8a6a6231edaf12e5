"""session: get (the open panel sessions the caller may see), terminate (by id)."""
from __future__ import annotations

from datetime import timedelta

from polypanel.auth import sessions
from polypanel.core import account_views

from .common import n, number, spec, text
from .server_ops import SESSION_TTL

PANEL_SESSIONS = "plesk_panel"  # the sessions /enterprise/rsession_init.php opens


def _session(ident, ip, login, since, idle) -> object:
    return n("session", [n("id", ident), n("type", "cp"), n("ip-address", ip), n("login", login),
                         n("login-time", since.strftime("%Y-%m-%d %H:%M:%S")), n("idle", idle)])


def get(ctx, call):
    """Open panel sessions, and the sessions create_session made that wait for their first use
    (listed by the id create_session returned, as Plesk lists them)."""
    now = ctx.now()
    rows = sessions.list_sessions(ctx, kind=PANEL_SESSIONS)
    pending = sessions.listed_keys(ctx)
    logins = {a.id: a.login for a in account_views.list_(ctx)} if rows or pending else {}
    out = [_session(k.listed_token, k.ip, logins.get(k.account_id, ""),
                    k.expires_at - timedelta(seconds=SESSION_TTL), 0) for k in pending]
    out += [_session(r.id, r.ip, logins.get(r.account_id, ""), r.created_at, int((now - r.last_used_at).total_seconds()))
            for r in rows]
    return [out]


def terminate(ctx, call):
    sid = text(call.body, "session-id", "")
    if sid and not sid.isdigit() and sessions.cancel_listed_key(ctx, sid):
        return [[]]
    try:
        ident = number(sid, "session-id")
    except Exception:  # noqa: BLE001 - an id that cannot be one names no session
        ident = -1
    sessions.close_session_by_id(ctx, ident, kind=PANEL_SESSIONS)
    return [[]]


OPERATIONS = {
    "get": spec("session.get", get, read_only=True, action="sessions:read"),
    "terminate": spec("session.terminate", terminate, action="sessions:delete"),
}
