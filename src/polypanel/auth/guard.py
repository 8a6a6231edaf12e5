"""The brute-force guard shared by every login path.

Failures are counted per login and per source IP in a sliding window, in the store (so
every panel process sees them). Past a threshold the login or the IP is blocked for a
while; during a block even the right password fails, with the same answer as a wrong one.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from polypanel.core.clock import Clock
from polypanel.store.models import AuthBlock, AuthFailure


@dataclass(frozen=True)
class GuardPolicy:
    window_seconds: int = 300
    max_login_failures: int = 5
    max_ip_failures: int = 20
    block_seconds: int = 300


class BruteForceGuard:
    def __init__(self, clock: Clock, policy: GuardPolicy | None = None):
        self.clock = clock
        self.policy = policy or GuardPolicy()

    def is_blocked(self, s: Session, login: str, ip: str) -> bool:
        clauses = [(AuthBlock.kind == "login") & (AuthBlock.value == login.lower())]
        if ip:
            clauses.append((AuthBlock.kind == "ip") & (AuthBlock.value == ip))
        # One query on every authenticated request: keep it to one.
        found = s.scalar(select(AuthBlock.id).where(or_(*clauses), AuthBlock.until > self.clock.now()).limit(1))
        return found is not None

    def record_failure(self, s: Session, login: str, ip: str) -> None:
        now = self.clock.now()
        login = (login or "").lower()[:255]
        s.add(AuthFailure(login=login, ip=ip, at=now))
        s.flush()
        since = now - timedelta(seconds=self.policy.window_seconds)
        until = now + timedelta(seconds=self.policy.block_seconds)
        if login:
            n = s.scalar(select(func.count()).select_from(AuthFailure).where(AuthFailure.login == login, AuthFailure.at > since))
            if n >= self.policy.max_login_failures:
                self._block(s, "login", login, until)
        if ip:
            n = s.scalar(select(func.count()).select_from(AuthFailure).where(AuthFailure.ip == ip, AuthFailure.at > since))
            if n >= self.policy.max_ip_failures:
                self._block(s, "ip", ip, until)
        # Keep the table small: forget failures older than the window.
        s.execute(delete(AuthFailure).where(AuthFailure.at < since))

    def record_success(self, s: Session, login: str) -> None:
        s.execute(delete(AuthFailure).where(AuthFailure.login == (login or "").lower()))

    def _block(self, s: Session, kind: str, value: str, until) -> None:
        block = s.scalar(select(AuthBlock).where(AuthBlock.kind == kind, AuthBlock.value == value))
        if block is None:
            s.add(AuthBlock(kind=kind, value=value, until=until))
        else:
            block.until = until

    def blocks(self, s: Session) -> list[AuthBlock]:
        return list(s.scalars(select(AuthBlock).where(AuthBlock.until > self.clock.now()).order_by(AuthBlock.id)))

    def unblock(self, s: Session, *, login: str | None = None, ip: str | None = None) -> int:
        """Lift a block (the admin's command). Returns how many blocks were lifted."""
        n = 0
        if login:
            n += s.execute(delete(AuthBlock).where(AuthBlock.kind == "login", AuthBlock.value == login.lower())).rowcount
            s.execute(delete(AuthFailure).where(AuthFailure.login == login.lower()))
        if ip:
            n += s.execute(delete(AuthBlock).where(AuthBlock.kind == "ip", AuthBlock.value == ip)).rowcount
            s.execute(delete(AuthFailure).where(AuthFailure.ip == ip))
        return n
