"""The brute-force guard: per address first, then per account (any alias), trusted addresses, no side doors."""
from configparser import ConfigParser

import pytest
from sqlalchemy import select

from polypanel.auth import authenticator as authenticator_module
from polypanel.auth.authenticator import Authenticator
from polypanel.auth.guard import BruteForceGuard, GuardPolicy
from polypanel.core.errors import AuthFailed, Invalid
from polypanel.store.models import AuditEvent, AuthBlock, AuthFailure
from tests.conftest import ADMIN_PASSWORD


def fail(auth, login, ip, n, password="wrong-password"):
    for _ in range(n):
        with pytest.raises(AuthFailed):
            auth.password(login, password, ip=ip)


def spread(auth, login, n, start=1):
    """``n`` failures from ``n`` addresses: never enough on one address to block it."""
    for i in range(start, start + n):
        fail(auth, login, f"203.0.113.{i}", 1)


def test_an_address_is_blocked_first_with_the_same_answer(panel, clock):
    auth = Authenticator(panel)
    fail(auth, "nosuchuser", "192.0.2.1", 5)  # logins that exist or not: the address is blocked
    with pytest.raises(AuthFailed) as blocked:
        auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.1")
    with pytest.raises(AuthFailed) as wrong:
        auth.password("nosuchuser", "x", ip="192.0.2.78")
    assert blocked.value.message == wrong.value.message
    # Other addresses are not punished: five tries do not lock the administrator out.
    assert auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.2").is_admin
    clock.advance(seconds=899)
    with pytest.raises(AuthFailed):
        auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.1")
    clock.advance(seconds=2)
    assert auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.1").is_admin


def test_an_account_block_needs_more_failures_and_lasts_less(panel, clock):
    auth = Authenticator(panel)
    spread(auth, "admin", 14)
    assert auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.9").is_admin  # 14: not yet
    spread(auth, "admin", 15, start=20)
    with pytest.raises(AuthFailed):
        auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.10")
    clock.advance(seconds=301)  # shorter than an address block (900 s)
    assert auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.10").is_admin


def test_aliases_share_the_accounts_counters(panel):
    auth = Authenticator(panel)
    for i, typed in enumerate(["root", "ADMIN", "Root", "admin", " root "] * 3):
        fail(auth, typed, f"203.0.113.{i + 1}", 1)
    for typed in ("admin", "root", "Admin"):
        with pytest.raises(AuthFailed):
            auth.password(typed, ADMIN_PASSWORD, ip="192.0.2.50")
    with panel.readers() as s:
        assert {(b.kind, b.value) for b in auth.guard.blocks(s)} == {("login", "admin")}


def test_a_success_resets_the_accounts_failures(panel):
    auth = Authenticator(panel)
    spread(auth, "admin", 14)
    assert auth.password("root", ADMIN_PASSWORD, ip="192.0.2.9").is_admin
    spread(auth, "admin", 14, start=30)  # 28 in the window, but the success started it again
    assert auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.9").is_admin


def test_trusted_addresses_are_never_blocked(panel):
    ini = ConfigParser()
    ini.read_string("[security]\ntrusted_ips = 192.0.2.0/28, 2001:db8::1\n")
    auth = Authenticator(panel, BruteForceGuard(panel.clock, GuardPolicy.from_ini(ini)))
    fail(auth, "admin", "192.0.2.5", 20)
    spread(auth, "admin", 15)  # the account is blocked for everyone else
    with pytest.raises(AuthFailed):
        auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.77")
    assert auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.5").is_admin
    # The store's allow list (polypanel unblock --allow) works the same, and lifts the address's block.
    fail(auth, "x", "198.51.100.7", 5)
    with panel.sessions() as s, s.begin():
        assert auth.guard.allow(s, "198.51.100.7") == "198.51.100.7/32"
        assert auth.guard.allowed(s) == ["192.0.2.0/28", "2001:db8::1/128", "198.51.100.7/32"]
        assert [b.kind for b in auth.guard.blocks(s)] == ["login"]
    assert auth.password("admin", ADMIN_PASSWORD, ip="198.51.100.7").is_admin


def test_a_malformed_trusted_address_is_a_clear_error():
    ini = ConfigParser()
    ini.read_string("[security]\ntrusted_ips = 10.0.0.300\n")
    with pytest.raises(Invalid) as e:
        GuardPolicy.from_ini(ini)
    assert "trusted_ips" in e.value.reason or "10.0.0.300" in e.value.reason


def test_a_missing_account_costs_one_argon2_verification_with_the_same_parameters(panel, monkeypatch):
    auth = Authenticator(panel)
    seen = []
    real = authenticator_module.verify_login_password
    monkeypatch.setattr(authenticator_module, "verify_login_password", lambda h, p: seen.append(h) or real(h, p))
    for login in ("admin", "nosuchuser"):
        with pytest.raises(AuthFailed):
            auth.password(login, "wrong", ip="192.0.2.1")
    fail(auth, "admin", "192.0.2.1", 3)  # the address is blocked now: still one verification
    with pytest.raises(AuthFailed):
        auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.1")
    assert len(seen) == 6
    params = {h.rsplit("$", 2)[0] for h in seen}  # $argon2id$v=19$m=..,t=..,p=..
    assert len(params) == 1 and next(iter(params)).startswith("$argon2id$")


def test_admin_unblock(panel):
    auth = Authenticator(panel)
    fail(auth, "admin", "192.0.2.1", 5)
    with pytest.raises(AuthFailed):
        auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.1")
    with panel.sessions() as s, s.begin():
        assert [(b.kind, b.value) for b in auth.guard.blocks(s)] == [("ip", "192.0.2.1")]
        assert auth.guard.unblock(s, ip="192.0.2.1") == 1
    assert auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.1").is_admin


def test_guard_is_shared_between_processes(panel):
    """Two authenticators (as two panel processes) over one store see the same failures."""
    one, two = Authenticator(panel), Authenticator(panel)
    fail(one, "admin", "192.0.2.1", 3)
    fail(two, "root", "192.0.2.1", 2)
    with pytest.raises(AuthFailed):
        one.password("admin", ADMIN_PASSWORD, ip="192.0.2.1")


def test_failures_are_audited_as_the_account_or_a_short_prefix(panel):
    auth = Authenticator(panel)
    typed_key = "3f2a9c1e-7b4d-4e8a-9f01-2c3d4e5f6a7b"
    fail(auth, "root", "192.0.2.1", 1)
    fail(auth, typed_key, "192.0.2.2", 1, password="x")
    with panel.sessions() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "auth:failure").order_by(AuditEvent.id)))
        failures = list(s.scalars(select(AuthFailure).order_by(AuthFailure.id)))
        blocks = list(s.scalars(select(AuthBlock)))
    # The account's own login (the alias "root" typed), then no more than 4 characters of a non-login.
    assert [(e.actor, e.source_ip) for e in events] == [("admin", "192.0.2.1"), ("3f2a...", "192.0.2.2")]
    assert [(f.login, f.ip) for f in failures] == [("admin", "192.0.2.1"), ("", "192.0.2.2")]
    assert not blocks
    assert "wrong-password" not in repr([vars(e) for e in events])
