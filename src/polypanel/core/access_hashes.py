"""WHM's legacy remote access keys ("access hashes"): ``Authorization: WHM USER:HASH``.

cPanel deprecated them in favour of API tokens but still accepts them. Here an access hash is 960
random hexadecimal characters (shown in 30 lines of 32, as cPanel's ``.accesshash`` file), made
for the administrator or a reseller by the account itself (or by the administrator), shown once
and stored as a SHA-256 digest, so it cannot be shown again (cPanel reads its file back); making a
new one replaces the old. It carries all of its owner's privileges, so a restricted API token may
not make one.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from polypanel.store.models import Account, Setting

from .errors import Forbidden, Invalid
from .unit_of_work import UnitOfWork

LENGTH, LINE = 960, 32
_HEX = re.compile(r"[0-9a-f]{%d}" % LENGTH)


def _name(acc_id: int) -> str:
    return f"accesshash:{acc_id}"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def normalize(presented: str) -> str | None:
    """The hash as stored from what a client sent (clients strip newlines; any whitespace is dropped), or None."""
    value = re.sub(r"\s+", "", presented or "").lower()
    return value if _HEX.fullmatch(value) else None


def _check(ctx: UnitOfWork, acc: Account) -> None:
    p = ctx.principal
    if not p.is_admin and acc.id != p.account_id:
        raise Forbidden("You do not have access to generate another user's accesshash")
    if acc.role not in ("admin", "reseller"):
        raise Invalid("user", f"User {acc.login} is not a reseller.")
    if p.scopes:
        raise Forbidden("A restricted API token may not make an access hash (it would carry every privilege)")


def exists(ctx: UnitOfWork, acc: Account) -> bool:
    _check(ctx, acc)
    return ctx.session.get(Setting, _name(acc.id)) is not None


def generate(ctx: UnitOfWork, acc: Account) -> str:
    """A new access hash for ``acc`` (replacing any earlier one), in lines of 32 characters."""
    _check(ctx, acc)
    value = secrets.token_hex(LENGTH // 2)
    row = ctx.session.get(Setting, _name(acc.id))
    if row is None:
        ctx.session.add(Setting(name=_name(acc.id), value=_digest(value)))
    else:
        row.value = _digest(value)
    ctx.audit("accesshash:generate", "account", acc.id, acc.login)
    return "\n".join(value[i:i + LINE] for i in range(0, LENGTH, LINE)) + "\n"


def matches(stored: Setting | None, normalized: str) -> bool:
    return stored is not None and hmac.compare_digest(stored.value, _digest(normalized))


def setting_name(acc_id: int) -> str:
    return _name(acc_id)
