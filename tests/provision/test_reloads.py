from __future__ import annotations

import threading
import time

import pytest

from polypanel.provision.errors import ReloadFailed
from polypanel.provision.reloads import CoalescedReload


class FakeCommit:
    def __init__(self) -> None:
        self.restored = self.forgotten = False

    def restore(self) -> None:
        self.restored = True

    def forget(self) -> None:
        self.forgotten = True


def test_changes_arriving_during_a_reload_share_the_next_one():
    started = threading.Event()
    calls = []

    def reload() -> None:
        calls.append(time.monotonic())
        started.set()
        time.sleep(0.3)

    reloads = CoalescedReload(reload, threading.Lock())
    first = FakeCommit()
    results: dict[int, bool] = {}
    runner = threading.Thread(target=lambda: results.update({0: reloads.reload_for(first)}))
    runner.start()
    started.wait(5)
    late = [FakeCommit() for _ in range(5)]
    threads = [threading.Thread(target=lambda i=i, c=c: results.update({i: reloads.reload_for(c)})) for i, c in enumerate(late, 1)]
    for thread in threads:
        thread.start()
    for thread in [runner, *threads]:
        thread.join(10)
    assert len(calls) == 2  # the first, and one for all five late changes
    assert sum(results.values()) == 2 and len(results) == 6
    assert all(commit.forgotten for commit in [first, *late])


def test_failed_reload_restores_the_batch_and_tells_every_caller():
    attempts = []

    def reload() -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise ReloadFailed("nginx", "bind() to 192.0.2.1:80 failed")

    reloads = CoalescedReload(reload, threading.Lock())
    commit = FakeCommit()
    with pytest.raises(ReloadFailed, match="bind"):
        reloads.reload_for(commit)
    assert commit.restored and len(attempts) == 2  # reloaded again with the previous files
