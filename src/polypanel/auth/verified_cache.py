"""Principals verified moments ago, so that a client repeating the same credential on every call
(as billing systems and SDKs do) is not looked up in the store, hashed and guard-checked each time.

Safety across processes comes from a short lifetime: an entry lives ``ttl`` seconds (2 by
default), so a key revoked, a password changed, an account suspended or an address blocked by
*another* panel process takes effect here within that time. Changes made in *this* process drop
every entry at once: the core bumps ``Panel.credentials_epoch`` when credentials or account
states change, and the guard does when it sets a block.

Entries are keyed by an HMAC, under a per-process random key, of the credential's kind, its
secret, the login, the client's address and the API; no secret is kept in memory.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import replace

from polypanel.core.principal import Principal


class VerifiedCache:
    def __init__(self, ttl: float = 2.0, max_entries: int = 10000):
        self.ttl = ttl
        self.max_entries = max_entries
        self._key = secrets.token_bytes(32)
        self._entries: dict[bytes, tuple[Principal, float, int]] = {}
        self._lock = threading.Lock()

    def key(self, *parts: str) -> bytes:
        msg = b"\0".join(p.encode("utf-8", "surrogatepass") for p in parts)
        return hmac.new(self._key, msg, hashlib.sha256).digest()

    def get(self, key: bytes, epoch: int) -> Principal | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        principal, expires, entry_epoch = entry
        if expires < time.monotonic() or entry_epoch != epoch:
            with self._lock:
                self._entries.pop(key, None)
            return None
        return principal

    def put(self, key: bytes, principal: Principal, epoch: int) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            if len(self._entries) >= self.max_entries:
                now = time.monotonic()
                self._entries = {k: v for k, v in self._entries.items() if v[1] >= now}
                if len(self._entries) >= self.max_entries:
                    self._entries.clear()
            self._entries[key] = (replace(principal), time.monotonic() + self.ttl, epoch)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
