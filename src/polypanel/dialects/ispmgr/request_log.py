"""The request log, in ISPmanager's format (``var/ispmgr.log``), in the data dir as ``ispmgr.log``:

    Nov 30 10:21:02 [4242:1] core_module INFO Request [203.0.113.5][root] 'func=webdomain&out=xml'

One line per call; the parameters sorted and url-encoded, ``authinfo=*``, and every password, key
and session id masked, so "do it once, then read the call back out of the log" works.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

MASKED = ("authinfo", "auth", "password", "passwd", "confirm", "key", "old_passwd")
MAX_LINE = 8192


def _masked(key: str) -> bool:
    k = key.lower()
    return k in MASKED or k.endswith("_password") or k.endswith("_passwd") or k.endswith("_confirm")


def _encode(text: str) -> str:
    """As ISPmanager writes values: letters, digits and '.' as they are, everything else %XX (``-`` is %2D)."""
    return "".join(c if (c.isascii() and c.isalnum()) or c == "." else
                   "".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass")) for c in str(text))


def params(form: dict) -> str:
    parts = []
    for key in sorted(form):
        value = "*" if _masked(key) and form[key] else form[key]
        parts.append(f"{_encode(key).replace('%5F', '_')}={value if value == '*' else _encode(value)}")
    return "&".join(parts)


def line(source: str, user: str, form: dict, now: float | None = None) -> str:
    stamp = time.strftime("%b %d %H:%M:%S", time.localtime(now if now is not None else time.time()))
    if stamp[4] == "0":
        stamp = stamp[:4] + " " + stamp[5:]  # "Jan  3", as syslog writes it
    text = f"{stamp} [{os.getpid()}:{threading.get_ident() % 100000}] core_module INFO Request " \
           f"[{_clean(source)}][{_clean(user)}] '{params(form)}'"
    return text[:MAX_LINE] + "\n"


def _clean(text: str) -> str:
    return "".join(c for c in str(text) if c.isprintable() and c not in "[]")[:64]


class RequestLog:
    def __init__(self, path: Path | None):
        self.path = path
        self._lock = threading.Lock()

    @classmethod
    def for_env(cls, env) -> "RequestLog":
        data_dir = getattr(env, "data_dir", None)
        return cls(Path(data_dir) / "ispmgr.log" if data_dir else None)

    def request(self, source: str, user: str, form: dict) -> None:
        if self.path is None:
            return
        text = line(source, user, form)
        try:
            with self._lock, open(self.path, "a", encoding="utf-8") as f:
                f.write(text)
        except OSError:
            pass  # a log that cannot be written never fails the call
