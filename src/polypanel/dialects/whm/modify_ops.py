"""modifyacct: an account's limits, contact address and owner (cPanel's upper-case cpuser keys)."""
from __future__ import annotations

from polypanel.core import accounts, domain_rename, hosting_accounts, subscriptions
from polypanel.core.errors import Conflict, Invalid

from .accounts_view import limits_of
from .wire import Failure, Outcome

# cpuser key -> core limit
LIMITS = {"MAXPOP": "max_mailboxes", "MAXFTP": "max_ftp_users", "MAXSQL": "max_databases", "MAXSUB": "max_subdomains",
          "MAXPARK": "max_aliases", "MAXADDON": "max_domains", "QUOTA": "disk_space_mb", "BWLIMIT": "traffic_mb"}
UNSUPPORTED = ("shell", "HASSHELL", "CPTHEME", "RS", "LOCALE", "LANG")


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
    messages, warnings = [], []
    _refuse_newuser(sub, q.text("newuser").strip())
    new_domain = (q.text("domain") or q.text("DNS")).strip().lower().rstrip(".")
    main = hosting_accounts.main_domain(sub)
    if new_domain and (main is None or new_domain != main.ascii_name):
        old = main.ascii_name if main else ""
        try:
            domain_rename.rename_main(ctx, sub, new_domain)
        except Invalid:
            raise Failure(f"API failure: “{new_domain[:255]}” is not a valid domain name.") from None
        except Conflict as exc:
            raise Failure(f"API failure: The domain cannot be changed: {exc.message}") from None
        messages.append(f"Domain changed from {old} to {new_domain}")
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
        if key in q:
            warnings.append(f"“{key}” is not changed on this server")
    main = hosting_accounts.main_domain(sub)
    data = {"domain": main.ascii_name if main else "", "user": sub.system_user, "setshell": "unmodified",
            "cpuser": cpuser(sub)}
    return Outcome(data=data, reason="Account Modified", messages=messages, warnings=warnings)


def _refuse_newuser(sub, newuser: str) -> None:
    """Renaming the cPanel user renames a system user, its files' owner, its ``user_`` databases and
    database users and its FTP logins: the server cannot do that safely, so it is refused (never ignored)."""
    if not newuser or newuser.lower() == sub.system_user:
        return
    try:
        hosting_accounts.check_user(newuser.lower())
    except Invalid:
        raise Failure(f"API failure: “{newuser[:64]}” is not a valid username.") from None
    raise Failure(f"API failure: This server cannot rename the user “{sub.system_user}” to “{newuser[:64]}”: "
                  "renaming a system user (its files, its databases and database users with the "
                  f"“{sub.system_user}_” prefix, its FTP logins) is not supported. Create a new account "
                  "and move the content instead.")


def modifyacct_v0(out: Outcome) -> dict:
    item = {"status": out.result, "statusmsg": out.reason, "messages": out.messages or [],
            "warnings": out.warnings or []}
    if out.data:
        item["newcfg"] = out.data
    return {"result": [item]}
