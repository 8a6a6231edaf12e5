"""Email in API 2: listpops, addpop, delpop, passwdpop, editquota (items with ``result`` and ``reason``)."""
from __future__ import annotations

from . import email_ops


def listpops(ctx, call):
    data = email_ops.list_pops(ctx, call).data
    return [{"email": i["email"], "login": i["login"]} for i in data if "@" in i["email"]]


def _done(reason: str):
    return [{"result": 1, "reason": reason}]


def addpop(ctx, call):
    made = email_ops.add_pop(ctx, call)
    return _done(f"Created the account {made.replace('+', '@', 1)}.")


def delpop(ctx, call):
    email_ops.delete_pop(ctx, call)
    return _done("Deleted the account.")


def passwdpop(ctx, call):
    email_ops.passwd_pop(ctx, call)
    return _done("Changed the password.")


def editquota(ctx, call):
    email_ops.edit_pop_quota(ctx, call)
    return _done("Changed the quota.")
