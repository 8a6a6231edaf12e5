"""event_log (from the audit log), locale, extension: the smaller operators billing modules call."""
from __future__ import annotations

from polypanel.core import audit_log, extensions

from ..errors import XmlError
from .common import filter_of, n, number, spec, text

# The interface languages this panel has: English only.
LOCALES = (("en-US", "en", "US"),)


def _class(action: str) -> str:
    return action.partition(":")[0]


def log_get(ctx, call):
    return [[n("event", [n("type", e.action), n("time", int(e.at.timestamp())), n("class", _class(e.action)),
                         n("id", e.id)]) for e in audit_log.events(ctx)]]


def log_get_events(ctx, call):
    after = text(call.body, "lastId") or text(call.body, "last-id")
    return [[n("event", [n("id", e.id), n("type", e.action), n("time", int(e.at.timestamp())),
                         n("class", _class(e.action)), n("obj_id", e.object_id or ""), n("user", e.actor or ""),
                         n("host", e.source_ip or "")])
             for e in audit_log.events(ctx, after_id=number(after, "lastId") if after else None)]]


def log_last_id(ctx, call):
    return [[n("id", audit_log.last_id(ctx))]]


def locale_get(ctx, call):
    flt = filter_of(call)
    found = [x for x in LOCALES if flt is None or x[0] == flt[1]]
    if not found:
        raise XmlError(1013, "Locale does not exist")
    return [[n("info", [n("id", code), n("lang", lang), n("country", country), n("used", 1),
                        n("enabled", "true")])] for code, lang, country in found]


def extension_get(ctx, call):
    flt = filter_of(call)
    found = extensions.list_(ctx) if flt is None else [extensions.get(ctx, flt[1])]
    return [[n("details", [n("id", e.id), n("name", e.name), n("version", e.version), n("release", e.release),
                           n("active", "true" if e.active else "false")])] for e in found]


EVENT_LOG_OPERATIONS = {
    "get": spec("event_log.get", log_get, read_only=True, action="audit:read"),
    "get_events": spec("event_log.get_events", log_get_events, read_only=True, action="audit:read"),
    "get-last-id": spec("event_log.get-last-id", log_last_id, read_only=True, action="audit:read"),
}
LOCALE_OPERATIONS = {"get": spec("locale.get", locale_get, read_only=True, filtered=True)}
EXTENSION_OPERATIONS = {"get": spec("extension.get", extension_get, read_only=True, action="extensions:read",
                                    filtered=True)}
