"""showbw: bytes served per account and domain in a month, from the web server's access logs.

The figures are what nginx logged (``$body_bytes_sent`` per ``$host``; a domain counts its own name
and its ``www.`` name); on a server whose web server does not write that log (the dry applier, or a
system nginx) the function says the figures are not available rather than answering zeros."""
from __future__ import annotations

from polypanel.core import hosting_accounts

from .account_ops import SEARCH_TYPES, _field_values, _matcher
from .accounts_view import account, limits_of, owner_name
from .wire import Failure, Outcome

MB = 1024 * 1024


def _number(call, key: str, low: int, high: int, message: str, default: int) -> int:
    raw = call.query.text(key).strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 4 or not low <= int(raw) <= high:
        raise Failure(message)
    return int(raw)


def showbw(ctx, call) -> Outcome:
    now = ctx.now()
    month = _number(call, "month", 1, 12, "Invalid month provided", now.month)
    year = _number(call, "year", 1970, 2200, "Invalid year provided", now.year)
    traffic = getattr(call.env, "traffic", None)
    if traffic is None:
        raise Failure("Bandwidth figures are not available on this server: its web server does not write the "
                      "access log they are read from (the panel's supervised nginx does).")
    by_host = traffic(year, month) or {}
    search, searchtype = call.query.text("search"), call.query.text("searchtype")
    match = None
    if search and searchtype:
        if searchtype not in SEARCH_TYPES:
            raise Failure("Unknown search type.")
        match = _matcher(search, call.query.text("searchmethod").lower() == "exact")
    rows, total = [], 0
    for sub in hosting_accounts.list_(ctx):
        if match is not None:
            view = account(sub, ctx.settings.vhosts_root, uid_of={})
            if not any(match(v) for v in _field_values(view, searchtype)):
                continue
        usage = [{"domain": d.ascii_name, "usage": by_host.get(d.ascii_name, 0) + by_host.get(f"www.{d.ascii_name}", 0),
                  "deleted": 0} for d in sub.domains]
        used = sum(u["usage"] for u in usage)
        total += used
        limit_mb = int(limits_of(sub).get("traffic_mb", -1))
        limit = "unlimited" if limit_mb < 0 else str(limit_mb * MB)
        main = hosting_accounts.main_domain(sub)
        customer = hosting_accounts.customer_of(sub)
        rows.append({"user": sub.system_user, "owner": owner_name(sub), "maindomain": main.ascii_name if main else "",
                     "totalbytes": used, "limit": limit, "deleted": 0, "bwusage": usage,
                     "reseller": "1" if customer is not None and customer.role == "reseller" else 0,
                     "bwlimited": int(limit_mb >= 0 and used > limit_mb * MB)})
    p = call.principal
    return Outcome(data={"month": month, "year": year, "totalused": total, "acct": rows,
                         "reseller": "root" if p.is_admin else p.login})


def showbw_v0(out: Outcome) -> dict:
    if not out.result:
        return {"status": 0, "statusmsg": out.reason}
    return {"bandwidth": [out.data]}
