"""secret_key: create, get_info, delete. The keys are the same keys the REST API and the CLI use."""
from __future__ import annotations

from polypanel.auth import keys
from polypanel.core import issuing
from polypanel.core.errors import NotFound

from ..errors import XmlError
from .common import Failed, filter_of, n, spec, text, unknown_filter


def create(ctx, call):
    el = call.body
    ips = [t for t in (x.text for x in el.findall("ip_address")) if t and t.strip()]
    _row, key = keys.create(ctx, login=text(el, "login") or None, ips=ips or None,
                            description=text(el, "description") or "", proofs=issuing.KEY_MAY_ISSUE)
    return [[n("key", key)]]


def _info(row, key: str) -> object:
    return n("key_info", [n("key", key), n("ip_address", ",".join(row.ips or [])),
                          n("description", row.description or ""), n("login", row.account.login)])


def get_info(ctx, call):
    flt = filter_of(call)
    if flt is None:  # every key the caller may see; a stored key is known only by its first characters
        return [[_info(r, r.hint) for r in keys.list_(ctx)]]
    if flt[0] != "key":
        raise unknown_filter(call)
    try:
        row = keys.get(ctx, flt[1])
    except NotFound as e:
        return [Failed(e, [n("key", flt[1])])]
    return [[_info(row, flt[1])]]


def delete(ctx, call):
    flt = filter_of(call)
    if flt is None or flt[0] != "key":
        raise unknown_filter(call) if flt else XmlError(1014, "Parser error: <filter><key> is required")
    keys.delete(ctx, flt[1])
    return [[n("key", flt[1])]]


OPERATIONS = {
    "create": spec("secret_key.create", create, action="keys:create"),
    "get_info": spec("secret_key.get_info", get_info, read_only=True, action="keys:read", filtered=True, echo="key"),
    "delete": spec("secret_key.delete", delete, action="keys:delete", filtered=True, echo="key"),
}
