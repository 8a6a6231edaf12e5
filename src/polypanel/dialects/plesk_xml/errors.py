"""Core errors -> Plesk XML API error codes and texts (research/plesk.md (c))."""
from __future__ import annotations

import logging

from polypanel.core import errors as core

from ..body import BodyIncomplete, BodyTooLarge
from .wire import PacketError

log = logging.getLogger(__name__)

AUTH_FAILED = 1001
NOT_FOUND = 1013
PARSER = 1014
INVALID = 1019
FAILED = 1023
NO_AUTH = 1029
BAD_KEY = 11003

# How Plesk names a missing object (certbot-dns-plesk matches "Site does not exist").
MISSING = {
    "site": "Site does not exist", "domain": "Site does not exist", "webspace": "Webspace does not exist",
    "subscription": "Webspace does not exist", "key": "Key is not found", "session": "Session does not exist",
    "account": "Client does not exist", "customer": "Client does not exist", "reseller": "Reseller does not exist",
    "DNS record": "DNS record does not exist", "DNS zone": "Site does not exist", "plan": "Service plan does not exist",
}

# core field names -> the XML API's element names
FIELDS = {"forward_url": "redirect", "document_root": "www_root", "login": "login", "password": "passwd",
          "email": "email", "name": "name", "host": "host", "value": "value", "type": "type"}


class XmlError(Exception):
    """An error a handler raises with Plesk's own code and text."""

    def __init__(self, code: int, text: str):
        super().__init__(text)
        self.code = code
        self.text = text


def code_and_text(exc: Exception) -> tuple[int, str]:
    """The (errcode, errtext) of an error inside one operation's result."""
    if isinstance(exc, (XmlError, PacketError)):
        return exc.code, exc.text
    if isinstance(exc, core.NotFound):
        return NOT_FOUND, MISSING.get(exc.kind, exc.message)
    if isinstance(exc, core.AlreadyExists):
        return 1007, exc.message
    if isinstance(exc, core.Invalid):
        return INVALID, f"{FIELDS.get(exc.field, exc.field)}: {exc.reason}"
    if isinstance(exc, core.Forbidden):
        return 1006, exc.message
    if isinstance(exc, core.AuthFailed):
        return AUTH_FAILED, exc.message
    if isinstance(exc, core.LimitExceeded):
        return 1024, exc.message
    if isinstance(exc, core.PanelError):
        return FAILED, exc.message
    log.exception("Plesk XML operation failed", exc_info=exc)
    return FAILED, "Operation failed"


def system(exc: Exception, credential: str = "") -> tuple[int, str]:
    """The (errcode, errtext) of an error that stops the whole packet (a ``<system>`` error)."""
    if isinstance(exc, PacketError):
        return exc.code, exc.text
    if isinstance(exc, core.AuthFailed):
        if credential == "none":
            return NO_AUTH, "Authentication method is not specified"
        if credential == "key":
            return BAD_KEY, "Secret key validation failed"
        return AUTH_FAILED, "Authentication failed - wrong password."
    if isinstance(exc, BodyTooLarge):
        return PARSER, "Parser error: the request is too large"
    if isinstance(exc, BodyIncomplete):
        return PARSER, "Parser error: the request is incomplete"
    if isinstance(exc, core.Forbidden):
        return 1006, exc.message
    return code_and_text(exc)
