"""Render-only backends: files are written and swapped like the real ones,
but no daemon is validated against or reloaded."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from polypanel.provision.staging import Staging


class DryBackend:
    """A ``FileBackend`` that accepts everything, or what ``check`` accepts
    (an in-process check that raises ``ValidationFailed``)."""

    tool = "dry"

    def __init__(self, check: Callable[[Staging, Sequence[str]], None] | None = None) -> None:
        self.check = check
        self.reloads = 0

    def validate(self, staging: Staging, changed: Sequence[str]) -> Sequence[str]:
        if self.check is not None:
            self.check(staging, changed)
        return ()

    def reload(self) -> None:
        self.reloads += 1
