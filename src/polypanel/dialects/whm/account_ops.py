"""The account functions: listaccts, accountsummary, createacct, removeacct, suspendacct,
unsuspendacct, listsuspended, changepackage, passwd."""
from __future__ import annotations

import calendar
import time

import re2

from polypanel.core import hosting_accounts, hosting_views, reseller_roles, subscriptions
from polypanel.core.errors import NotFound

from .accounts_view import account, account_of_view, uids
from .wire import Failure, Outcome

SEARCH_TYPES = ("domain", "owner", "user", "ip", "package", "domain_and_user")
MAX_SEARCH = 255


def require(call, *names: str) -> str:
    for name in names:
        value = call.query.get(name)
        if value is not None and value.strip() != "":
            return value.strip()
    if any(name in call.query for name in names):
        raise Failure(f"API failure: The value of “{names[0]}” may not be empty.")
    raise Failure(f"API failure: Provide the “{names[0]}” parameter.")


def _regex_options() -> re2.Options:
    opts = re2.Options()
    opts.case_sensitive = False  # cPanel compiles the search as qr/$search/i
    opts.log_errors = False
    opts.max_mem = 1 << 20  # a pattern whose automaton needs more is refused, not run
    return opts


_RE2_OPTIONS = _regex_options()


def _matcher(search: str, exact: bool):
    """cPanel's listaccts search: exact (case-insensitive string equality) or a case-insensitive
    regular expression. The expression runs on RE2 (google-re2), which matches in time linear in
    the input whatever the pattern holds; what RE2 does not support (back-references, look-around)
    is refused with a clear reason instead of being run by a backtracking engine."""
    if exact:
        lowered = search.lower()
        return lambda value: value.lower() == lowered
    try:
        pattern = re2.compile(search.replace("\n", ""), _RE2_OPTIONS)
    except re2.error as exc:
        why = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise Failure(f"API failure: The “search” pattern cannot be used: {why[:200]}") from None
    return lambda value: pattern.search(value) is not None


def _field_values(view: dict, searchtype: str) -> list[str]:
    if searchtype == "domain_and_user":
        return [view["domain"], view["user"]]
    key = {"package": "plan"}.get(searchtype, searchtype)
    return [str(view.get(key, ""))]


def listaccts(ctx, call) -> Outcome:
    q, v1 = call.query, call.extra["version"] == 1
    search, searchtype = q.text("search"), q.text("searchtype", default="user" if q.text("search") else "")
    exact = q.text("searchmethod").lower() == "exact"
    if search and searchtype not in SEARCH_TYPES:
        raise Failure("Unknown search type.")
    if len(search) > MAX_SEARCH:
        raise Failure("The search term is too long.")
    uid_of = uids()
    views = [account_of_view(sub, ctx.settings.vhosts_root, v1=v1, uid_of=uid_of)
             for sub in hosting_views.subscriptions(ctx)]
    if search:
        match = _matcher(search, exact)
        views = [v for v in views if any(match(value) for value in _field_values(v, searchtype))]
    want = [w.strip() for w in q.text("want").split(",") if w.strip()]
    if want:
        keep = set(want) | ({"user", "domain"} if not v1 else set())
        views = [{k: v for k, v in view.items() if k in keep} for view in views]
    if not views:
        if searchtype == "user" and exact:
            raise Failure("No accounts found.")
        return Outcome(data=None if v1 else {"acct": []})
    return Outcome(data={"acct": views})


def accountsummary(ctx, call) -> Outcome:
    q, v1 = call.query, call.extra["version"] == 1
    user, domain = q.text("user").strip(), q.text("domain").strip()
    if not user and not domain:
        raise Failure("API failure: You must specify a user or domain to get a summary of.")
    try:
        if user and len(user) > 64:
            raise NotFound("account", user)
        sub = hosting_views.subscription(ctx, system_user=user.lower()) if user else \
            hosting_views.subscription(ctx, domain=domain)
    except NotFound:
        raise Failure("Account does not exist." if v1 else "Account does not exist",
                      data={"acct": None} if v1 else None) from None
    return Outcome(data={"acct": [account_of_view(sub, ctx.settings.vhosts_root, v1=v1)]})


def _nameservers(ctx, domain: str) -> list[str]:
    names = list(ctx.settings.nameservers) or [f"ns1.{domain}", f"ns2.{domain}"]
    return (names + ["", "", "", ""])[:4]


# createacct parameter -> core limit (the account's own values over its package's)
CREATE_LIMITS = {"quota": "disk_space_mb", "bwlimit": "traffic_mb", "maxftp": "max_ftp_users", "maxsql": "max_databases",
                 "maxpop": "max_mailboxes", "maxsub": "max_subdomains", "maxpark": "max_aliases", "maxaddon": "max_domains"}


def _account_limits(q) -> dict:
    out = {}
    for param, limit in CREATE_LIMITS.items():
        value = q.text(param).strip().lower()
        if not value:
            continue
        if value == "unlimited":
            out[limit] = -1
        elif value.isdigit() and len(value) <= 12:
            out[limit] = int(value)
        else:
            raise Failure(f"API failure: The value of “{param}” must be a whole number or “unlimited”.")
    return out


def createacct(ctx, call) -> Outcome:
    q = call.query
    user = require(call, "username", "user")
    domain = require(call, "domain").lower()
    password = require(call, "password", "pass")
    plan = q.text("plan", "pkgname").strip() or "default"
    owner = q.text("owner").strip() or None
    if owner is not None and not call.principal.is_admin and owner != call.principal.login:
        raise Failure("API failure: You may only create accounts that you own.")
    if owner is not None and owner.lower() == "root":
        owner = None if call.principal.is_admin else owner
    limits = _account_limits(q)
    sub = hosting_accounts.create(ctx, user=user, domain=domain, password=password, plan_name=plan,
                                  email=q.text("contactemail").strip(), owner_login=owner)
    if limits:
        subscriptions.update(ctx, sub, limits=limits)
    if q.flag("reseller"):
        reseller_roles.make_reseller(ctx, hosting_accounts.customer_of(sub))
    ns = _nameservers(ctx, domain)
    ip = sub.ip.address if sub.ip is not None else ""
    raw = "\n".join([f"Account name: {sub.system_user}", f"Domain: {domain}", f"Package: {plan}",
                     f"IP address: {ip or 'none'}", f"Owner: {owner or ('root' if call.principal.is_admin else call.principal.login)}",
                     f"Website, DNS zone and FTP login queued for {domain}", "Account Creation Complete"])
    data = {"ip": ip, "package": plan, "nameserver": ns[0], "nameserver2": ns[1], "nameserver3": ns[2],
            "nameserver4": ns[3], "nameservera": None, "nameservera2": None, "nameservera3": None,
            "nameservera4": None, "nameserverentry": None, "nameserverentry2": None, "nameserverentry3": None,
            "nameserverentry4": None}
    return Outcome(data=data, reason="Account Creation Ok", raw=raw)


def removeacct(ctx, call) -> Outcome:
    user = require(call, "user", "username")
    sub = hosting_accounts.find(ctx, user)
    domain = hosting_accounts.main_domain(sub)
    hosting_accounts.remove(ctx, sub)
    name = domain.ascii_name if domain is not None else ""
    return Outcome(reason=f"{user} account removed", raw=f"Removing the account {user} ({name})\nAccount Removal Complete")


def suspendacct(ctx, call) -> Outcome:
    user = require(call, "user")
    reason = call.query.text("reason").strip()
    sub = hosting_accounts.find(ctx, user)
    hosting_accounts.set_suspended(ctx, sub, True, reason)
    return Outcome(raw=f"Suspending the account {user}\n{user} is now suspended." + (f" Reason: {reason}" if reason else ""))


def unsuspendacct(ctx, call) -> Outcome:
    user = require(call, "user")
    sub = hosting_accounts.find(ctx, user)
    hosting_accounts.set_suspended(ctx, sub, False)
    return Outcome(raw=f"Unsuspending the account {user}\n{user} is now active.")


def listsuspended(ctx, call) -> Outcome:
    items = []
    for sub in hosting_accounts.list_(ctx):
        view = account(sub, ctx.settings.vhosts_root)
        if not view["suspended"]:
            continue
        at = sub.suspended_at or sub.created_at
        epoch = calendar.timegm(at.timetuple())
        items.append({"user": view["user"], "owner": view["owner"], "reason": sub.suspend_reason or "",
                      "time": time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(epoch)),
                      "unixtime": int(epoch), "is_locked": 0})
    return Outcome(data={"account": items})


def changepackage(ctx, call) -> Outcome:
    user = require(call, "user")
    pkg = require(call, "pkg")
    sub = hosting_accounts.find(ctx, user)
    hosting_accounts.change_plan(ctx, sub, pkg)
    return Outcome(raw=f"Changing the package of {user} to {pkg}\nAccount Upgrade/Downgrade Complete for {user}")


def passwd(ctx, call) -> Outcome:
    q = call.query
    user = q.text("user").strip()
    if not user:
        raise Failure("No user name supplied: “user” is a required argument.")
    password = q.text("password", "pass")
    if not password:
        raise Failure("No password supplied: “password” is a required argument.")
    sub = hosting_accounts.find(ctx, user)
    services = hosting_accounts.set_password(ctx, sub, password)
    return Outcome(data={"app": services}, reason="OK",
                   raw=f"Password changed for user {sub.system_user}")


def passwd_v0(out: Outcome) -> dict:
    item = {"status": out.result, "statusmsg": out.reason, "rawout": out.raw or "",
            "services": (out.data or {}).get("app", [])}
    return {"passwd": [item]}
