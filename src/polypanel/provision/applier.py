"""The one interface every applier offers, real or dry.

An applier takes specs (``polypanel.provision.specs``) and makes the world
match them: ``apply`` for an incremental change, ``reconcile`` for the full
desired set (idempotent: a second run reports nothing changed).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Protocol, TypeVar, runtime_checkable

from polypanel.provision.report import ApplyReport

SpecT = TypeVar("SpecT")


@runtime_checkable
class Applier(Protocol[SpecT]):
    kind: str

    def apply(self, upsert: Iterable[SpecT] = (), remove: Iterable[SpecT | str] = ()) -> ApplyReport:
        """Create or update ``upsert``; remove ``remove`` (specs or keys).
        Raises ``ApplyFailed`` if some were rejected (the rest is applied)."""
        ...

    def reconcile(self, desired: Iterable[SpecT]) -> ApplyReport:
        """Make the applied set exactly ``desired``."""
        ...

    def keys(self) -> Collection[str]:
        """Keys of the specs currently applied."""
        ...


def key_of(item: object) -> str:
    """The key of a spec, or the item itself when it is already a key."""
    return item if isinstance(item, str) else item.key  # type: ignore[attr-defined]
