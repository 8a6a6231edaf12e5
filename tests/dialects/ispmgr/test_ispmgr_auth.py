"""ISPmanager auth in-process: session expiry (injectable clock), IP binding, one-time keys, su, levels."""
from __future__ import annotations

from datetime import timedelta

from lxml import etree

from .conftest import ADMIN_PASSWORD, PASSWORD, Isp


def xml(r):
    assert r.status_code == 200
    return etree.fromstring(r.content)


def login(c, username, password):
    doc = xml(c.get("/ispmgr", params={"func": "auth", "username": username, "password": password, "out": "xml"}))
    return doc.find("auth")


def test_session_expires_one_hour_after_its_last_use(isp: Isp, clock):
    c = isp.client()
    sid = login(c, "root", ADMIN_PASSWORD).get("id")
    clock.advance(minutes=50)
    assert xml(c.get("/ispmgr", params={"auth": sid, "func": "whoami", "out": "xml"})).find("user") is not None
    clock.advance(minutes=59)  # 59 minutes after the last use: still valid
    assert xml(c.get("/ispmgr", params={"auth": sid, "func": "whoami", "out": "xml"})).find("user") is not None
    clock.advance(minutes=61)
    err = xml(c.get("/ispmgr", params={"auth": sid, "func": "whoami", "out": "xml"})).find("error")
    assert err.get("type") == "auth"


def _last_used(isp: Isp):
    from sqlalchemy import select

    from polypanel.store.models import Session

    with isp.panel.sessions() as s:
        return s.scalar(select(Session.last_used_at).where(Session.kind == "ispmgr"))


def test_session_use_is_written_at_most_once_a_minute_and_expiry_holds_to_that_precision(isp: Isp, clock):
    c = isp.client()
    sid = login(c, "root", ADMIN_PASSWORD).get("id")
    opened = _last_used(isp)

    def whoami():
        return xml(c.get("/ispmgr", params={"auth": sid, "func": "whoami", "out": "xml"}))

    clock.advance(seconds=30)
    assert whoami().find("user") is not None
    assert _last_used(isp) == opened  # used 30 s after the last write: nothing written
    clock.advance(seconds=40)
    assert whoami().find("user") is not None
    written = _last_used(isp)
    assert written == opened + timedelta(seconds=70)  # a minute passed since the last write: written now
    clock.advance(seconds=59)
    assert whoami().find("user") is not None  # this use is not written ...
    assert _last_used(isp) == written
    clock.advance(minutes=60, seconds=1)  # ... so the session ends an hour after the last written use
    assert whoami().find("error").get("type") == "auth"


def test_session_is_bound_to_the_callers_address(isp: Isp):
    sid = login(isp.client("127.0.0.1"), "root", ADMIN_PASSWORD).get("id")
    other = isp.client("10.9.8.7")
    assert xml(other.get("/ispmgr", params={"auth": sid, "func": "whoami", "out": "xml"})).find("error").get("type") == "auth"
    assert xml(isp.client("127.0.0.1").get("/ispmgr", params={"auth": sid, "func": "whoami", "out": "xml"})).find("user") is not None


def test_levels(isp: Isp):
    isp.customer("lvuser", "lvuser.example")
    isp.reseller("lvres")
    c = isp.client()
    assert login(c, "root", ADMIN_PASSWORD).get("level") == "30"
    assert login(c, "lvres", PASSWORD).get("level") == "24"
    assert login(c, "lvuser", PASSWORD).get("level") == "16"


def test_one_time_key_binds_the_session_to_the_address_that_used_it(isp: Isp):
    isp.customer("okuser", "okuser.example")
    admin = isp.client()
    key = "0123456789abcdefKEY"
    r = admin.get("/ispmgr", params={"authinfo": f"root:{ADMIN_PASSWORD}", "func": "session.newkey",
                                     "username": "okuser", "key": key, "out": "xml"})
    assert xml(r).find("ok") is not None
    far = isp.client("198.51.100.20")
    a = login_key = xml(far.get("/ispmgr", params={"func": "auth", "username": "okuser", "key": key,
                                                   "checkcookie": "no", "out": "xml"})).find("auth")
    assert login_key.get("level") == "16"
    sid = a.get("id")
    who = xml(far.get("/ispmgr", params={"auth": sid, "func": "whoami", "out": "xml"}))
    assert who.find("user").get("name") == "okuser"
    assert xml(admin.get("/ispmgr", params={"auth": sid, "func": "whoami", "out": "xml"})).find("error") is not None
    again = xml(far.get("/ispmgr", params={"func": "auth", "username": "okuser", "key": key, "out": "xml"}))
    assert again.find("error").get("type") == "auth"


def test_one_time_key_expires(isp: Isp, clock):
    isp.customer("okexp")
    admin = isp.client()
    key = "expiring-key-0123456789"
    xml(admin.get("/ispmgr", params={"authinfo": f"root:{ADMIN_PASSWORD}", "func": "session.newkey",
                                     "username": "okexp", "key": key, "out": "xml"}))
    clock.advance(minutes=61)
    doc = xml(admin.get("/ispmgr", params={"func": "auth", "username": "okexp", "key": key, "out": "xml"}))
    assert doc.find("error").get("type") == "auth"


def test_su_rules(isp: Isp):
    isp.reseller("sures")
    isp.customer("suown", "suown.example", owner="sures")
    isp.customer("suother", "suother.example")
    c = isp.client()

    def whoami(authinfo, su):
        return xml(c.get("/ispmgr", params={"authinfo": authinfo, "func": "whoami", "su": su, "out": "xml"}))

    assert whoami(f"root:{ADMIN_PASSWORD}", "suother").find("user").get("name") == "suother"
    assert whoami(f"root:{ADMIN_PASSWORD}", "sures").find("user").get("level") == "24"
    assert whoami(f"sures:{PASSWORD}", "suown").find("user").get("name") == "suown"
    assert whoami(f"sures:{PASSWORD}", "suother").find("error").get("type") == "access"
    assert whoami(f"suown:{PASSWORD}", "suother").find("error").get("type") == "access"
    assert whoami(f"suown:{PASSWORD}", "suown").find("user").get("name") == "suown"
    # su=USER lists as that user: only its own web domains
    names = [e.findtext("name") for e in xml(c.get("/ispmgr", params={
        "authinfo": f"root:{ADMIN_PASSWORD}", "su": "suown", "func": "user", "out": "xml"})).findall("elem")]
    assert names == ["suown"]


def test_authinfo_white_list(panel, tmp_path):
    isp = Isp(panel, tmp_path, "[ispmgr]\nrestrict_authinfo = on\nrestrict_authinfo_range = 10.1.0.0/16, 192.0.2.7\n")
    for ip, allowed in (("10.1.2.3", True), ("192.0.2.7", True), ("192.0.2.8", False), ("127.0.0.1", False)):
        doc = xml(isp.client(ip).get("/ispmgr", params={"authinfo": f"root:{ADMIN_PASSWORD}", "func": "whoami", "out": "xml"}))
        assert (doc.find("user") is not None) == allowed, ip
        if not allowed:
            assert doc.find("error").get("object") == "authinfo"
    # a session still works from anywhere the panel is reachable
    c = isp.client("192.0.2.8")
    sid = login(c, "root", ADMIN_PASSWORD).get("id")
    assert xml(c.get("/ispmgr", params={"auth": sid, "func": "whoami", "out": "xml"})).find("user") is not None


def test_newkey_rules(isp: Isp):
    isp.customer("nkuser")
    c = isp.client()
    short = xml(c.get("/ispmgr", params={"authinfo": f"root:{ADMIN_PASSWORD}", "func": "session.newkey",
                                         "username": "nkuser", "key": "short", "out": "xml"}))
    assert short.find("error").get("type") == "value"
    as_user = xml(c.get("/ispmgr", params={"authinfo": f"nkuser:{PASSWORD}", "func": "session.newkey",
                                           "username": "nkuser", "key": "x" * 20, "out": "xml"}))
    assert as_user.find("error").get("type") == "access"


def test_brute_force_guard_blocks_authinfo_and_auth(isp: Isp):
    c = isp.client("203.0.113.9")
    for _ in range(6):
        c.get("/ispmgr", params={"authinfo": "root:wrong", "func": "whoami", "out": "xml"})
    doc = xml(c.get("/ispmgr", params={"func": "auth", "username": "root", "password": ADMIN_PASSWORD, "out": "xml"}))
    assert doc.find("error").get("object") == "badpassword"


def test_logout(isp: Isp):
    c = isp.client()
    sid = login(c, "root", ADMIN_PASSWORD).get("id")
    assert xml(c.get("/ispmgr", params={"auth": sid, "func": "session.delete", "elid": sid, "out": "xml"})).find("ok") is not None
    assert xml(c.get("/ispmgr", params={"auth": sid, "func": "whoami", "out": "xml"})).find("error") is not None
