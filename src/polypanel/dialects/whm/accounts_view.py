"""A subscription as WHM's account object (listaccts, accountsummary): every field with cPanel's JSON type."""
from __future__ import annotations

import calendar
import pwd

from polypanel.core import hosting_accounts, webspaces

UNLIMITED = "unlimited"
# cPanel field -> core limit
LIMIT_FIELDS = {"maxaddons": "max_domains", "maxftp": "max_ftp_users", "maxparked": "max_aliases",
                "maxpop": "max_mailboxes", "maxsql": "max_databases", "maxsub": "max_subdomains"}


def limits_of(sub) -> dict:
    """The limits in force (add-on plans included, as the hosting views give them to listaccts)."""
    merged = {**((sub.plan.limits if sub.plan is not None else None) or {}), **(sub.limits or {})}
    return {key: webspaces.limit(sub, key) for key in merged}


def _limit(value) -> str:
    try:
        n = int(value)
    except (TypeError, ValueError):
        return UNLIMITED
    return UNLIMITED if n < 0 else str(n)


def owner_name(sub) -> str:
    seller = hosting_accounts.reseller_of(sub)
    return "root" if seller is None or seller.role == "admin" else seller.login


def uids() -> dict[str, int]:
    """System users' ids, read once per listing (one pass over the user database instead of one lookup each)."""
    try:
        return {p.pw_name: p.pw_uid for p in pwd.getpwall()}
    except OSError:
        return {}


def _epoch(dt) -> int:
    return int(calendar.timegm(dt.timetuple())) if dt is not None else 0


def account(sub, vhosts_root: str, *, v1: bool = True, uid_of: dict[str, int] | None = None) -> dict:
    """A subscription (ORM row) as WHM's account object."""
    main = hosting_accounts.main_domain(sub)
    customer = hosting_accounts.customer_of(sub)
    return _account(
        system_user=sub.system_user, domain=main.ascii_name if main is not None else "",
        email=(customer.email if customer is not None else sub.owner.email),
        plan=sub.plan.name if sub.plan is not None else None, owner=owner_name(sub),
        ip=(sub.ip.public_address or sub.ip.address) if sub.ip is not None else None,
        suspended=sub.status != "active" or (customer is not None and customer.status != "active"),
        suspend_reason=sub.suspend_reason, suspended_at=sub.suspended_at, created_at=sub.created_at,
        limits=limits_of(sub), vhosts_root=vhosts_root, v1=v1, uid_of=uid_of)


def account_of_view(view, vhosts_root: str, *, v1: bool = True, uid_of: dict[str, int] | None = None) -> dict:
    """A subscription as a plain value (``core.hosting_views.SubscriptionView``) as WHM's account object."""
    seller_is_root = view.reseller_id is None or view.reseller_role == "admin"
    return _account(
        system_user=view.system_user, domain=view.main_domain, email=view.owner_email, plan=view.plan_name,
        owner="root" if seller_is_root else view.reseller_login,
        ip=(view.ip_public_address or view.ip_address) if view.ip_address is not None else None,
        suspended=view.status != "active" or (view.owner_role == "customer" and view.owner_status != "active"),
        suspend_reason=view.suspend_reason, suspended_at=view.suspended_at, created_at=view.created_at,
        limits=view.limits, vhosts_root=vhosts_root, v1=v1, uid_of=uid_of)


def _account(*, system_user, domain, email, plan, owner, ip, suspended, suspend_reason, suspended_at, created_at,
             limits, vhosts_root, v1, uid_of) -> dict:
    disk = limits.get("disk_space_mb", -1)
    out = {
        "user": system_user,
        "domain": domain,
        "email": email or "*unknown*",
        "plan": plan if plan is not None else "undefined",
        "owner": owner,
        "ip": ip if ip is not None else "*unknown*",
        "ipv6": [],
        "suspended": int(suspended),
        "suspendreason": (suspend_reason or "Suspended") if suspended else "not suspended",
        "suspendtime": _epoch(suspended_at) if suspended else 0,
        "is_locked": 0,
        "startdate": created_at.strftime("%y %b %d %H:%M"),
        "unix_startdate": _epoch(created_at),
        "partition": (vhosts_root.strip("/").split("/") or ["home"])[0] or "home",
        "disklimit": UNLIMITED if _limit(disk) == UNLIMITED else f"{int(disk)}M",
        "diskused": "0M",
        "inodeslimit": UNLIMITED,
        "inodesused": 0,
        "maxlst": UNLIMITED,
        "max_emailacct_quota": UNLIMITED,
        "max_email_per_hour": UNLIMITED,
        "max_defer_fail_percentage": UNLIMITED,
        "min_defer_fail_to_trigger_protection": "5",
        "shell": "/usr/local/cpanel/bin/noshell",
        "uid": (uid_of if uid_of is not None else uids()).get(system_user, 0),
        "theme": "jupiter",
        "backup": 0,
        "legacy_backup": 0,
        "mailbox_format": "maildir",
        "outgoing_mail_suspended": 0,
        "outgoing_mail_hold": 0,
        "temporary": 0,
        "child_nodes": [],
    }
    for name, key in LIMIT_FIELDS.items():
        out[name] = _limit(limits.get(key, -1))
    if v1:
        out["has_backup"] = 0
    return out
