"""What a principal may do: the one check every service and every dialect asks.

An action is ``"<area>:<verb>"`` (``"accounts:create"``, ``"dns:write"``, ``"api:plesk_xml"``).
Three things decide, in this order:

1. the **role** of the effective account (admin, reseller, customer) — ``ROLE_ACTIONS``;
2. the **account's permissions**: some actions need a flag its owner granted
   (``GATED``; e.g. a reseller needs ``manage_xml_api`` for the Plesk XML API, a flag Plesk's
   reseller permissions hold). ``Principal.permissions`` carries the granted flags;
3. the principal's **scopes**: a credential may be narrower than its account (a WHM or cPanel
   API token's ACL list, mapped by its dialect onto actions). Empty scopes mean "whatever the role
   and permissions allow"; a scope never widens what 1 and 2 allow.

Which objects a principal may touch is the other half of access control and lives in
``tenancy`` as query filters; this module says which *kinds of operation* it may run.
"""
from __future__ import annotations

from .errors import Forbidden
from .principal import Principal

# Areas: accounts, subscriptions, domains, dns, mail, databases, ftp, keys, sessions, server,
# extensions, ips, plans, audit, certificates; and api:<dialect> for the use of a remote API at all.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({"*"}),
    "reseller": frozenset({
        "accounts:read", "accounts:create_customer", "accounts:update", "accounts:delete", "accounts:set_status",
        "accounts:set_limits", "subscriptions:*", "domains:*", "dns:*", "mail:*", "databases:*", "ftp:*",
        "keys:*", "sessions:*", "plans:*", "ips:read", "server:read", "audit:read", "certificates:*",
        "api:plesk_xml", "api:whm", "api:cpanel", "api:webmail", "api:ispmgr",
    }),
    "customer": frozenset({
        "accounts:read", "accounts:update_self", "subscriptions:read", "domains:create", "domains:read",
        "domains:update", "domains:delete", "dns:*", "mail:*", "databases:*", "ftp:*", "keys:*",
        "sessions:create_self", "plans:read", "ips:read", "server:read", "certificates:*",
        "api:plesk_xml", "api:cpanel", "api:webmail", "api:ispmgr",
    }),
}

# Actions that, for the roles named, also need a permission flag on the account.
GATED: dict[str, dict[str, str]] = {
    "api:plesk_xml": {"reseller": "manage_xml_api"},
}

# The Plesk REST API is the administrator's only (as in Plesk); listed so the rule is data.
ADMIN_ONLY_APIS = frozenset({"plesk_rest"})


def _matches(action: str, granted: frozenset[str] | set[str]) -> bool:
    if "*" in granted or action in granted:
        return True
    area, _, _verb = action.partition(":")
    return f"{area}:*" in granted


def allows(p: Principal, action: str) -> bool:
    """True when ``p`` may run operations of the kind ``action``."""
    if not _matches(action, ROLE_ACTIONS.get(p.role, frozenset())):
        return False
    flag = GATED.get(action, {}).get(p.role)
    if flag is not None and flag not in p.permissions:
        return False
    if p.scopes and not _matches(action, p.scopes):
        return False
    return True


def require(p: Principal, action: str, message: str | None = None) -> None:
    """Raise ``Forbidden`` unless ``p`` may run ``action``."""
    if not allows(p, action):
        raise Forbidden(message or f"Access denied: not allowed to {action.replace(':', ' ')}")


def may_use_api(p: Principal, api: str) -> bool:
    if api in ADMIN_ONLY_APIS:
        return p.is_admin and (not p.scopes or _matches(f"api:{api}", p.scopes))
    return allows(p, f"api:{api}")


def granted_permissions(permissions: dict | None) -> frozenset[str]:
    """The flags an account's stored permissions grant (truthy values only)."""
    return frozenset(k for k, v in (permissions or {}).items() if v is True or v in ("true", "on", 1))
