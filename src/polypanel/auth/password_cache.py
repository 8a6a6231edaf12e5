"""Remembers recently verified passwords so that a billing system sending a password with
every call does not pay a full argon2 verification each time.

Entries are keyed by an HMAC of login and password under a per-process random key (the
password itself is never kept), hold the account's password hash at the time of
verification, and expire after ``ttl`` seconds. A changed password changes the stored hash,
so the entry no longer matches and is dropped.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time


class PasswordCache:
    def __init__(self, ttl: float = 60.0, max_entries: int = 10000):
        self.ttl = ttl
        self.max_entries = max_entries
        self._key = secrets.token_bytes(32)
        self._entries: dict[bytes, tuple[int, str, float]] = {}
        self._lock = threading.Lock()

    def _k(self, login: str, password: str) -> bytes:
        return hmac.new(self._key, login.lower().encode() + b"\0" + password.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()

    def lookup(self, login: str, password: str, current_hash: str) -> bool:
        k = self._k(login, password)
        with self._lock:
            entry = self._entries.get(k)
            if entry is None:
                return False
            _, stored_hash, expires = entry
            if expires < time.monotonic() or not hmac.compare_digest(stored_hash, current_hash):
                del self._entries[k]
                return False
            return True

    def remember(self, login: str, password: str, account_id: int, current_hash: str) -> None:
        with self._lock:
            if len(self._entries) >= self.max_entries:
                now = time.monotonic()
                self._entries = {k: v for k, v in self._entries.items() if v[2] >= now}
                if len(self._entries) >= self.max_entries:
                    self._entries.clear()
            self._entries[self._k(login, password)] = (account_id, current_hash, time.monotonic() + self.ttl)

    def forget_account(self, account_id: int) -> None:
        with self._lock:
            self._entries = {k: v for k, v in self._entries.items() if v[0] != account_id}
