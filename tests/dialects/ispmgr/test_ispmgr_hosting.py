"""Mail, databases, FTP users, IP addresses, license.info and sysinfo, in xml, json and JSONdata,
success and failure (in-process; the store's databases are rendered only)."""
from __future__ import annotations

from lxml import etree

from .conftest import ADMIN_PASSWORD, PASSWORD, Isp

MB_PASSWORD = "Mailbox-Passw0rd!3"


def call(isp: Isp, out="xml", authinfo=f"root:{ADMIN_PASSWORD}", **params):
    r = isp.client().post("/ispmgr", data={"authinfo": authinfo, "out": out, **params})
    assert r.status_code == 200
    return etree.fromstring(r.content) if out == "xml" else r.json()


def test_mail(isp: Isp):
    isp.customer("mailer", "mailer.example")
    ok = call(isp, func="email.edit", sok="ok", name="info", domainname="mailer.example", passwd=MB_PASSWORD,
              confirm=MB_PASSWORD, su="mailer")
    assert ok.findtext("id") == "info@mailer.example"
    assert call(isp, "JSONdata", func="email")[0]["name"] == "info@mailer.example"
    assert call(isp, "json", func="emaildomain")["doc"]["elem"]["name"]["$"] == "mailer.example"
    dup = call(isp, func="email.edit", sok="ok", name="info", domainname="mailer.example", passwd=MB_PASSWORD)
    assert dup.find("error").get("type") == "exists"
    assert call(isp, func="email.edit", elid="info@mailer.example", sok="ok", passwd="New-Mailb0x!pass").find("ok") is not None
    isp.customer("stranger")
    assert call(isp, authinfo=f"stranger:{PASSWORD}", func="email").findall("elem") == []
    assert call(isp, func="email.delete", elid="info@mailer.example").find("ok") is not None
    assert call(isp, func="email.delete", elid="info@mailer.example").find("error").get("type") == "missed"


def test_databases(isp: Isp):
    isp.customer("dbowner", "dbowner.example")
    ok = call(isp, func="db.edit", sok="ok", name="shop", owner="dbowner", server="MySQL", username="shopuser",
              password=MB_PASSWORD, confirm=MB_PASSWORD, user="*")
    key = ok.findtext("id")
    assert key == "shop->MySQL"
    assert call(isp, "JSONdata", func="db")[0]["key"] == key
    assert [e.findtext("name") for e in call(isp, func="db.users", elid=key).findall("elem")] == ["shopuser"]
    assert call(isp, func="db.users.edit", plid=key, elid="shopuser", sok="ok", password="Other-Passw0rd!1").find("ok") is not None
    assert call(isp, "json", func="db.server")["doc"]["elem"]
    refused = call(isp, authinfo=f"dbowner:{PASSWORD}", func="db.edit", sok="ok", name="x1", owner="root")
    assert refused.find("error") is not None
    assert call(isp, func="db.delete", elid=key).find("ok") is not None
    assert call(isp, func="db").findall("elem") == []


def test_ftp_and_ips_and_server(isp: Isp):
    isp.customer("ftpowner", "ftpowner.example")
    ok = call(isp, func="ftp.user.edit", sok="ok", name="ftpguest", passwd=MB_PASSWORD, confirm=MB_PASSWORD,
              home="/", su="ftpowner")
    assert ok.findtext("id") == "ftpguest"
    assert call(isp, "JSONdata", func="ftp.user")[0] == {"name": "ftpguest", "owner": "ftpowner", "home": "/"}
    mismatch = call(isp, func="ftp.user.edit", sok="ok", name="ftp2", passwd=MB_PASSWORD, confirm="x", su="ftpowner")
    assert mismatch.find("error").get("type") == "value"
    assert call(isp, func="ftp.user.delete", elid="ftpguest").find("ok") is not None
    assert "127.0.0.1" in [r["name"] for r in call(isp, "JSONdata", func="ipaddr")]
    assert call(isp, func="ipaddr.edit", sok="ok", name="192.0.2.99").findtext("id") == "192.0.2.99"
    assert call(isp, func="ipaddr.delete", elid="192.0.2.99").find("ok") is not None
    assert "192.0.2.99" not in [r["name"] for r in call(isp, "JSONdata", func="ipaddr")]
    in_use = call(isp, func="ipaddr.delete", elid="127.0.0.1")  # ftpowner's hosting is on it
    assert in_use.find("error").get("type") == "conflict"
    user_add = call(isp, authinfo=f"ftpowner:{PASSWORD}", func="ipaddr.edit", sok="ok", name="192.0.2.98")
    assert user_add.find("error").get("type") == "access"
    assert "Business" not in call(isp, "JSONdata", func="license.info")["panel_name"]
    assert call(isp, func="sysinfo").find("elem[name='cpu']") is not None


def test_services(isp: Isp):
    isp.customer("svc", "svc.example")
    rows = call(isp, "JSONdata", func="services")
    assert {r["name"] for r in rows} == {"nginx", "named", "postfix", "pure-ftpd", "mysql"}
    assert call(isp, func="services.restart", elid="nginx, named").find("ok") is not None
    assert call(isp, func="restart").find("ok") is not None
    assert {r["name"]: r["status"] for r in call(isp, "JSONdata", func="services")}["nginx"] == "pending"
    assert call(isp, func="services.restart", elid="nosuch").find("error").get("type") == "missed"
    assert call(isp, authinfo=f"svc:{PASSWORD}", func="services").find("error").get("type") == "access"
    assert call(isp, authinfo=f"svc:{PASSWORD}", func="restart").find("error").get("type") == "access"
