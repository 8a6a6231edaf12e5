"""cPanel-side documents: the UAPI envelope, API 2's ``cpanelresult``, and the messages of failures."""
from __future__ import annotations

from polypanel.core.errors import AlreadyExists, Forbidden, Invalid, LimitExceeded, NotFound, PanelError

from ..whm.wire import Failure


class UapiResult:
    """A UAPI result with messages or warnings besides its data."""

    def __init__(self, data=None, *, messages=None, warnings=None, errors=None, metadata=None):
        self.data, self.messages, self.warnings, self.errors, self.metadata = data, messages, warnings, errors, metadata


def uapi(data=None, *, errors=None, messages=None, warnings=None, metadata=None) -> dict:
    return {"status": 0 if errors else 1, "errors": errors or None, "messages": messages or None,
            "warnings": warnings or None, "metadata": metadata or {}, "data": data}


def api2(module: str, func: str, data=None, *, error: str | None = None, version: int = 2) -> dict:
    doc: dict = {"apiversion": version, "module": module, "func": func}
    if error is not None:
        doc["event"] = {"result": 0, "reason": error}
        doc["error"] = error
        doc["data"] = {"reason": error, "result": "0"}
    else:
        doc["event"] = {"result": 1}
        doc["data"] = data if data is not None else []
    return {"cpanelresult": doc}


# core field -> cPanel parameter
FIELDS = {"name": "name", "login": "name", "local_part": "email", "password": "password", "quota": "quota",
          "forwarding": "fwdemail", "value": "data", "host": "name"}


def message(exc: Exception) -> str:
    if isinstance(exc, Failure):
        return exc.reason
    if isinstance(exc, NotFound):
        return exc.message if exc.message and "is not found" in exc.message else f"The {exc.kind} “{exc.ref}” does not exist."
    if isinstance(exc, Invalid):
        return f"The value of “{FIELDS.get(exc.field, exc.field)}” is invalid: {exc.reason}"
    if isinstance(exc, (AlreadyExists, LimitExceeded, Forbidden, PanelError)):
        return exc.message
    return "The request could not be processed."
