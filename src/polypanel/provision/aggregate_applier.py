"""Appliers whose daemons read one file for all entries (passwd-files, maps).

Each spec is kept as its own small JSON entry file (``<key><suffix>``), so
the shared safe-apply loop works per key; the aggregate files the daemons
read are derived from all staged entries on every change.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from polypanel.provision.file_applier import FileApplier
from polypanel.provision.staging import Content, Staging

SpecT = TypeVar("SpecT")


class AggregateFileApplier(FileApplier[SpecT], Generic[SpecT]):
    suffix = ".entry.json"
    spec_type: type

    def render(self, spec: SpecT) -> dict[str, Content]:
        self.check(spec)
        data = dataclasses.asdict(spec)  # type: ignore[call-overload]
        return {spec.key + self.suffix: json.dumps(data, sort_keys=True) + "\n"}  # type: ignore[attr-defined]

    def keys(self) -> set[str]:
        return {name[: -len(self.suffix)] for name in self.directory.files(self.suffix)}

    def files_of(self, key: str) -> list[str]:
        return [key + self.suffix]

    def derived(self, staging: Staging) -> dict[str, Content | None]:
        specs = [self._load(staging, rel) for rel in staging.names(self.suffix)]
        return self.aggregate(specs)

    def entries(self) -> list[SpecT]:
        """The specs currently applied."""
        return [self._load(self.directory, rel) for rel in self.directory.files(self.suffix)]

    # -- what subclasses define -------------------------------------------------

    def check(self, spec: SpecT) -> None:
        """Raise ``SpecInvalid`` for a spec that cannot be written."""

    def aggregate(self, specs: Sequence[SpecT]) -> dict[str, Content | None]:
        raise NotImplementedError

    def _load(self, where: Any, rel: str) -> SpecT:
        data = json.loads(where.file(rel).read_text() if isinstance(where, Staging) else where.live(rel).read_text())
        fields = {f.name: f for f in dataclasses.fields(self.spec_type)}
        return self.spec_type(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in fields})
