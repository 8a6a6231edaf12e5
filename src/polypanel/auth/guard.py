"""The brute-force guard shared by every login path, shaped like cPanel's cPHulk.

Failures are counted in a sliding window, in the store (so every panel process sees them):

- per source address first: a few failures block that address for a long while;
- per account (the account's own login, whatever alias was typed): a higher threshold, a
  shorter block, so nobody can lock the administrator out from one address;
- trusted addresses (``[security] trusted_ips`` in panel.ini, and ``polypanel unblock
  --allow ADDRESS`` in the store) are never blocked.

During a block even the right password fails, with the same answer as a wrong one. A success
resets the account's failures. Logins that match no account are never stored: the caller
counts them against the address only.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from polypanel.core.clock import Clock
from polypanel.core.errors import Invalid
from polypanel.store.models import AuthBlock, AuthFailure

ALLOW = "allow"  # an AuthBlock row of this kind is an allow-list entry, not a block
FOREVER = datetime(9999, 1, 1)


def _split(value: str) -> list[str]:
    return [x for x in (value or "").replace(",", " ").split() if x]


def network(value: str) -> str:
    """``value`` as a normalised address or network; ValueError if it is neither."""
    return str(ipaddress.ip_network(value.strip(), strict=False))


@dataclass(frozen=True)
class GuardPolicy:
    window_seconds: int = 300
    max_ip_failures: int = 5
    ip_block_seconds: int = 900
    max_login_failures: int = 15
    login_block_seconds: int = 300
    trusted_ips: tuple[str, ...] = ()

    @classmethod
    def from_ini(cls, ini) -> "GuardPolicy":
        """``[security]`` of panel.ini: trusted_ips, and the thresholds under the names of this class."""
        if ini is None or not ini.has_section("security"):
            return cls()
        try:
            numbers = {}
            for name in ("window_seconds", "max_ip_failures", "ip_block_seconds", "max_login_failures",
                         "login_block_seconds"):
                value = ini.get("security", name, fallback="").strip()
                if value:
                    numbers[name] = int(value)
            trusted = tuple(network(x) for x in _split(ini.get("security", "trusted_ips", fallback="")))
        except ValueError as e:
            raise Invalid("[security]", f"in panel.ini is not valid: {e}") from None
        return cls(trusted_ips=trusted, **numbers)


def _contains(networks, ip: str) -> bool:
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for entry in networks:
        try:
            if addr in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


class BruteForceGuard:
    def __init__(self, clock: Clock, policy: GuardPolicy | None = None):
        self.clock = clock
        self.policy = policy or GuardPolicy()

    # -- the hot path ----------------------------------------------------------

    def is_blocked(self, s: Session, login: str, ip: str) -> bool:
        """Whether ``login`` (an account's own login, or "") or ``ip`` is blocked; never for a trusted ip."""
        if ip and _contains(self.policy.trusted_ips, ip):
            return False
        clauses = [AuthBlock.kind == ALLOW]
        if login:
            clauses.append(and_(AuthBlock.kind == "login", AuthBlock.value == login.lower(), AuthBlock.until > self.clock.now()))
        if ip:
            clauses.append(and_(AuthBlock.kind == "ip", AuthBlock.value == ip, AuthBlock.until > self.clock.now()))
        # One query on every authenticated request: the allow list (a few rows) and the blocks that apply.
        rows = s.execute(select(AuthBlock.kind, AuthBlock.value).where(or_(*clauses))).all()
        if ip and _contains([v for k, v in rows if k == ALLOW], ip):
            return False
        return any(k != ALLOW for k, _v in rows)

    def is_trusted(self, s: Session, ip: str) -> bool:
        if not ip:
            return False
        if _contains(self.policy.trusted_ips, ip):
            return True
        return _contains(s.scalars(select(AuthBlock.value).where(AuthBlock.kind == ALLOW)), ip)

    def record_failure(self, s: Session, login: str, ip: str) -> None:
        """Count a failure. ``login`` must be an account's own login or "" (never what was typed)."""
        now = self.clock.now()
        login = (login or "").lower()[:255]
        s.add(AuthFailure(login=login, ip=ip, at=now))
        s.flush()
        since = now - timedelta(seconds=self.policy.window_seconds)
        # Keep the table small: forget failures older than the window.
        s.execute(delete(AuthFailure).where(AuthFailure.at < since))
        if self.is_trusted(s, ip):
            return
        if ip:
            n = s.scalar(select(func.count()).select_from(AuthFailure).where(AuthFailure.ip == ip, AuthFailure.at > since))
            if n >= self.policy.max_ip_failures:
                self._block(s, "ip", ip, now + timedelta(seconds=self.policy.ip_block_seconds))
        if login:
            n = s.scalar(select(func.count()).select_from(AuthFailure).where(AuthFailure.login == login, AuthFailure.at > since))
            if n >= self.policy.max_login_failures:
                self._block(s, "login", login, now + timedelta(seconds=self.policy.login_block_seconds))

    def has_failures(self, s: Session, login: str) -> bool:
        return s.scalar(select(AuthFailure.id).where(AuthFailure.login == (login or "").lower()).limit(1)) is not None

    def record_success(self, s: Session, login: str) -> None:
        """A right password: the account's failure window starts again."""
        s.execute(delete(AuthFailure).where(AuthFailure.login == (login or "").lower()))

    def _block(self, s: Session, kind: str, value: str, until) -> None:
        block = s.scalar(select(AuthBlock).where(AuthBlock.kind == kind, AuthBlock.value == value))
        if block is None:
            s.add(AuthBlock(kind=kind, value=value, until=until))
        else:
            block.until = until

    # -- the administrator's commands --------------------------------------------

    def blocks(self, s: Session) -> list[AuthBlock]:
        return list(s.scalars(select(AuthBlock).where(AuthBlock.kind != ALLOW, AuthBlock.until > self.clock.now())
                              .order_by(AuthBlock.id)))

    def allowed(self, s: Session) -> list[str]:
        """The trusted addresses: panel.ini's, then the store's."""
        stored = s.scalars(select(AuthBlock.value).where(AuthBlock.kind == ALLOW).order_by(AuthBlock.id))
        return list(self.policy.trusted_ips) + [v for v in stored if v not in self.policy.trusted_ips]

    def allow(self, s: Session, address: str) -> str:
        """Trust ``address`` (an address or network) for good, and lift its blocks. ValueError if malformed."""
        value = network(address)
        if s.scalar(select(AuthBlock.id).where(AuthBlock.kind == ALLOW, AuthBlock.value == value)) is None:
            s.add(AuthBlock(kind=ALLOW, value=value, until=FOREVER))
        s.execute(delete(AuthBlock).where(AuthBlock.kind == "ip", AuthBlock.value == address.strip()))
        return value

    def disallow(self, s: Session, address: str) -> int:
        return s.execute(delete(AuthBlock).where(AuthBlock.kind == ALLOW, AuthBlock.value == network(address))).rowcount

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
