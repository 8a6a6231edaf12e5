from datetime import timedelta

import pytest
from sqlalchemy import select

from polypanel.auth import keys, sessions, tokens
from polypanel.auth.authenticator import Authenticator
from polypanel.core import accounts
from polypanel.core.errors import AuthFailed
from polypanel.store.models import AuthBlock

PW = "Str0ng-Pass!"


@pytest.fixture
def auth(panel):
    return Authenticator(panel)


@pytest.fixture
def customer(panel, admin):
    with panel.context(admin) as ctx:
        accounts.create(ctx, role="customer", login="jdoe", password=PW)
    return panel.principal_for("jdoe")


def test_password_and_root_alias(auth):
    from tests.conftest import ADMIN_PASSWORD

    assert auth.password("admin", ADMIN_PASSWORD, ip="192.0.2.1").role == "admin"
    p = auth.password("root", ADMIN_PASSWORD, ip="192.0.2.1")
    assert p.login == "admin" and p.method == "password" and p.source_ip == "192.0.2.1"
    with pytest.raises(AuthFailed):
        auth.password("admin", "wrong", ip="192.0.2.1")


def test_cached_password_is_dropped_on_password_change(panel, auth, customer, admin):
    assert auth.password("jdoe", PW).login == "jdoe"
    assert auth.password("jdoe", PW).login == "jdoe"  # from the cache
    with panel.context(admin) as ctx:
        accounts.update(ctx, accounts.get(ctx, login="jdoe"), password="N3w-Passw0rd!")
    with pytest.raises(AuthFailed):
        auth.password("jdoe", PW)
    assert auth.password("jdoe", "N3w-Passw0rd!").login == "jdoe"


def test_cache_does_not_verify_a_wrong_password(auth, customer):
    auth.password("jdoe", PW)
    with pytest.raises(AuthFailed):
        auth.password("jdoe", PW + "x")


def test_suspended_account_cannot_log_in(panel, auth, customer, admin):
    auth.password("jdoe", PW)
    with panel.context(admin) as ctx:
        accounts.set_status(ctx, accounts.get(ctx, login="jdoe"), "suspended")
    with pytest.raises(AuthFailed):
        auth.password("jdoe", PW)


def test_secret_key_bound_to_ip(panel, auth, customer):
    with panel.context(customer) as ctx:
        _row, key = keys.create(ctx, ips="203.0.113.5, 198.51.100.0/24")
    assert auth.secret_key(key, ip="203.0.113.5").login == "jdoe"
    assert auth.secret_key(key, ip="198.51.100.77").login == "jdoe"
    with pytest.raises(AuthFailed):
        auth.secret_key(key, ip="203.0.113.6")
    with pytest.raises(AuthFailed):
        auth.secret_key(key[:-1] + ("0" if key[-1] != "0" else "1"), ip="203.0.113.5")


def test_secret_key_defaults_to_callers_ip_and_can_be_deleted(panel, auth, admin):
    p = panel.admin(source_ip="192.0.2.9")
    with panel.context(p) as ctx:
        row, key = keys.create(ctx, description="billing")
    assert row.ips == ["192.0.2.9"]
    assert auth.secret_key(key, ip="192.0.2.9").is_admin
    with panel.context(p) as ctx:
        keys.delete(ctx, key)
    with pytest.raises(AuthFailed):
        auth.secret_key(key, ip="192.0.2.9")


def test_api_token_expiry_acls_and_ip(panel, auth, customer, clock):
    with panel.context(customer) as ctx:
        _row, tok = tokens.create(ctx, name="billing", acls=["list-accts"], expires_at=clock.now() + timedelta(hours=1),
                                  ip_allow=["192.0.2.0/24"])
    assert len(tok) == 32
    p = auth.api_token("jdoe", tok, ip="192.0.2.3")
    assert p.scopes == frozenset({"list-accts"}) and p.method == "api_token"
    with pytest.raises(AuthFailed):
        auth.api_token("jdoe", tok, ip="203.0.113.3")
    with pytest.raises(AuthFailed):
        auth.api_token("admin", tok, ip="192.0.2.3")
    clock.advance(hours=2)
    with pytest.raises(AuthFailed):
        auth.api_token("jdoe", tok, ip="192.0.2.3")


def test_session_idle_and_absolute_expiry_and_ip_binding(panel, auth, customer, clock):
    with panel.context(customer) as ctx:
        _row, token = sessions.open_session(ctx, kind="ispmgr", bind_ip="192.0.2.4", idle_seconds=3600, absolute_seconds=3 * 3600)
    assert auth.session(token, kind="ispmgr", ip="192.0.2.4").login == "jdoe"
    with pytest.raises(AuthFailed):
        auth.session(token, kind="ispmgr", ip="192.0.2.5")
    with pytest.raises(AuthFailed):
        auth.session(token, kind="cpanel", ip="192.0.2.4")
    clock.advance(minutes=50)
    auth.session(token, kind="ispmgr", ip="192.0.2.4")  # use keeps it alive
    clock.advance(minutes=50)
    auth.session(token, kind="ispmgr", ip="192.0.2.4")
    clock.advance(minutes=61)
    with pytest.raises(AuthFailed):
        auth.session(token, kind="ispmgr", ip="192.0.2.4")


def test_session_absolute_expiry(panel, auth, customer, clock):
    with panel.context(customer) as ctx:
        _row, token = sessions.open_session(ctx, kind="cpanel", bind_ip="", idle_seconds=3600, absolute_seconds=5400)
    for _ in range(3):
        clock.advance(minutes=30)
        if _ < 2:
            auth.session(token, kind="cpanel", ip="198.51.100.1")
    with pytest.raises(AuthFailed):
        auth.session(token, kind="cpanel", ip="198.51.100.1")


def test_impersonation_keeps_the_actor(panel, auth, customer, admin):
    with panel.context(panel.admin(source_ip="192.0.2.1")) as ctx:
        _row, token = sessions.open_session(ctx, kind="ispmgr", login="jdoe")
    p = auth.session(token, kind="ispmgr", ip="192.0.2.1")
    assert (p.login, p.actor_login, p.role) == ("jdoe", "admin", "customer")


def test_one_time_key_works_once(panel, auth, customer, clock):
    with panel.context(panel.admin()) as ctx:
        key = sessions.one_time_key(ctx, login="jdoe", ttl_seconds=60)
    assert auth.one_time_key(key, ip="192.0.2.1").login == "jdoe"
    with pytest.raises(AuthFailed):
        auth.one_time_key(key, ip="192.0.2.1")
    with panel.context(panel.admin()) as ctx:
        key2 = sessions.one_time_key(ctx, login="jdoe", ttl_seconds=60)
    clock.advance(seconds=61)
    with pytest.raises(AuthFailed):
        auth.one_time_key(key2, ip="192.0.2.1")


def test_authentication_is_not_held_up_by_a_writer(panel, auth, customer):
    """A long write transaction (another API call) does not block logins: they only read."""
    import threading

    from polypanel.core import plans

    holding, release = threading.Event(), threading.Event()

    def writer():
        with panel.context(panel.admin()) as ctx:
            plans.create(ctx, name="held")
            ctx.session.flush()
            holding.set()
            release.wait(20)

    t = threading.Thread(target=writer)
    t.start()
    try:
        assert holding.wait(10)
        result = {}
        reader = threading.Thread(target=lambda: result.setdefault("p", auth.password("jdoe", PW, ip="192.0.2.1")))
        reader.start()
        reader.join(5)
        assert not reader.is_alive(), "the login waited for the writer"
        assert result["p"].login == "jdoe"
    finally:
        release.set()
        t.join()


def test_sessions_listed_per_tenant_closed_and_purged(panel, auth, customer, clock):
    with panel.context(customer) as ctx:
        _row, mine = sessions.open_session(ctx, kind="ispmgr", bind_ip="", absolute_seconds=600)
    with panel.context(panel.admin()) as ctx:
        _row, admins = sessions.open_session(ctx, kind="ispmgr", bind_ip="")
    with panel.context(customer) as ctx:
        assert len(sessions.list_sessions(ctx, kind="ispmgr")) == 1  # not the admin's
    with panel.context(panel.admin()) as ctx:
        assert len(sessions.list_sessions(ctx)) == 2
        sessions.close_session(ctx, admins)
    with pytest.raises(AuthFailed):
        auth.session(admins, kind="ispmgr", ip="192.0.2.1")
    clock.advance(seconds=601)
    with panel.context(panel.admin()) as ctx:
        assert sessions.purge_expired(ctx) == 1
        assert sessions.list_sessions(ctx) == []
