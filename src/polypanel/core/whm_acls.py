"""WHM's privilege names (ACLs) and what they allow, in one place.

A WHM reseller's ACL list is stored in ``Account.permissions`` as flags ``whm:<acl>`` (plus
``whm_acls`` once a list was set explicitly); a reseller whose list was never set has
``DEFAULT_RESELLER``. The administrator (cPanel's root, ``all``) has every ACL. A WHM API token's
ACL list narrows its owner's: ``token_scopes`` turns it into ``Principal.scopes`` (the core actions
the ACLs need plus ``whm:<acl>`` markers), so ``authorization.allows`` and ``allows`` below both
see the narrower set.
"""
from __future__ import annotations

from .principal import Principal

STANDARD = ("list-accts", "show-bandwidth", "create-acct", "kill-acct", "suspend-acct", "upgrade-account", "ssl",
            "ssl-buy", "ssl-gencrt", "edit-mx", "passwd", "file-restore", "create-dns", "kill-dns", "park-dns",
            "edit-dns", "add-pkg", "edit-pkg", "thirdparty", "mailcheck", "news", "assign-root-account-enhancements")
PACKAGE = ("allow-shell", "viewglobalpackages", "allow-addoncreate", "allow-parkedcreate", "add-pkg-ip",
           "add-pkg-shell", "allow-unlimited-pkgs", "allow-emaillimits-pkgs", "allow-unlimited-disk-pkgs",
           "allow-unlimited-bw-pkgs")
GLOBAL = ("status", "stats", "restart", "resftp")
SUPER = ("edit-account", "limit-bandwidth", "quota", "demo-setup", "rearrange-accts", "clustering", "locale-edit")
BASIC = ("acct-summary", "basic-whm-functions", "create-user-session", "digest-auth", "generate-email-config",
         "manage-api-tokens", "manage-oidc", "manage-styles", "mysql-info", "public-contact", "ssl-info",
         "basic-system-info", "cors-proxy-get", "cpanel-integration", "list-pkgs", "manage-dns-records",
         "ns-config", "track-email", "cpanel-api", "connected-applications")
ALL_ACLS = ("all",) + STANDARD + PACKAGE + GLOBAL + SUPER + BASIC
KNOWN = frozenset(ALL_ACLS)

# A reseller whose ACL list was never set (e.g. made in another panel): the basic privileges and
# the account functions a reseller needs to sell hosting.
DEFAULT_RESELLER = frozenset(BASIC + ("list-accts", "show-bandwidth", "create-acct", "kill-acct", "suspend-acct",
                                      "upgrade-account", "passwd", "create-dns", "kill-dns", "edit-dns", "add-pkg",
                                      "edit-pkg", "viewglobalpackages"))

_READ = ("accounts:read", "subscriptions:read", "domains:read", "plans:read", "ips:read", "server:read", "dns:read")
# ACL -> the core authorization actions its functions need.
ACTIONS: dict[str, tuple[str, ...]] = {
    "list-accts": _READ, "acct-summary": _READ, "show-bandwidth": _READ, "basic-system-info": ("server:read",),
    "basic-whm-functions": ("server:read",), "list-pkgs": ("plans:read",), "viewglobalpackages": ("plans:read",),
    "create-acct": _READ + ("accounts:create_customer", "subscriptions:*", "domains:*", "dns:*", "mail:*", "ftp:*"),
    "kill-acct": _READ + ("accounts:delete", "subscriptions:*", "domains:*", "dns:*", "mail:*", "databases:*", "ftp:*"),
    "suspend-acct": _READ + ("accounts:set_status", "subscriptions:manage", "domains:update"),
    "upgrade-account": _READ + ("subscriptions:manage",),
    "passwd": _READ + ("accounts:update", "subscriptions:update", "ftp:*"),
    "edit-account": _READ + ("accounts:update", "accounts:set_limits", "subscriptions:*", "domains:*"),
    "quota": _READ + ("subscriptions:manage",), "limit-bandwidth": _READ + ("subscriptions:manage",),
    "add-pkg": ("plans:*",), "edit-pkg": ("plans:*",),
    "create-dns": _READ + ("dns:*",), "kill-dns": _READ + ("dns:*",), "edit-dns": _READ + ("dns:*",),
    "park-dns": _READ + ("dns:*", "domains:*"), "manage-dns-records": _READ + ("dns:*",),
    "manage-api-tokens": ("keys:*",), "create-user-session": _READ + ("sessions:*",),
    "cpanel-api": _READ + ("domains:*", "dns:*", "mail:*", "databases:*", "ftp:*", "api:cpanel",
                                "certificates:*"),
    "ssl": _READ + ("certificates:*",), "ssl-info": _READ + ("certificates:read",),
}
ALWAYS = ("api:whm",)
MARK = "whm:"
SET_FLAG = "whm_acls"


def owned(p: Principal) -> frozenset[str]:
    """The ACLs the principal's account holds (before any token narrows them)."""
    if p.is_admin:
        return KNOWN
    if not p.is_reseller:
        return frozenset()
    explicit = {f[len(MARK):] for f in p.permissions if f.startswith(MARK)}
    if SET_FLAG in p.permissions or explicit:
        return frozenset(explicit) & KNOWN
    return DEFAULT_RESELLER


def effective(p: Principal) -> frozenset[str]:
    """What the principal may use: its account's ACLs, narrowed by a token's list."""
    mine = owned(p)
    if p.scopes:
        marked = {s[len(MARK):] for s in p.scopes if s.startswith(MARK)}
        mine = mine & marked
    return frozenset(mine)


def allows(p: Principal, acl: str | None) -> bool:
    if acl is None:
        return True
    have = effective(p)
    return "all" in have or acl in have


def token_scopes(acls) -> frozenset[str]:
    """``Principal.scopes`` for a WHM token holding ``acls``: empty (the owner's all) when the list is empty or has ``all``."""
    acls = set(acls or ())
    if not acls or "all" in acls:
        return frozenset()
    out = set(ALWAYS)
    for acl in acls:
        out.add(MARK + acl)
        out.update(ACTIONS.get(acl, ()))
    return frozenset(out)


def unknown_or_unowned(p: Principal, acls) -> list[str]:
    """The ACLs of ``acls`` that do not exist or that ``p`` does not hold (a token is never wider than its owner)."""
    have = effective(p)
    return [a for a in acls if a not in KNOWN or (a not in have and "all" not in have)]


def permissions_for(acls) -> dict:
    """The ``Account.permissions`` entries that store a reseller's ACL list (replacing any earlier list)."""
    out = {MARK + a: (a in set(acls)) for a in KNOWN}
    out[SET_FLAG] = True
    return out
