"""Who may call the Plesk REST API: the administrator only (as in Plesk), by Basic or ``X-API-Key``;
resellers and customers only ``POST /server/session``, as Plesk documents it.

Credentials are parsed in ``polypanel.auth.credentials``; keys are taken only from the header,
never from URL arguments. When both are sent (some SDKs always send both, the key possibly
empty), each one sent must be valid.
"""
from __future__ import annotations

from polypanel.core import authorization
from polypanel.core.principal import Principal

from .errors import PleskError

API = "plesk_rest"
CHALLENGE = {"WWW-Authenticate": 'Basic realm="Plesk REST API"'}


def unauthorized(message: str = "Authentication required: use basic authentication or the X-API-Key header") -> PleskError:
    return PleskError(401, message, headers=CHALLENGE)


def require_admin(principal: Principal) -> None:
    if not authorization.may_use_api(principal, API):
        raise PleskError(403, "Access denied: only the Plesk administrator can use the REST API")


def require_remote_api(principal: Principal) -> None:
    """``POST /server/session``: the administrator, or a reseller or customer allowed the remote API
    (Plesk: "Ability to use remote API", the permission the XML API needs too)."""
    if principal.is_admin:
        require_admin(principal)
    elif not authorization.may_use_api(principal, "plesk_xml"):
        raise PleskError(403, "Access denied: this account may not use the remote API")


def require_password(principal: Principal) -> None:
    """Creating keys needs the administrator's password (basic authentication), as in Plesk."""
    if principal.method != "password":
        raise unauthorized("Use basic authentication with the administrator's login and password to create keys")
