"""Bytes served per host name, read from the supervised nginx's access log.

The log format is the one ``nginx/nginx.conf.j2`` defines (``vhost``):
``$host $remote_addr [$time_local] "$request" $status $body_bytes_sent``. Lines that do not
parse are skipped; ``access.log.1`` (a rotated log) is read too. Nothing is estimated: a host with
no line in the month has no bytes.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                      "Dec"), start=1)}
MAX_LINE = 16 * 1024


def parse_line(line: str) -> tuple[str, int, int, int] | None:
    """(host, year, month, bytes) of one log line, or None."""
    if len(line) > MAX_LINE:
        return None
    host, _, rest = line.partition(" ")
    start, end = rest.find("["), rest.find("]")
    if not host or start < 0 or end < start:
        return None
    stamp = rest[start + 1:end]  # 30/Nov/2026:12:40:00 +0000
    day_month_year = stamp.split(":", 1)[0].split("/")
    if len(day_month_year) != 3 or day_month_year[1] not in MONTHS or not day_month_year[2].isdigit():
        return None
    last = rest.rstrip().rsplit(" ", 1)[-1]
    if not last.isdigit() or len(last) > 15:
        return None
    return host.lower().rstrip("."), int(day_month_year[2]), MONTHS[day_month_year[1]], int(last)


class TrafficLog:
    """Per-host byte counts of the given log files (re-read only when a file changed)."""

    def __init__(self, paths: Iterable[str | os.PathLike[str]]):
        self.paths = [Path(p) for p in paths]
        self._lock = threading.Lock()
        self._cache: dict[tuple, dict[tuple[int, int], dict[str, int]]] = {}

    def _signature(self) -> tuple:
        out = []
        for path in self.paths:
            for candidate in (path, path.with_name(path.name + ".1")):
                try:
                    st = candidate.stat()
                except OSError:
                    continue
                out.append((str(candidate), st.st_size, st.st_mtime_ns))
        return tuple(out)

    def bytes_by_host(self, year: int, month: int) -> dict[str, int]:
        with self._lock:
            signature = self._signature()
            if signature not in self._cache:
                totals: dict[tuple[int, int], dict[str, int]] = {}
                for name, _size, _mtime in signature:
                    with open(name, encoding="utf-8", errors="replace") as handle:
                        for line in handle:
                            parsed = parse_line(line)
                            if parsed is not None:
                                host, y, m, n = parsed
                                per_host = totals.setdefault((y, m), {})
                                per_host[host] = per_host.get(host, 0) + n
                self._cache = {signature: totals}
            return dict(self._cache[signature].get((year, month), {}))
