"""Processes of a daemon, and waiting on them (Linux ``/proc``)."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

_PR_SET_PDEATHSIG = 1


def _stat_fields(pid: int) -> list[bytes] | None:
    """``/proc/<pid>/stat`` from the state field on, or None when gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return None
    return stat[stat.rfind(b")") + 2 :].split()


def _pids() -> Iterator[int]:
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            yield int(entry)


def child_pids(pid: int) -> set[int]:
    """Pids whose parent is ``pid``."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
        children = set()
        for task in tasks:
            with open(f"/proc/{pid}/task/{task}/children", "rb") as handle:
                children.update(int(child) for child in handle.read().split())
        return children
    except FileNotFoundError:
        if not os.path.exists(f"/proc/{pid}"):
            return set()
    except OSError:
        pass
    # no CONFIG_PROC_CHILDREN (or a task ended meanwhile): scan every process
    children = set()
    for candidate in _pids():
        fields = _stat_fields(candidate)
        if fields is not None and len(fields) > 1 and int(fields[1]) == pid:
            children.add(candidate)
    return children


def alive(pid: int) -> bool:
    """``pid`` exists and is not a zombie waiting for its parent to reap it."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] not in (b"Z", b"X")


def cmdline_words(pid: int) -> list[str]:
    """The command line of ``pid`` as words; [] when gone.  nginx rewrites its
    title into one string ("nginx: master process nginx -p ..."), so split
    on spaces too."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return raw.decode("utf-8", "replace").replace("\0", " ").split()


def pids_with_argument(argument: str) -> list[int]:
    """Live processes (not this one) with ``argument`` as one word of their command line."""
    found = []
    for pid in _pids():
        if pid != os.getpid() and argument in cmdline_words(pid) and alive(pid):
            found.append(pid)
    return found


def read_pid_file(path: Path) -> int | None:
    """The pid in ``path``; None when missing, empty or not a number."""
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() and int(text) > 0 else None


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def stop_process(process: subprocess.Popen[bytes], graceful_signal: int, timeout: float = 10.0) -> None:
    """Send ``graceful_signal``, then SIGKILL (the process and its children) after ``timeout``."""
    if process.poll() is not None:
        return
    process.send_signal(graceful_signal)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        for child in child_pids(process.pid):
            _kill(child, signal.SIGKILL)
        process.kill()
        process.wait(timeout=timeout)


def terminate(pid: int, timeout: float = 10.0) -> bool:
    """Stop ``pid``, which is not our child: SIGTERM, then SIGKILL (with its
    children) after ``timeout``.  True when it is gone."""
    _kill(pid, signal.SIGTERM)
    if wait_until(lambda: not alive(pid), timeout, 0.05):
        return True
    for child in child_pids(pid):
        _kill(child, signal.SIGKILL)
    _kill(pid, signal.SIGKILL)
    return wait_until(lambda: not alive(pid), 5.0, 0.05)


def _kill(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:
        pass


# -- children that die with their parent ------------------------------------------

try:
    _prctl: Any = ctypes.CDLL(None, use_errno=True).prctl
except (OSError, AttributeError):  # not Linux/glibc: orphans stay possible
    _prctl = None

# PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, not the
# process: fork from one thread that lives as long as the process does.
_spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="polypanel-spawn")


def _die_with(parent: int, sig: int) -> Callable[[], None]:
    prctl = _prctl

    def preexec() -> None:  # in the child, between fork and exec: no allocation, no locks
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


def spawn_supervised(command: list[str], *, death_signal: int = signal.SIGTERM, **kwargs: Any) -> subprocess.Popen[bytes]:
    """``subprocess.Popen`` of a child that gets ``death_signal`` when this
    process dies, however it dies (SIGKILL included), so it is never orphaned."""
    preexec = _die_with(os.getpid(), death_signal)
    return _spawner.submit(subprocess.Popen, command, preexec_fn=preexec, **kwargs).result()
