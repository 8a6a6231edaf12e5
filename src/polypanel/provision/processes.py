"""Child processes of a daemon, and waiting on them (Linux ``/proc``)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable


def child_pids(pid: int) -> set[int]:
    """Pids whose parent is ``pid``."""
    children: set[int] = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) > 1 and int(fields[1]) == pid:
            children.add(int(entry))
    return children


def wait_until(predicate: Callable[[], bool], timeout: float, interval: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def stop_process(process: subprocess.Popen[bytes], graceful_signal: int, timeout: float = 10.0) -> None:
    """Send ``graceful_signal``, then SIGKILL after ``timeout``."""
    if process.poll() is not None:
        return
    process.send_signal(graceful_signal)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout)
