"""Turns any credential into a Principal, through one brute-force guard and one audit trail."""
from __future__ import annotations

import hmac
import ipaddress
import secrets

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session as OrmSession

from polypanel.core import access_hashes, accounts, authorization, hosting_accounts, mail
from polypanel.core.errors import AuthFailed
from polypanel.core.panel import Panel
from polypanel.core.password_hashes import crypt_sha512, hash_login_password, verify_crypt_sha512, verify_login_password
from polypanel.core.principal import Principal
from polypanel.store.models import (Account, ApiToken, AuditEvent, Domain, Mailbox, OneTimeKey, SecretKey, Session,
                                     Setting)

from .guard import BruteForceGuard
from .password_cache import PasswordCache
from .verified_cache import VerifiedCache
from .secrets_hash import digest

GENERIC = "Authentication failed: wrong login or password, or access is temporarily blocked"
LAST_USE_PRECISION = 60  # seconds: a session's last use is written at most this often
AUDIT_PREFIX = 4  # characters kept of a typed login that names no account (it may be a key or a password)

_dummy: list[str] = []
_dummy_crypts: list[str] = []
WEBMAIL = "webmail"


def _dummy_crypt() -> str:
    """A SHA-512 crypt hash nobody's password matches, so an unknown mail account costs the same time."""
    if not _dummy_crypts:
        _dummy_crypts.append(crypt_sha512(secrets.token_urlsafe(24)))
    return _dummy_crypts[0]


def dummy_hash() -> str:
    """An argon2 hash with the parameters of real ones, verified when the login names no account."""
    if not _dummy:
        _dummy.append(hash_login_password(secrets.token_urlsafe(16)))
    return _dummy[0]


def typed_login_for_audit(typed: str, acc: Account | None) -> str:
    """What an audit row may hold of a typed login: the account's own login, or a short prefix."""
    if acc is not None:
        return acc.login
    typed = typed or ""
    return typed if not typed else typed[:AUDIT_PREFIX] + "..."


def ip_allowed(ip: str, allowed: list[str]) -> bool:
    """``allowed`` holds addresses or networks; an empty list allows every address."""
    if not allowed:
        return True
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for entry in allowed:
        try:
            if addr in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def _principal(acc: Account, *, method: str, ip: str, api: str, actor: Account | None = None,
               scopes: frozenset[str] = frozenset(), bound_ips: tuple[str, ...] = ()) -> Principal:
    actor = actor or acc
    return Principal(actor_id=actor.id, actor_login=actor.login, account_id=acc.id, login=acc.login, role=acc.role,
                     method=method, source_ip=ip, api=api, scopes=scopes, bound_ips=bound_ips,
                     permissions=authorization.granted_permissions(acc.permissions))


def _active(acc: Account) -> bool:
    return accounts.effective_status(acc) == "active"


class Authenticator:
    def __init__(self, panel: Panel, guard: BruteForceGuard | None = None, cache: PasswordCache | None = None):
        self.panel = panel
        self.guard = guard or BruteForceGuard(panel.clock)
        self.cache = cache or PasswordCache()
        self.verified = VerifiedCache()

    # -- helpers ---------------------------------------------------------------

    def _fail(self, _reader: OrmSession, typed: str, ip: str, api: str, method: str, acc: Account | None = None) -> AuthFailed:
        """Count and audit a failure. Only an account's own login is stored, never what was typed."""
        with self.panel.sessions() as s, s.begin():
            self.guard.record_failure(s, acc.login if acc is not None else "", ip)
            s.add(AuditEvent(at=self.panel.clock.now(), actor=typed_login_for_audit(typed, acc), effective="",
                             source_ip=ip, api=api, action="auth:failure", object_type="credential", detail=method))
        return AuthFailed(GENERIC)

    @staticmethod
    def _account(s: OrmSession, login: str) -> Account | None:
        """The account a typed login names: its login in any case, or ``root`` for the administrator."""
        if not login or len(login) > 64:
            return None
        if accounts.is_admin_alias(login):
            return s.scalar(select(Account).where(Account.role == "admin").order_by(Account.id))
        return s.scalar(select(Account).where(func.lower(Account.login) == login.lower()))

    # -- parsed credentials (auth.credentials) -> Principal --------------------------

    def _verified_key(self, c, ip: str, api: str) -> bytes | None:
        if c.session is not None:
            return None  # a session's use is recorded (at most once a minute) and its expiry checked per call
        return self.verified.key(api, ip, c.password_source, *(c.password or ("", "")), c.key or "",
                                 *(c.token or ("", "", "")))

    def cached(self, c, *, ip: str = "", api: str = "core") -> Principal | None:
        """The principal for ``c`` when it was verified moments ago in this process, else None (cheap)."""
        key = self._verified_key(c, ip, api)
        return None if key is None else self.verified.get(key, self.panel.credentials_epoch)

    def verification_key(self, c, *, ip: str = "", api: str = "core") -> bytes | None:
        """What identifies one verification of ``c`` (None for credentials verified on every use):
        concurrent requests with the same key may share one verification."""
        return self._verified_key(c, ip, api)

    def verify(self, c, *, ip: str = "", api: str = "core") -> Principal:
        """The principal for parsed credentials ``c``. Every credential sent must be valid; when
        several are sent (some SDKs always send a password and a key), they must name one account."""
        epoch = self.panel.credentials_epoch
        found = []
        if c.password is not None:
            found.append(self.password(c.password[0], c.password[1], ip=ip, api=api))
        if c.key is not None:
            found.append(self.secret_key(c.key, ip=ip, api=api))
        if c.token is not None:
            found.append(self.api_token(c.token[1], c.token[2], ip=ip, api=api))
        if c.session is not None:
            found.append(self.session(c.session, kind=api, ip=ip, api=api))
        if not found:
            raise AuthFailed(GENERIC)
        if any(p.account_id != found[0].account_id for p in found[1:]):
            raise AuthFailed("The credentials sent name different accounts")
        key = self._verified_key(c, ip, api)
        if key is not None:
            self.verified.put(key, found[0], epoch)
        return found[0]

    def canonical_login(self, login: str) -> str | None:
        """The account's own login for a typed one (``root`` -> the administrator's); None if none."""
        with self.panel.readers() as s:
            acc = self._account(s, (login or "").strip())
            return acc.login if acc is not None else None

    def _reset_failures(self, login: str) -> None:
        with self.panel.readers() as s:
            if not self.guard.has_failures(s, login):
                return  # the common case: no write on a good login
        with self.panel.sessions() as s, s.begin():
            self.guard.record_success(s, login)

    # -- credential kinds --------------------------------------------------------

    def password(self, login: str, password: str, *, ip: str = "", api: str = "core") -> Principal:
        login = (login or "").strip()
        if api == WEBMAIL and "@" in login:
            return self.mailbox_password(login, password, ip=ip)
        with self.panel.readers() as s:
            if not login or not password or len(login) > 255 or len(password) > 1024:
                raise self._fail(s, login, ip, api, "password")
            acc = self._account(s, login)
            blocked = self.guard.is_blocked(s, acc.login if acc is not None else "", ip)
            # Exactly one argon2 verification whatever happens (a missing account, a block), so
            # the time taken tells nothing; a remembered right password skips it.
            if acc is not None and not blocked and self.cache.lookup(acc.login, password, acc.password_hash):
                ok = True
            else:
                ok = verify_login_password(acc.password_hash if acc is not None else dummy_hash(), password)
            if blocked or acc is None or not ok or not _active(acc):
                raise self._fail(s, login, ip, api, "password", acc)
            self.cache.remember(acc.login, password, acc.id, acc.password_hash)
        self._reset_failures(acc.login)
        return _principal(acc, method="password", ip=ip, api=api)

    def mailbox_password(self, address: str, password: str, *, ip: str = "") -> Principal:
        """A mail account's own login (cPanel Webmail): its customer, limited to that mailbox."""
        address = (address or "").strip().lower()
        local, _, domain = address.partition("@")
        with self.panel.readers() as s:
            if not local or not domain or len(address) > 255 or not password or len(password) > 1024:
                raise self._fail(s, address, ip, WEBMAIL, "mailbox")
            mb = s.scalar(select(Mailbox).join(Domain, Mailbox.domain_id == Domain.id)
                          .where(Mailbox.local_part == local, Domain.ascii_name == domain))
            blocked = self.guard.is_blocked(s, address, ip)
            stored = mb.password_hash if mb is not None and mb.password_hash else _dummy_crypt()
            ok = verify_crypt_sha512(password, stored)  # one verification whatever happens
            sub = mb.domain.subscription if mb is not None else None
            acc = (hosting_accounts.customer_of(sub) or sub.owner) if sub is not None else None
            if blocked or mb is None or not ok or not mb.enabled or sub.status != "active" or not _active(acc):
                raise self._fail(s, address, ip, WEBMAIL, "mailbox")
        self._reset_failures(address)
        return _principal(acc, method="mailbox", ip=ip, api=WEBMAIL, scopes=mail.mailbox_scopes(address))

    def secret_key(self, key: str, *, ip: str = "", api: str = "core") -> Principal:
        with self.panel.readers() as s:
            if not key or len(key) > 256 or self.guard.is_blocked(s, "", ip):
                raise self._fail(s, "", ip, api, "secret_key")
            row = s.scalar(select(SecretKey).where(SecretKey.key_hash == digest(key)))
            if row is None or not hmac.compare_digest(row.key_hash, digest(key)) \
                    or not ip_allowed(ip, row.ips) or not _active(row.account):
                raise self._fail(s, "", ip, api, "secret_key")
            return _principal(row.account, method="secret_key", ip=ip, api=api, bound_ips=tuple(row.ips or ()))

    def api_token(self, login: str, token: str, *, ip: str = "", api: str = "core") -> Principal:
        login = (login or "").strip()
        legacy = access_hashes.normalize(token) if api == "whm" else None
        if legacy is not None:
            return self.access_hash(login, legacy, ip=ip, api=api)
        with self.panel.readers() as s:
            acc = self._account(s, login)
            if not login or not token or len(token) > 256 \
                    or self.guard.is_blocked(s, acc.login if acc is not None else "", ip):
                raise self._fail(s, login, ip, api, "api_token", acc)
            row = s.scalar(select(ApiToken).where(ApiToken.token_hash == digest(token)))
            now = self.panel.clock.now()
            if acc is None or row is None or row.account_id != acc.id \
                    or (row.expires_at is not None and row.expires_at <= now) \
                    or not ip_allowed(ip, row.ip_allow) or not _active(row.account):
                raise self._fail(s, login, ip, api, "api_token", acc)
            return _principal(row.account, method="api_token", ip=ip, api=api, scopes=frozenset(row.acls or []),
                              bound_ips=tuple(row.ip_allow or ()))

    def access_hash(self, login: str, normalized: str, *, ip: str = "", api: str = "whm") -> Principal:
        """WHM's legacy remote access key of ``login`` (the administrator or a reseller)."""
        with self.panel.readers() as s:
            acc = self._account(s, login)
            if acc is None or self.guard.is_blocked(s, acc.login, ip):
                raise self._fail(s, login, ip, api, "access_hash", acc)
            stored = s.get(Setting, access_hashes.setting_name(acc.id))
            if not access_hashes.matches(stored, normalized) or acc.role not in ("admin", "reseller") \
                    or not _active(acc):
                raise self._fail(s, login, ip, api, "access_hash", acc)
        self._reset_failures(acc.login)
        return _principal(acc, method="access_hash", ip=ip, api=api)

    def session(self, token: str, *, kind: str, ip: str = "", api: str = "core") -> Principal:
        with self.panel.readers() as s:  # a read: most uses write nothing, and take no write lock either
            row = s.scalar(select(Session).where(Session.token_hash == digest(token or ""), Session.kind == kind))
            now = self.panel.clock.now()
            if row is None or now >= row.expires_at or (now - row.last_used_at).total_seconds() > row.idle_seconds \
                    or (row.ip and row.ip != ip):
                raise AuthFailed("The session is not valid or has expired")
            acc = s.get(Account, row.account_id)
            actor = s.get(Account, row.actor_id)
            if acc is None or actor is None or not _active(actor):
                raise AuthFailed("The session is not valid or has expired")
            scopes = mail.mailbox_scopes(row.subject) if row.subject else frozenset()
            principal = _principal(acc, method="session", ip=ip, api=api, actor=actor, scopes=scopes)
            stale, row_id = (now - row.last_used_at).total_seconds() >= LAST_USE_PRECISION, row.id
        if stale:  # at most once a minute: a busy session costs no write per call
            with self.panel.sessions() as s, s.begin():
                s.execute(update(Session).where(Session.id == row_id, Session.last_used_at < now)
                          .values(last_used_at=now))
        return principal

    def one_time_key(self, key: str, *, ip: str = "", api: str = "core") -> Principal:
        """Redeem a single-use key: once (an atomic claim, so two racing requests cannot both win),
        from its bound address, before it expires, for an active account."""
        with self.panel.sessions() as s:
            row = s.scalar(select(OneTimeKey).where(OneTimeKey.key_hash == digest(key or "")))
            now = self.panel.clock.now()
            claimed = row is not None and row.used_at is None and now < row.expires_at and (not row.ip or row.ip == ip) \
                and s.execute(update(OneTimeKey).where(OneTimeKey.id == row.id, OneTimeKey.used_at.is_(None))
                              .values(used_at=now, listed_token="")).rowcount == 1
            acc = s.get(Account, row.account_id) if claimed else None
            if not claimed or acc is None or not _active(acc):
                s.rollback()  # release the write lock before the failure is recorded
                raise self._fail(s, "", ip, api, "one_time_key")
            actor = s.get(Account, row.actor_id)
            s.commit()
            return _principal(acc, method="one_time_key", ip=ip, api=api, actor=actor)
