"""The safe-apply loop shared by every applier whose output is files.

Render -> stage -> validate with the backend's real tool -> swap atomically
-> one coalesced reload.  When the tool rejects the batch, the specs whose
files its message names are dropped from the batch (their content kept as
``<file>.err``) and the rest is validated again; if the message names no
file of the batch, the whole batch is rejected.  Live files never hold
anything the tool has not accepted.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from polypanel.provision.applier import key_of
from polypanel.provision.errors import ApplyFailed, SpecInvalid, ValidationFailed
from polypanel.provision.reloads import CoalescedReload
from polypanel.provision.report import ApplyReport
from polypanel.provision.staging import Commit, ConfigDir, Content, Staging

SpecT = TypeVar("SpecT")


class FileBackend(Protocol):
    """Checks staged files with a real tool and reloads the daemon."""

    tool: str

    def validate(self, staging: Staging, changed: Sequence[str]) -> Sequence[str]:
        """Raise ``ValidationFailed`` if the staged config is bad; return the
        names of files the tool generated in staging (compiled maps)."""
        ...

    def reload(self) -> None:
        """Make the daemon load the live files; raise ``ReloadFailed``."""
        ...


@dataclass
class _Change:
    writes: dict[str, Content] = field(default_factory=dict)
    deletes: set[str] = field(default_factory=set)
    removal: bool = False

    def touches(self, rels: Collection[str]) -> bool:
        return any(rel in rels for rel in (*self.writes, *self.deletes))


class FileApplier(Generic[SpecT]):
    """Base of the file appliers; subclasses say what files a spec renders to."""

    kind = "files"

    def __init__(self, directory: ConfigDir, backend: FileBackend) -> None:
        self.directory = directory
        self.backend = backend
        self._lock = threading.RLock()
        self._reloads = CoalescedReload(backend.reload, self._lock)

    # -- what subclasses define -------------------------------------------------

    def render(self, spec: SpecT) -> dict[str, Content]:
        """The files (name -> content) that ``spec`` owns."""
        raise NotImplementedError

    def files_of(self, key: str) -> list[str]:
        """Names of the files a key may own (to remove them)."""
        raise NotImplementedError

    def keys(self) -> set[str]:
        """Keys currently applied, read from the live directory."""
        raise NotImplementedError

    def prepare(self, spec: SpecT) -> None:
        """Side effects outside the config directory before rendering."""

    def forget(self, key: str) -> None:
        """Side effects after a key's files were removed."""

    def settled(self, key: str) -> None:
        """Side effects once a key's live files are final: its new files went live, or were rejected
        (e.g. drop what ``prepare`` wrote that the live files do not name)."""

    def derived(self, staging: Staging) -> dict[str, Content | None]:
        """Files computed from the whole staged set (None deletes)."""
        return {}

    # -- the interface ----------------------------------------------------------

    @property
    def reload_count(self) -> int:
        return self._reloads.count

    def apply(self, upsert: Iterable[SpecT] = (), remove: Iterable[SpecT | str] = ()) -> ApplyReport:
        return self._apply(list(upsert), [key_of(item) for item in remove], full=False)

    def reconcile(self, desired: Iterable[SpecT]) -> ApplyReport:
        specs = list(desired)
        wanted = {key_of(spec) for spec in specs}
        return self._apply(specs, sorted(self.keys() - wanted), full=True)

    # -- the loop -----------------------------------------------------------------

    def _apply(self, upsert: list[SpecT], remove: list[str], *, full: bool) -> ApplyReport:
        report = ApplyReport(self.kind)
        with self._lock:
            changes = self._plan(upsert, remove, report)
            commit = self._commit(changes, report) if changes or full else None
            for key in report.rejected:
                if key != self.kind:
                    self.settled(key)
        if commit is not None:
            report.reloaded = self._reloads.reload_for(commit)
        if report.rejected:
            raise ApplyFailed(report)
        return report

    def _plan(self, upsert: list[SpecT], remove: list[str], report: ApplyReport) -> dict[str, _Change]:
        changes: dict[str, _Change] = {}
        for spec in upsert:
            key = key_of(spec)
            try:
                self.prepare(spec)
                files = self.render(spec)
            except SpecInvalid as invalid:
                report.rejected[key] = invalid.reason
                continue
            change = _Change()
            for rel, content in files.items():
                if self.directory.read(rel) != _encoded(content):
                    change.writes[rel] = content
            for rel in self.files_of(key):
                if rel not in files and self.directory.live(rel).exists():
                    change.deletes.add(rel)
            if change.writes or change.deletes:
                changes[key] = change
            else:
                report.unchanged += 1
        for key in remove:
            deletes = {rel for rel in self.files_of(key) if self.directory.live(rel).exists()}
            if deletes:
                changes[key] = _Change(deletes=deletes, removal=True)
        return changes

    def _commit(self, changes: dict[str, _Change], report: ApplyReport) -> Commit | None:
        pending = dict(changes)
        while True:
            staging = self._stage(pending)
            if not staging.writes and not staging.deletes:
                staging.discard()
                return None
            try:
                generated = self.backend.validate(staging, sorted(staging.writes))
            except ValidationFailed as failure:
                staging.discard()
                culprits = [k for k, change in pending.items() if change.touches(failure.culprits)]
                if not pending:
                    report.rejected[self.kind] = failure.message
                    return None
                for key in culprits or list(pending):
                    for rel, content in pending[key].writes.items():
                        self.directory.keep_rejected(rel, content)
                    report.rejected[key] = failure.message
                    del pending[key]
                continue
            commit = staging.commit(generated)
            for key, change in pending.items():
                if change.removal:
                    report.removed.append(key)
                    self.forget(key)
                else:
                    report.changed.append(key)
                    self.settled(key)
            return commit

    def _stage(self, pending: dict[str, _Change]) -> Staging:
        writes: dict[str, Content] = {}
        deletes: set[str] = set()
        for change in pending.values():
            writes.update(change.writes)
            deletes.update(change.deletes)
        staging = self.directory.stage(writes, deletes)
        for rel, content in self.derived(staging).items():
            live = self.directory.read(rel)
            if content is None:
                if live is not None:
                    staging.delete(rel)
            elif live != _encoded(content):
                staging.write(rel, content)
            elif rel in staging.writes:
                staging.revert(rel)
        return staging


def _encoded(content: Content) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content
