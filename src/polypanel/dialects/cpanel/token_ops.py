"""Tokens: create_full_access, list, revoke, rename (cPanel API tokens: full access of their account)."""
from __future__ import annotations

import calendar

from polypanel.auth import tokens

from ..whm.token_ops import NAME, _expiry
from ..whm.wire import Failure


def _epoch(dt):
    return int(calendar.timegm(dt.timetuple())) if dt is not None else None


def _own_only(call) -> None:
    if call.extra.get("user"):  # through WHM's proxy the caller is not the account: its tokens are its own business
        raise Failure("API tokens of a cPanel account can only be managed by that account.")


def create_full_access(ctx, call):
    _own_only(call)
    name = call.query.text("name").strip()
    if not NAME.match(name):
        raise Failure("The “name” must be 1 to 50 letters, digits, underscores or hyphens.")
    if any(r.name == name for r in tokens.list_(ctx)):
        raise Failure(f"A conflicting API token with the name “{name}” already exists.")
    row, token = tokens.create(ctx, name=name, expires_at=_expiry(call))
    return {"token": token, "create_time": _epoch(row.created_at)}


def list_(ctx, _call):
    _own_only(_call)
    out = []
    for row in tokens.list_(ctx):
        item = {"name": row.name, "create_time": _epoch(row.created_at), "has_full_access": 1}
        if row.expires_at is not None:
            item["expires_at"] = _epoch(row.expires_at)
        out.append(item)
    return out


def revoke(ctx, call):
    _own_only(call)
    name = call.query.text("name").strip()
    if not any(r.name == name for r in tokens.list_(ctx)):
        return 0
    tokens.revoke(ctx, name)
    return 1
