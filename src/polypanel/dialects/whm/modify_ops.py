"""modifyacct: an account's limits, contact address and owner (cPanel's upper-case cpuser keys)."""
from __future__ import annotations

from polypanel.core import accounts, hosting_accounts, subscriptions

from .accounts_view import limits_of
from .wire import Failure, Outcome

# cpuser key -> core limit
LIMITS = {"MAXPOP": "max_mailboxes", "MAXFTP": "max_ftp_users", "MAXSQL": "max_databases", "MAXSUB": "max_subdomains",
          "MAXPARK": "max_aliases", "MAXADDON": "max_domains", "QUOTA": "disk_space_mb", "BWLIMIT": "traffic_mb"}
UNSUPPORTED = ("domain", "newuser", "DNS", "shell", "HASSHELL", "CPTHEME", "RS", "LOCALE", "LANG")


def _limit(key: str, value: str) -> int:
    value = (value or "").strip().lower()
    if value in ("", "unlimited"):
        return -1
    if not value.isdigit() or len(value) > 12:
        raise Failure(f"API failure: The value of “{key}” must be a whole number or “unlimited”.")
    return int(value)


def cpuser(sub) -> dict:
    limits = limits_of(sub)
    customer = hosting_accounts.customer_of(sub)
    out = {key: ("unlimited" if int(limits.get(limit, -1)) < 0 else str(limits.get(limit))) for key, limit in LIMITS.items()}
    out.update({"USER": sub.system_user, "CONTACTEMAIL": (customer.email if customer else "") or "",
                "PLAN": sub.plan.name if sub.plan is not None else "undefined",
                "OWNER": "root" if customer is None or customer.owner is None or customer.owner.role == "admin"
                else customer.owner.login,
                "DNS": (hosting_accounts.main_domain(sub).ascii_name if hosting_accounts.main_domain(sub) else "")})
    return out


def modifyacct(ctx, call) -> Outcome:
    q = call.query
    user = q.text("user").strip()
    if not user:
        raise Failure("Must at least specify a user to modify.")
    sub = hosting_accounts.find(ctx, user)
    for key in UNSUPPORTED:
        if key in q and key in ("domain", "newuser", "DNS"):
            raise Failure(f"API failure: Changing “{key}” of an account is not supported on this server.")
    messages, warnings = [], []
    limits = {limit: _limit(key, q[key]) for key, limit in LIMITS.items() if key in q}
    if limits:
        subscriptions.update(ctx, sub, limits=limits)
        messages.append("Limits updated: " + ", ".join(k for k in LIMITS if k in q))
    customer = hosting_accounts.customer_of(sub)
    if "CONTACTEMAIL" in q and customer is not None:
        accounts.update(ctx, customer, email=q["CONTACTEMAIL"].strip())
        messages.append("Contact email updated")
    if "OWNER" in q and customer is not None:
        owner = q["OWNER"].strip()
        accounts.update(ctx, customer, owner_login="admin" if owner.lower() == "root" else owner)
        messages.append(f"Owner changed to {owner}")
    for key in UNSUPPORTED:
        if key in q and key not in ("domain", "newuser", "DNS"):
            warnings.append(f"“{key}” is not changed on this server")
    main = hosting_accounts.main_domain(sub)
    data = {"domain": main.ascii_name if main else "", "user": sub.system_user, "setshell": "unmodified",
            "cpuser": cpuser(sub)}
    return Outcome(data=data, reason="Account Modified", messages=messages, warnings=warnings)


def modifyacct_v0(out: Outcome) -> dict:
    item = {"status": out.result, "statusmsg": out.reason, "messages": out.messages or [],
            "warnings": out.warnings or []}
    if out.data:
        item["newcfg"] = out.data
    return {"result": [item]}
