"""Plesk REST errors: ``{"code": <HTTP status>, "message": ...}``, plus ``errors`` on validation failures."""
from __future__ import annotations

import logging

from starlette.responses import JSONResponse, Response

from polypanel.core import errors as core

log = logging.getLogger("polypanel.plesk_rest")

# Core field names -> the request property a Plesk client sent.
PROPERTIES = {
    "type": "type", "system_user": "hosting_settings.ftp_login", "forward_url": "hosting_settings.dest_url",
    "document_root": "www_root",
    "ip_address": "ip_addresses", "postal_code": "post_code", "quota_mb": "quota", "owner_login": "owner_login",
}
# What each kind of object is called by when it already exists.
EXISTING = {"account": "login", "domain": "name", "system user": "hosting_settings.ftp_login", "FTP user": "name",
            "database": "name", "database user": "login", "DNS record": "value"}


# Core messages -> Plesk's words for them.
NOT_FOUND = {"Account is not found": "Client is not found"}


class PleskError(Exception):
    def __init__(self, status: int, message: str, errors: list[tuple[str, str]] | None = None,
                 headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or []
        self.headers = headers or {}

    def response(self) -> Response:
        body = {"code": self.status, "message": _sendable(self.message)}
        if self.errors:
            body["errors"] = [{"property": _sendable(p), "message": _sendable(m)} for p, m in self.errors]
        return JSONResponse(body, status_code=self.status, headers=self.headers)


def _sendable(text: str) -> str:
    """Text that UTF-8 can encode: an error that quotes the caller's input never fails to be sent."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


def invalid(errors: list[tuple[str, str]]) -> PleskError:
    message = "; ".join(f"{p}: {m}" if p else m for p, m in errors) or "Invalid request data"
    return PleskError(400, message, errors)


def from_core(exc: Exception) -> PleskError:
    """The wire error for an error raised by the core (or, as a last resort, by the store)."""
    if isinstance(exc, PleskError):
        return exc
    if isinstance(exc, core.NotFound):
        return PleskError(404, NOT_FOUND.get(exc.message, exc.message))
    if isinstance(exc, core.Invalid):
        prop = PROPERTIES.get(exc.field, exc.field)
        return PleskError(400, f"{prop}: {exc.reason}", [(prop, exc.reason)])
    if isinstance(exc, core.AlreadyExists):
        prop = EXISTING.get(exc.kind, "name")
        return PleskError(400, exc.message, [(prop, exc.message)])
    if isinstance(exc, core.AuthFailed):
        return PleskError(401, exc.message)
    if isinstance(exc, core.Forbidden):
        return PleskError(403, exc.message)
    if isinstance(exc, (core.LimitExceeded, core.Conflict, core.PanelError)):
        return PleskError(400, exc.message)
    log.exception("unexpected error in the Plesk REST API")
    return PleskError(500, "Internal server error")
