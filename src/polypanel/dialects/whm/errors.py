"""Core errors -> WHM's reason texts (``API failure: ...`` for what a function threw)."""
from __future__ import annotations

from polypanel.core.errors import AlreadyExists, Forbidden, Invalid, LimitExceeded, NotFound, PanelError

from .wire import Failure

# core field -> WHM parameter
FIELDS = {"login": "username", "system_user": "username", "plan": "plan", "name": "name", "domain": "domain",
          "password": "password", "email": "contactemail", "token_name": "token_name", "expires_at": "expires_at"}


def reason(exc: Exception, principal) -> str:
    if isinstance(exc, Failure):
        return exc.reason
    if isinstance(exc, Forbidden) and exc.message == "Permission denied":
        return "Permission denied"
    if isinstance(exc, NotFound):
        ref = exc.ref if exc.ref is not None else ""
        if exc.kind in ("account", "subscription"):
            if principal is not None and not principal.is_admin:
                return f"API failure: You do not have access to an account named “{ref}”."
            return f"API failure: You do not have a user named “{ref}”."
        if exc.kind == "plan":
            return f"API failure: The package “{ref}” does not exist."
        if exc.kind in ("domain", "DNS zone", "zone"):
            return f"API failure: This system does not have a domain named “{ref}”."
        return f"API failure: {exc.message}"
    if isinstance(exc, Invalid):
        return f"API failure: The value of “{FIELDS.get(exc.field, exc.field)}” is invalid: {exc.reason}"
    if isinstance(exc, (AlreadyExists, LimitExceeded, Forbidden, PanelError)):
        return f"API failure: {exc.message}"
    return "API failure: The request could not be processed."
