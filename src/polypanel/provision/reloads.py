"""Coalesced daemon reloads.

Callers commit files and then ask for a reload.  One reload runs at a time;
everything committed while it ran is covered by the next single reload, so N
concurrent changes cost at most two reloads, and every caller returns only
after a reload that includes its change has finished.  If the daemon refuses
the new files, the commits of that batch are restored (previous files back)
and the daemon is reloaded again with them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager

from polypanel.provision.errors import ReloadFailed
from polypanel.provision.staging import Commit


class CoalescedReload:
    def __init__(self, reload: Callable[[], None], files_lock: AbstractContextManager[object]) -> None:
        self._reload = reload
        self._files_lock = files_lock
        self._reload_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._pending: list[Commit] = []
        self._outcome: dict[int, ReloadFailed | None] = {}
        self.count = 0

    def reload_for(self, commit: Commit) -> bool:
        """Return once a reload covering ``commit`` has finished; True when
        this call ran it.  Raises ``ReloadFailed`` if that reload failed."""
        with self._state_lock:
            self._pending.append(commit)
        with self._reload_lock:
            with self._state_lock:
                if id(commit) in self._outcome:
                    failure = self._outcome.pop(id(commit))
                    if failure is not None:
                        raise failure
                    return False
                batch, self._pending = self._pending, []
            failure = self._run(batch)
            with self._state_lock:
                for other in batch:
                    if other is not commit:
                        self._outcome[id(other)] = failure
            if failure is not None:
                raise failure
            return True

    def _run(self, batch: list[Commit]) -> ReloadFailed | None:
        try:
            self._reload()
            self.count += 1
        except ReloadFailed as failure:
            with self._files_lock:
                for commit in reversed(batch):
                    commit.restore()
            try:
                self._reload()
            except ReloadFailed:
                pass
            return failure
        for commit in batch:
            commit.forget()
        return None
