"""Who is calling: ``Authorization: Basic`` (admin or root) or ``X-API-Key``; only the administrator may use this API.

Keys are taken only from the header, never from URL arguments. When both credentials are
sent (some SDKs always send both, the key possibly empty), each one sent must be valid.
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
        raise unauthorized("The Authorization header is malformed") from None
    if not sep:
        raise unauthorized("The Authorization header is malformed")
    return login, password


def unauthorized(message: str = "Authentication required: use basic authentication or the X-API-Key header") -> PleskError:
    return PleskError(401, message, headers=CHALLENGE)


def authenticate(env, headers, ip: str) -> Principal:
    """The calling administrator; raises PleskError 401 (no or wrong credentials) or 403 (not the admin). Blocking.

    Every credential sent must be valid; an empty ``X-API-Key``, and an empty Basic pair sent
    beside a key (as generated SDKs do), count as not sent.
    """
    basic = basic_credentials(headers.get("authorization", ""))
    key = (headers.get("x-api-key") or "").strip()
    if basic == ("", "") and key:
        basic = None
    if basic is None and not key:
        raise unauthorized()
    try:
        by_password = env.auth.password(basic[0], basic[1], ip=ip, api=API) if basic is not None else None
        by_key = env.auth.secret_key(key, ip=ip, api=API) if key else None
    except AuthFailed as e:
        raise unauthorized(e.message) from None
    principal = by_password or by_key
    if not principal.is_admin or (by_key is not None and not by_key.is_admin):
        raise PleskError(403, "Access denied: only the Plesk administrator can use the REST API")
    return principal


def require_password(principal: Principal) -> None:
    """Creating keys needs the administrator's password (basic authentication), as in Plesk."""
    if principal.method != "password":
        raise unauthorized("Use basic authentication with the administrator's login and password to create keys")
