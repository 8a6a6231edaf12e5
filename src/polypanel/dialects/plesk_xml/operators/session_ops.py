"""session: get (the open panel sessions the caller may see), terminate (by id)."""
from __future__ import annotations

from polypanel.auth import sessions
from polypanel.core import account_views

from .common import n, number, spec, text

PANEL_SESSIONS = "plesk_panel"  # the sessions /enterprise/rsession_init.php opens


def get(ctx, call):
    now = ctx.now()
    rows = sessions.list_sessions(ctx, kind=PANEL_SESSIONS)
    logins = {a.id: a.login for a in account_views.list_(ctx)} if rows else {}
    return [[n("session", [n("id", r.id), n("type", "cp"), n("ip-address", r.ip), n("login", logins.get(r.account_id, "")),
                           n("login-time", r.created_at.strftime("%Y-%m-%d %H:%M:%S")),
                           n("idle", int((now - r.last_used_at).total_seconds()))]) for r in rows]]


def terminate(ctx, call):
    sid = text(call.body, "session-id", "")
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
