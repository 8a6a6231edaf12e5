import pytest
from sqlalchemy import select

from polypanel.auth.authenticator import Authenticator
from polypanel.core.errors import AuthFailed
from polypanel.store.models import AuditEvent
from tests.conftest import ADMIN_PASSWORD


def fail(auth, login, ip, n):
    for _ in range(n):
        with pytest.raises(AuthFailed):
            auth.password(login, "wrong-password", ip=ip)


def test_login_block_same_answer_and_expiry(panel, clock):
    auth = Authenticator(panel)
    fail(auth, "admin", "192.0.2.1", 5)
    with pytest.raises(AuthFailed) as blocked:
        auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.77")  # right password, other IP: still blocked
    with pytest.raises(AuthFailed) as wrong:
        auth.password("nosuchuser", "x", ip="192.0.2.78")
    assert blocked.value.message == wrong.value.message
    clock.advance(seconds=301)
    assert auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.1").is_admin


def test_ip_block_covers_every_login_and_keys(panel, clock):
    auth = Authenticator(panel)
    for n in range(20):
        with pytest.raises(AuthFailed):
            auth.password(f"user{n}", "wrong", ip="198.51.100.9")
    with pytest.raises(AuthFailed):
        auth.password("admin", ADMIN_PASSWORD, ip="198.51.100.9")
    assert auth.password("admin", ADMIN_PASSWORD, ip="198.51.100.10").is_admin


def test_admin_unblock(panel):
    auth = Authenticator(panel)
    fail(auth, "admin", "192.0.2.1", 5)
    with pytest.raises(AuthFailed):
        auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.1")
    with panel.sessions() as s, s.begin():
        assert [b.value for b in auth.guard.blocks(s)] == ["admin"]
        assert auth.guard.unblock(s, login="admin") == 1
    assert auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.1").is_admin


def test_guard_is_shared_between_processes(panel):
    """Two authenticators (as two panel processes) over one store see the same failures."""
    one, two = Authenticator(panel), Authenticator(panel)
    fail(one, "admin", "192.0.2.1", 3)
    fail(two, "admin", "192.0.2.2", 2)
    with pytest.raises(AuthFailed):
        one.password("admin", ADMIN_PASSWORD, ip="192.0.2.3")


def test_failures_are_audited_without_the_password(panel):
    auth = Authenticator(panel)
    fail(auth, "admin", "192.0.2.1", 1)
    with panel.sessions() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "auth:failure")))
    assert len(events) == 1 and events[0].source_ip == "192.0.2.1" and events[0].actor == "admin"
    assert "wrong-password" not in repr(vars(events[0]))
