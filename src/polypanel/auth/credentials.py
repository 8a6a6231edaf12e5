"""Every way a remote API sends credentials, parsed in one place into ``Credentials``.

- ``Authorization: Basic base64(login:password)`` (every API);
- header pairs: Plesk XML's ``HTTP_AUTH_LOGIN`` + ``HTTP_AUTH_PASSWD`` (servers that turn ``_``
  into ``-`` are matched too);
- keys: Plesk's ``KEY`` (XML API) and ``X-API-Key`` (REST API);
- tokens: ``Authorization: whm USER:TOKEN`` and ``cpanel USER:TOKEN`` (scheme in any case);
- query credentials where a protocol puts them in the URL or form: ISPmanager's
  ``authinfo=login:password`` and ``auth=SESSION``.

Parsing only: nothing here checks a secret. ``Authenticator.verify`` turns ``Credentials`` into a
``Principal`` through the brute-force guard. A dialect says which forms its protocol uses
(``CredentialForms``); a credential sent in a form the protocol does not use is ignored.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Mapping

MAX_SECRET = 1024  # longer values are refused before any lookup


class MalformedCredentials(ValueError):
    """A credential header is present but cannot be read (e.g. Basic that is not base64)."""


@dataclass(frozen=True)
class CredentialForms:
    """Which credential forms a protocol accepts."""

    basic: bool = True
    header_pair: tuple[str, str] | None = None  # e.g. ("HTTP_AUTH_LOGIN", "HTTP_AUTH_PASSWD")
    key_headers: tuple[str, ...] = ()  # e.g. ("KEY",) or ("X-API-Key",)
    token_schemes: tuple[str, ...] = ()  # e.g. ("whm",) or ("cpanel",)
    query_pair: str | None = None  # e.g. "authinfo" (login:password)
    query_session: str | None = None  # e.g. "auth"


@dataclass(frozen=True)
class Credentials:
    """What a request carried. Each field is None when that form was not sent (or sent empty)."""

    password: tuple[str, str] | None = None  # (login, password) from Basic, a header pair or the query
    password_source: str = ""  # basic | header_pair | query
    key: str | None = None
    token: tuple[str, str, str] | None = None  # (scheme, login, token)
    session: str | None = None
    extras: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.password is None and self.key is None and self.token is None and self.session is None


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name.lower())
    if value is None and "_" in name:
        value = headers.get(name.lower().replace("_", "-"))
    return (value or "").strip()


def parse_basic(value: str) -> tuple[str, str]:
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise MalformedCredentials("The Authorization header is malformed") from None
    login, sep, password = decoded.partition(":")
    if not sep:
        raise MalformedCredentials("The Authorization header is malformed")
    return login, password


def _pair(value: str, what: str) -> tuple[str, str]:
    login, sep, secret = value.partition(":")
    if not sep:
        raise MalformedCredentials(f"{what} must be LOGIN:SECRET")
    return login.strip(), secret.strip()


def parse(forms: CredentialForms, headers: Mapping[str, str], query: Mapping[str, str] | None = None) -> Credentials:
    """Read every credential ``forms`` allows from ``headers`` (lower-case keys) and ``query``."""
    query = query or {}
    password = source = None
    token = None
    authorization = (headers.get("authorization") or "").strip()
    scheme, _, rest = authorization.partition(" ")
    scheme = scheme.lower()
    if len(authorization) > 4 * MAX_SECRET:
        raise MalformedCredentials("The Authorization header is too long")
    if scheme == "basic" and forms.basic:
        login, secret = parse_basic(rest)
        if login or secret:
            password, source = (login, secret), "basic"
    elif scheme in forms.token_schemes:
        login, secret = _pair(rest.strip(), f"Authorization: {scheme}")
        token = (scheme, login, secret)
    if password is None and forms.header_pair:
        login, secret = (_header(headers, n) for n in forms.header_pair)
        if login or secret:
            password, source = (login, secret), "header_pair"
    key = None
    for name in forms.key_headers:
        key = _header(headers, name) or None
        if key:
            break
    if password is None and forms.query_pair and query.get(forms.query_pair):
        password, source = _pair(str(query[forms.query_pair]), forms.query_pair), "query"
    session = (str(query.get(forms.query_session) or "").strip() or None) if forms.query_session else None
    for value in (key, session, *(password or ()), *(token or ())):
        if value is not None and len(value) > MAX_SECRET:
            raise MalformedCredentials("A credential is too long")
    return Credentials(password=password, password_source=source or "", key=key, token=token, session=session)
