"""Core errors -> ISPmanager's ``<error type object lang>`` (always HTTP 200), in English or Russian."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from polypanel.core import errors as core

from ..body import BodyIncomplete, BodyTooLarge

log = logging.getLogger("polypanel.ispmgr")

LANGS = ("en", "ru")
EXISTS_GROUP = "__object__ with '__value__' already exists"

# Core field names -> the ISPmanager form field a client sent.
FIELDS = {
    "login": "name", "password": "passwd", "name": "name", "email": "email", "host": "name", "value": "value",
    "type": "rtype", "ttl": "ttl", "domain": "name", "system_user": "name", "owner_login": "owner",
    "ip_address": "ipaddr", "document_root": "home", "forward_url": "redirect",
    "primary_ns": "primary", "admin_email": "email",
}
KINDS = {"account": "user", "domain": "webdomain", "DNS zone": "domain", "DNS record": "domain.record",
         "plan": "preset", "subscription": "user", "database": "db", "FTP user": "ftp.user", "mailbox": "email"}

# Russian words for each error type (the English message is the core's own).
RU = {
    "auth": "Неверное имя пользователя или пароль",
    "access": "Недостаточно прав для выполнения операции",
    "missed": "Объект не найден: __object__ '__value__'",
    "exists": "__object__ с именем '__value__' уже существует",
    "value": "Неверное значение поля '__object__': __value__",
    "limit": "Превышен лимит '__object__'",
    "conflict": "Операция невозможна: __value__",
    "internal": "Внутренняя ошибка",
}


@dataclass
class IspError(Exception):
    type: str
    object: str
    message: str
    value: str | None = None
    group: str | None = None
    code: int = 0

    def __str__(self) -> str:
        return self.message

    def localized(self, lang: str) -> "IspError":
        if lang != "ru" or self.type not in RU:
            return self
        text = RU[self.type].replace("__object__", self.object or "").replace("__value__", self.value or self.message)
        return IspError(self.type, self.object, text, self.value, self.group, self.code)


def lang_of(value: str | None) -> str:
    """The reply's language: en or ru; anything else falls back to English."""
    value = (value or "").strip().lower()
    return value if value in LANGS else "en"


def bad_password(ip: str) -> IspError:
    return IspError("auth", "badpassword", "Invalid username or password", f"remote_addr: [{ip}]", code=6)


def unknown_function(func: str) -> IspError:
    return IspError("missed", "func", f"Function '{func}' is not found" if func else "The func parameter is required",
                    func, code=3)


def from_exception(exc: Exception, ip: str = "") -> IspError:
    if isinstance(exc, IspError):
        return exc
    if isinstance(exc, core.AuthFailed):
        return bad_password(ip)
    if isinstance(exc, core.Forbidden):
        return IspError("access", "", exc.message, code=6)
    if isinstance(exc, core.NotFound):
        return IspError("missed", KINDS.get(exc.kind, exc.kind), exc.message,
                        None if exc.ref is None else str(exc.ref), code=3)
    if isinstance(exc, core.AlreadyExists):
        return IspError("exists", KINDS.get(exc.kind, exc.kind), exc.message, exc.name, EXISTS_GROUP, code=2)
    if isinstance(exc, core.Invalid):
        field = FIELDS.get(exc.field, exc.field)
        return IspError("value", field, exc.message.replace(f"{exc.field}:", f"{field}:", 1), exc.reason, code=4)
    if isinstance(exc, core.LimitExceeded):
        return IspError("limit", exc.limit, exc.message, str(exc.value), code=5)
    if isinstance(exc, (core.Conflict, core.PanelError)):
        return IspError("conflict", "", exc.message, exc.message, code=1)
    if isinstance(exc, BodyTooLarge):
        return IspError("value", "body", str(exc), code=4)
    if isinstance(exc, BodyIncomplete):
        return IspError("value", "body", str(exc), code=4)
    log.exception("unexpected error in the ISPmanager API")
    return IspError("internal", "", "Internal error", code=1)
