"""Bad input gets ISPmanager's own error document with HTTP 200: never a 500, a traceback or a hang."""
from __future__ import annotations

import pytest
from lxml import etree

from .conftest import ADMIN_PASSWORD, Isp

AUTH = f"root:{ADMIN_PASSWORD}"


@pytest.mark.parametrize("params", [
    {"func": "user\x00\x01", "out": "xml"},
    {"func": "user.edit", "elid": "\x07bell", "out": "xml"},
    {"func": "domain.record.edit", "plid": "x" * 5000, "sok": "ok", "out": "xml"},
    {"func": "domain.record.delete", "plid": "a.example", "elid": ", ".join(["k"] * 500), "out": "xml"},
    {"func": "user", "out": "no-such-format"},
    {"func": "user", "out": "xml", "lang": "<script>"},
    {"func": "preset.edit", "sok": "ok", "name": "p", "limit_db": "9" * 400, "out": "xml"},
    {"func": "session.newkey", "username": "nobody", "key": "k" * 5000, "out": "xml"},
    {"func": "webdomain.edit", "sok": "ok", "name": "bad..name", "owner": "root", "out": "xml"},
    {"func": "user", "out": "xml", "su": "\x00"},
    {"func": "user", "out": "xml", "<bad tag>": "1", "9": "x"},
])
def test_bad_values(isp: Isp, params):
    r = isp.client().get("/ispmgr", params={"authinfo": AUTH, **params})
    assert r.status_code == 200
    if params.get("out") == "xml":
        etree.fromstring(r.content)


def test_malformed_bodies(isp: Isp):
    c = isp.client()
    r = c.get(f"/ispmgr?out=xml&authinfo={AUTH}&func=domain.record.edit&sok=ok&rtype=txt&plid=%ED%A0%80&name=%FF")
    assert r.status_code == 200 and etree.fromstring(r.content).find("error") is not None
    r = c.post("/ispmgr?out=xml", content=b"authinfo=" + AUTH.encode() + b"&func=user&" + b"a=b&" * 2000,
               headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200 and etree.fromstring(r.content).find("error") is not None
    r = c.post("/ispmgr?out=xml", content=b"x" * (70 * 1024), headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200 and etree.fromstring(r.content).find("error").get("object") == "body"
    r = c.post("/ispmgr?out=xml", content=b"--zz\r\nnot a part", headers={"content-type": "multipart/form-data; boundary=zz"})
    assert r.status_code == 200 and etree.fromstring(r.content).find("error") is not None
    r = c.post("/ispmgr", content=b"authinfo=%s&func=whoami&out=xml" % AUTH.encode())  # no content type (shell clients)
    assert etree.fromstring(r.content).find("user") is not None
    r = c.get("/ispmgr", params={"out": "xml", "func": "user", "authinfo": "no-colon"})
    assert etree.fromstring(r.content).find("error").get("type") == "auth"
