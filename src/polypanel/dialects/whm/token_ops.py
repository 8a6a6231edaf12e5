"""WHM API tokens: api_token_create, api_token_list, api_token_update, api_token_revoke, api_token_get_details;
and the legacy access hash (accesshash)."""
from __future__ import annotations

import calendar
import re
from datetime import datetime, timezone

from polypanel.auth import tokens
from polypanel.core import access_hashes, accounts, whm_acls
from polypanel.core.errors import Forbidden, Invalid, NotFound

from .wire import Failure, Outcome

NAME = re.compile(r"^[A-Za-z0-9_-]{1,50}$")
MAX_IPS = 100


def _epoch(dt) -> int | None:
    return int(calendar.timegm(dt.timetuple())) if dt is not None else None


def _expiry(call) -> datetime | None:
    value = call.query.text("expires_at").strip()
    if value in ("", "0"):
        return None
    if not value.isdigit() or len(value) > 12:
        raise Failure("The system failed to create the API token: “expires_at” must be a time in the future.")
    return datetime.fromtimestamp(int(value), tz=timezone.utc).replace(tzinfo=None)


def _ips(call) -> list[str]:
    ips = [v.strip() for v in call.query.many("whitelist_ip") if v.strip()]
    if any(v.lower() == "any" for v in ips):
        return []
    if len(ips) > MAX_IPS:
        raise Failure(f"The system failed to create the API token: at most {MAX_IPS} IP addresses are allowed.")
    return ips


def _acls(call) -> list[str]:
    acls = sorted({a.strip() for a in call.query.many("acl") if a.strip()})
    bad = whm_acls.unknown_or_unowned(call.principal, acls)
    if bad:
        raise Failure(f"The system failed to create the API token: Invalid or unauthorized ACL specified: {', '.join(bad)}")
    return acls


def _record(row, *, all_acls: bool = False) -> dict:
    out = {"name": row.name, "create_time": _epoch(row.created_at), "expires_at": _epoch(row.expires_at),
           "whitelist_ips": list(row.ip_allow) or None}
    if all_acls:
        held = set(row.acls or ()) or {"all"}
        out["acls"] = {acl: int("all" in held or acl in held) for acl in sorted(whm_acls.KNOWN)}
    else:
        out["acls"] = list(row.acls or ()) or ["all"]
    return out


def api_token_create(ctx, call) -> Outcome:
    name = call.query.text("token_name").strip()
    if not NAME.match(name):
        raise Failure("The system failed to create the API token: the “token_name” must be 1 to 50 letters, digits, "
                      "underscores or hyphens.")
    acls, ips, expires = _acls(call), _ips(call), _expiry(call)
    try:
        row, token = tokens.create(ctx, name=name, acls=acls, expires_at=expires, ip_allow=ips)
    except Exception as e:  # a duplicate name, a past expiry, a credential that may not issue tokens
        message = getattr(e, "message", None)
        if message is None:
            raise
        if "already exists" in message:
            message = f"A conflicting API token with the name “{name}” already exists."
        raise Failure(f"The system failed to create the API token: {message}") from None
    data = {"name": row.name, "create_time": _epoch(row.created_at), "token": token}
    if acls:
        data["acls"] = acls
    if expires is not None:
        data["expires_at"] = _epoch(expires)
    if ips:
        data["whitelist_ips"] = list(row.ip_allow)
    return Outcome(data=data)


def api_token_list(ctx, _call) -> Outcome:
    return Outcome(data={"tokens": {row.name: _record(row, all_acls=True) for row in tokens.list_(ctx)}})


def api_token_revoke(ctx, call) -> Outcome:
    names = [n for n in call.query.many("token_name") if n]
    if not names:
        raise Failure("API failure: Provide the “token_name” parameter.")
    existing = {row.name for row in tokens.list_(ctx)}
    for name in names:
        if name in existing:
            tokens.revoke(ctx, name)
    return Outcome()


def api_token_get_details(ctx, call) -> Outcome:
    from polypanel.auth.secrets_hash import digest

    token = call.query.text("token").strip()
    if not token:
        raise Failure("API failure: Provide the “token” parameter.")
    for row in tokens.list_(ctx):
        if row.token_hash == digest(token):
            return Outcome(data=_record(row))
    return Outcome()


def api_token_update(ctx, call) -> Outcome:
    name = call.query.text("token_name").strip()
    row = next((r for r in tokens.list_(ctx) if r.name == name), None)
    if row is None:
        raise Failure(f"The system failed to update the API token: The API token “{name}” does not exist.")
    q = call.query
    if "new_name" in q:
        new = q["new_name"].strip()
        if not NAME.match(new) or (new != name and any(r.name == new for r in tokens.list_(ctx))):
            raise Failure(f"The system failed to update the API token: “{new[:50]}” is not an available name.")
        row.name = new
    if any(k == "acl" or k.startswith("acl-") for k in q):
        row.acls = _acls(call)
    if "expires_at" in q:
        row.expires_at = _expiry(call)
    if any(k == "whitelist_ip" or k.startswith("whitelist_ip-") for k in q):
        from polypanel.auth.keys import parse_ips
        row.ip_allow = parse_ips(_ips(call))
    ctx.audit("api_token:update", "api_token", row.id, row.name)
    return Outcome(data=_record(row))


def accesshash(ctx, call) -> Outcome:
    """The legacy remote access key (deprecated by cPanel, still accepted): ``generate=1`` makes a
    new one, shown once; without it the existing one cannot be shown again (only its digest is kept)."""
    login = call.query.text("user").strip() or call.principal.login
    try:
        acc = accounts.get(ctx, login=login)
    except NotFound:
        raise Failure(f"User {login[:64]} is not a reseller.") from None
    try:
        if call.query.flag("generate"):
            return Outcome(data={"accesshash": access_hashes.generate(ctx, acc).replace("\n", "")})
        if access_hashes.exists(ctx, acc):
            raise Failure("This server keeps only a digest of the access hash, so it cannot be shown again: "
                          "call accesshash with generate=1 for a new one (the old one stops working).")
    except (Forbidden, Invalid) as exc:
        raise Failure(exc.reason if isinstance(exc, Invalid) else exc.message) from None
    raise Failure(f"No accesshash exists for {acc.login}")
