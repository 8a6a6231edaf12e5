"""Who is calling: ``Authorization: Basic`` (admin or root) or ``X-API-Key``; only the administrator may use this API.

Keys are taken only from the header, never from URL arguments. When both credentials are
sent (some SDKs always send both, the key possibly empty), either one being valid is enough.
"""
from __future__ import annotations

import base64
import binascii

from polypanel.core.errors import AuthFailed
from polypanel.core.principal import Principal

from .errors import PleskError

API = "plesk_rest"
CHALLENGE = {"WWW-Authenticate": 'Basic realm="Plesk REST API"'}


def basic_credentials(header: str) -> tuple[str, str] | None:
    """(login, password) from an ``Authorization: Basic`` header; None if there is no such header."""
    scheme, _, value = (header or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        login, sep, password = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return ("", "")
    return (login, password) if sep else ("", "")


def unauthorized(message: str = "Authentication required: use basic authentication or the X-API-Key header") -> PleskError:
    return PleskError(401, message, headers=CHALLENGE)


def authenticate(env, headers, ip: str) -> Principal:
    """The calling administrator; raises PleskError 401 (no or wrong credentials) or 403 (not the admin). Blocking."""
    basic = basic_credentials(headers.get("authorization", ""))
    key = (headers.get("x-api-key") or "").strip()
    if basic is None and not key:
        raise unauthorized()
    principal = None
    failure: AuthFailed | None = None
    if basic is not None:
        try:
            principal = env.auth.password(basic[0], basic[1], ip=ip, api=API)
        except AuthFailed as e:
            failure = e
    if principal is None and key:
        try:
            principal = env.auth.secret_key(key, ip=ip, api=API)
        except AuthFailed as e:
            failure = e
    if principal is None:
        raise unauthorized(failure.message if failure else "Authentication failed")
    if not principal.is_admin:
        raise PleskError(403, "Access denied: only the Plesk administrator can use the REST API")
    return principal


def require_password(principal: Principal) -> None:
    """Creating keys needs the administrator's password (basic authentication), as in Plesk."""
    if principal.method != "password":
        raise unauthorized("Use basic authentication with the administrator's login and password to create keys")
