"""What one apply or reconcile did."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ApplyReport:
    """Outcome of ``Applier.apply``/``reconcile``.

    ``changed`` and ``removed`` hold spec keys whose config really changed;
    ``unchanged`` counts specs already in the desired state; ``rejected`` maps
    keys to the validating tool's message; ``reloaded`` says whether the
    daemon was reloaded for this call (coalesced reloads may leave it False
    when another caller's reload already covered the change).
    """

    kind: str
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    rejected: dict[str, str] = field(default_factory=dict)
    reloaded: bool = False

    @property
    def changed_anything(self) -> bool:
        return bool(self.changed or self.removed)

    def merge(self, other: ApplyReport) -> None:
        self.changed.extend(other.changed)
        self.removed.extend(other.removed)
        self.unchanged += other.unchanged
        self.rejected.update(other.rejected)
        self.reloaded = self.reloaded or other.reloaded
