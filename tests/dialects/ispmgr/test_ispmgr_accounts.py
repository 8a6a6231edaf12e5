"""Users, resellers, administrators and presets (core plans), in xml, json and JSONdata, with the
failures a billing module meets (in-process; the real-server flows are in test_ispmgr_server.py)."""
from __future__ import annotations

import pytest
from lxml import etree

from .conftest import ADMIN_PASSWORD, PASSWORD, Isp

NEW = "New-User-Passw0rd!5"


def call(isp: Isp, out="xml", authinfo=f"root:{ADMIN_PASSWORD}", path="/ispmgr", **params):
    r = isp.client().post(path, data={"authinfo": authinfo, "out": out, **params})
    assert r.status_code == 200
    return etree.fromstring(r.content) if out in ("xml", "devel") else r.json()


def test_presets_and_users_on_them(isp: Isp):
    ok = call(isp, func="preset.edit", sok="ok", name="basic", limit_quota="1024", limit_db="3", limit_webdomains="5")
    assert ok.findtext("id") == "basic"
    form = call(isp, func="preset.edit", elid="basic")
    assert (form.findtext("limit_quota"), form.findtext("limit_db"), form.findtext("limit_emails")) == ("1024", "3", "")
    assert [r["name"] for r in call(isp, "JSONdata", func="preset")][-1] == "basic"
    assert call(isp, func="preset.edit", sok="ok", name="basic").find("error").get("type") == "exists"
    assert call(isp, func="preset.edit", sok="ok", elid="basic", limit_db="4").find("ok") is not None
    assert call(isp, func="preset.edit", elid="basic").findtext("limit_db") == "4"
    bad = call(isp, func="preset.edit", sok="ok", elid="basic", limit_db="many")
    assert (bad.find("error").get("type"), bad.find("error").get("object")) == ("value", "limits.max_databases")
    # a user on the preset, then its own limits
    call(isp, func="user.add.finish", sok="ok", name="olga", passwd=NEW, confirm=NEW, preset="basic",
         webdomain_name="olga.example")
    row = call(isp, "json", func="user")["doc"]["elem"]
    assert (row["preset"]["$"], row["limit_db"]["$"]) == ("basic", "4")
    assert call(isp, func="user.edit", elid="olga", sok="ok", limit_db="9").find("ok") is not None
    assert call(isp, "JSONdata", func="user.edit", elid="olga")["limit_db"] == "9"
    assert call(isp, func="user.add.finish", sok="ok", name="olga2", passwd=NEW, confirm=NEW,
                preset="nosuch", webdomain_name="olga2.example").find("error").get("type") == "missed"


def test_user_lifecycle_and_password(isp: Isp):
    ok = call(isp, func="user.edit", sok="ok", name="pavel", passwd=NEW, confirm=NEW, fullname="Pavel")
    assert ok.findtext("id") == "pavel"
    assert call(isp, func="user.edit", sok="ok", name="bad name!", passwd=NEW).find("error").get("type") == "value"
    assert call(isp, func="user.edit", sok="ok", name="nopw").find("error").get("object") == "passwd"
    assert call(isp, func="user.edit", sok="ok", name="pw2", passwd=NEW, confirm="other").find("error").get("type") == "value"
    # usrparam as the user (su) changes its password
    assert call(isp, func="usrparam", su="pavel", sok="ok", passwd="Changed-Passw0rd!8",
                confirm="Changed-Passw0rd!8").find("ok") is not None
    assert call(isp, authinfo="pavel:Changed-Passw0rd!8", func="whoami").find("user").get("name") == "pavel"
    assert call(isp, func="user.suspend", elid="pavel").find("ok") is not None
    assert call(isp, authinfo="pavel:Changed-Passw0rd!8", func="whoami").find("error").get("type") == "auth"
    assert call(isp, func="user.resume", elid="pavel").find("ok") is not None
    assert call(isp, func="user.delete", elid="pavel").find("ok") is not None
    assert call(isp, "JSONdata", func="user") == []
    assert call(isp, func="user.delete", elid="pavel").find("error").get("type") == "missed"


def test_resellers_and_their_users(isp: Isp):
    ok = call(isp, func="reseller.edit", sok="ok", name="resel", passwd=NEW, confirm=NEW, limit_users="1")
    assert ok.findtext("id") == "resel"
    assert call(isp, "JSONdata", func="reseller")[0]["name"] == "resel"
    assert call(isp, func="reseller.edit", elid="resel").findtext("limit_users") == "1"
    assert call(isp, authinfo=f"resel:{NEW}", func="user.add.finish", sok="ok", name="ruser", passwd=NEW,
                confirm=NEW, webdomain_name="ruser.example").find("ok") is not None
    over = call(isp, authinfo=f"resel:{NEW}", func="user.add.finish", sok="ok", name="ruser2", passwd=NEW, confirm=NEW)
    assert over.find("error").get("type") == "limit"
    assert call(isp, "JSONdata", func="user", su="resel")[0]["owner"] == "resel"
    assert [e.findtext("name") for e in call(isp, authinfo=f"resel:{NEW}", func="admin").findall("elem")] == []
    assert call(isp, "JSONdata", func="admin")[0]["level"] == "30"
    for action in ("suspend", "resume", "delete"):
        assert call(isp, func=f"reseller.{action}", elid="resel").find("ok") is not None
    assert call(isp, "JSONdata", func="user") == []  # the reseller took its users with it


def test_a_customer_may_not_manage_users(isp: Isp):
    isp.customer("plain", "plain.example")
    r = call(isp, authinfo=f"plain:{PASSWORD}", func="user.add.finish", sok="ok", name="sneaky", passwd=NEW, confirm=NEW)
    assert r.find("error").get("type") == "access"
    assert call(isp, authinfo=f"plain:{PASSWORD}", func="user.delete", elid="plain").find("error").get("type") == "access"


@pytest.mark.parametrize("func,params", [
    ("user", {}), ("reseller", {}), ("admin", {}), ("preset", {}), ("webdomain", {}), ("wwwdomain", {}),
    ("domain", {}), ("domain.record", {"elid": "fmt.example"}), ("emaildomain", {}), ("email", {}), ("db", {}),
    ("db.server", {}), ("ftp.user", {}), ("ipaddr", {}), ("sysinfo", {}),
])
def test_every_list_agrees_across_formats_and_paths(isp: Isp, func, params):
    isp.customer("fmtuser", "fmt.example")
    rows = len(call(isp, func=func, **params).findall("elem"))
    sjson = call(isp, "sjson", func=func, **params)["doc"].get("elem", [])
    assert len(sjson) == rows
    assert len(call(isp, "JSONdata", func=func, **params)) == rows
    assert len(call(isp, "devel", path="/", func=func, **params).findall("elem")) == rows
    assert len(call(isp, "xml", path="/manager/ispmgr", func=func, **params).findall("elem")) == rows
    text = isp.client().get("/ispmgr", params={"authinfo": f"root:{ADMIN_PASSWORD}", "out": "text", "func": func,
                                               **params}).text
    assert len(text.splitlines()) == rows

