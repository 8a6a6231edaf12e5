"""The typed errors of the core. Every dialect maps each of them to its own wire error."""
from __future__ import annotations


class PanelError(Exception):
    """Base of every error a caller may see. ``message`` is safe to show to the caller."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(PanelError):
    def __init__(self, kind: str, ref: object = None, message: str | None = None):
        self.kind = kind
        self.ref = ref
        super().__init__(message or f"{kind.capitalize()} is not found")


class AlreadyExists(PanelError):
    def __init__(self, kind: str, name: str, message: str | None = None):
        self.kind = kind
        self.name = name
        super().__init__(message or f"{kind.capitalize()} with the name '{name}' already exists")


class Invalid(PanelError):
    """A field has a bad value. ``field`` uses the core's field name."""

    def __init__(self, field: str, reason: str):
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")


class Forbidden(PanelError):
    def __init__(self, message: str = "Access denied"):
        super().__init__(message)


class AuthFailed(PanelError):
    def __init__(self, message: str = "Authentication failed"):
        super().__init__(message)


class LimitExceeded(PanelError):
    def __init__(self, limit: str, value: int, message: str | None = None):
        self.limit = limit
        self.value = value
        super().__init__(message or f"The limit '{limit}' ({value}) is reached")


class Conflict(PanelError):
    """The request is well formed but clashes with the state of another object."""
