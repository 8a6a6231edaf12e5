"""The ISPmanager API over HTTPS against a real ``polypanel serve``: the flows of the API guide
(session login and reuse, authinfo, the one-time key recipe, su, lang, every out format), users,
web domains, DNS records with their rkey, and the same objects through the Plesk REST API."""
from __future__ import annotations


import pytest
from lxml import etree

from tests.conftest import ADMIN_PASSWORD

USER_PASSWORD = "User-Passw0rd!42"


@pytest.fixture
def server(panel_process):
    proc = panel_process(listeners=("ispmgr_https", "plesk_https", "cpanel_https")).start()
    return proc


def get(http, **params):
    return http.get("/ispmgr", params=params)


def xml(r):
    assert r.status_code == 200, r.text
    return etree.fromstring(r.content)


def admin(**params):
    return {"authinfo": f"root:{ADMIN_PASSWORD}", **params}


def test_session_login_and_reuse_on_the_guide_path(server):
    with server.client("ispmgr_https") as http:
        doc = xml(http.get("/manager/ispmgr", params={"out": "xml", "func": "auth", "username": "root",
                                                      "password": ADMIN_PASSWORD}))
        auth = doc.find("auth")
        assert auth.get("id") == auth.text and auth.get("level") == "30"
        who = xml(http.get("/manager/ispmgr", params={"auth": auth.get("id"), "out": "xml", "func": "whoami"}))
        assert who.find("user").get("name") == "admin"
        bad = xml(http.get("/ispmgr", params={"out": "xml", "func": "auth", "username": "root", "password": "nope"}))
        err = bad.find("error")
        assert (err.get("type"), err.get("object")) == ("auth", "badpassword")
        assert err.findtext("msg") and "remote_addr: [127.0.0.1]" in err.find("param[@name='value']").text


def test_users_every_format_and_errors(server):
    with server.client("ispmgr_https") as http:
        created = xml(http.post("/ispmgr", data=admin(out="xml", func="user.add.finish", sok="ok", name="ivan",
                                                      passwd=USER_PASSWORD, confirm=USER_PASSWORD, fullname="Ivan P",
                                                      webdomain_name="ivan.example", email="ivan@example.com")))
        assert created.find("ok") is not None and created.findtext("id") == "ivan"
        again = xml(get(http, **admin(out="xml", func="user.add.finish", sok="ok", name="ivan", passwd=USER_PASSWORD)))
        assert again.find("error").get("type") == "exists"
        assert again.find("error/group").text == "__object__ with '__value__' already exists"
        # xml / devel
        for out in ("xml", "devel"):
            doc = xml(get(http, **admin(out=out, func="user")))
            assert [e.findtext("name") for e in doc.findall("elem")] == ["ivan"]
            assert doc.find("metadata").get("key") == "name"
        # json: {"doc": ...}, "$" for text, tparams.out echoed as xjson; one row is an object
        j = get(http, **admin(out="json", func="user")).json()["doc"]
        assert j["elem"]["name"]["$"] == "ivan" and j["tparams"]["out"]["$"] == "xjson"
        assert "authinfo" not in j["tparams"]
        # sjson: elem always an array
        s = get(http, **admin(out="sjson", func="user")).json()["doc"]
        assert s["elem"][0]["fullname"]["$"] == "Ivan P" and s["tparams"]["out"]["$"] == "sjson"
        # JSONdata: flat
        assert get(http, **admin(out="JSONdata", func="user")).json()[0]["name"] == "ivan"
        # text: a row per line
        assert "name=ivan" in get(http, **admin(out="text", func="user")).text.split()
        # print and the HTML page
        assert "<table" in get(http, **admin(out="print", func="user")).text
        page = get(http, **admin(func="user"))
        assert page.headers["content-type"].startswith("text/html") and "ivan" in page.text
        # the form: fields are children of <doc>, slist for choices
        form = xml(get(http, **admin(out="xml", func="user.edit", elid="ivan")))
        assert form.findtext("name") == "ivan" and form.findtext("fullname") == "Ivan P"
        assert form.find("slist[@name='preset']") is not None
        # errors are HTTP 200, with lang
        missing = get(http, **admin(out="json", func="user.edit", elid="nobody"))
        assert missing.status_code == 200 and missing.json()["doc"]["error"]["$type"] == "missed"
        ru = xml(get(http, **admin(out="xml", func="user.edit", elid="nobody", lang="ru")))
        assert ru.find("error").get("lang") == "ru" and "не найден" in ru.findtext("error/msg")
        xx = xml(get(http, **admin(out="xml", func="user.edit", elid="nobody", lang="xx")))
        assert xx.find("error").get("lang") == "en"
        unknown = xml(get(http, **admin(out="xml", func="no.such.func")))
        assert unknown.find("error").get("object") == "func"
        # unknown parameters are ignored; multipart bodies work
        r = http.post("/ispmgr", files={k: (None, v) for k, v in admin(
            out="xml", func="user.suspend", elid="ivan", clicked_button="ok", elname="ivan", operafake="1").items()})
        assert xml(r).find("ok") is not None
        assert xml(get(http, **admin(out="xml", func="user"))).findtext("elem/active") == "off"
        assert xml(get(http, **admin(out="xml", func="user.resume", elid="ivan"))).find("ok") is not None
        # the user logs in here and in the Plesk REST API... (administrators only there), and through su
        u = xml(get(http, out="xml", func="whoami", authinfo=f"ivan:{USER_PASSWORD}"))
        assert u.find("user").get("level") == "16"
    with server.client("plesk_https") as plesk:
        clients = plesk.get("/api/v2/clients", auth=("admin", ADMIN_PASSWORD)).json()
        assert [c["login"] for c in clients if c["login"] == "ivan"] == ["ivan"]
        domains = plesk.get("/api/v2/domains", auth=("admin", ADMIN_PASSWORD)).json()
        assert "ivan.example" in [d["name"] for d in domains]
        # the same login and password are accepted there (403: Plesk's REST API is the administrator's only;
        # a wrong password is 401)
        assert plesk.get("/api/v2/clients", auth=("ivan", USER_PASSWORD)).status_code == 403
        assert plesk.get("/api/v2/clients", auth=("ivan", "wrong-password")).status_code == 401
    # ... and in cPanel's UAPI, as the owner of its hosting (the cPanel user)
    with server.client("cpanel_https") as cpanel:
        info = cpanel.get("/execute/DomainInfo/list_domains", auth=("ivan", USER_PASSWORD))
        assert info.status_code == 200 and info.json()["status"] == 1, info.text
        assert info.json()["data"]["main_domain"] == "ivan.example"
        assert cpanel.get("/execute/DomainInfo/list_domains", auth=("ivan", "wrong-password")).status_code in (401, 403)


def test_one_time_key_recipe_and_su(server):
    with server.client("ispmgr_https") as http:
        xml(get(http, **admin(out="xml", func="user.add.finish", sok="ok", name="vasya", passwd=USER_PASSWORD,
                              confirm=USER_PASSWORD, webdomain_name="vasya.example")))
        key = "1234567890qwertyuiop"
        assert xml(get(http, **admin(out="xml", func="session.newkey", username="vasya", key=key))).find("ok") is not None
        a = xml(get(http, func="auth", username="vasya", key=key, checkcookie="no", out="xml")).find("auth")
        assert a.get("level") == "16"
        sites = xml(get(http, auth=a.get("id"), out="xml", func="webdomain"))
        assert [e.findtext("name") for e in sites.findall("elem")] == ["vasya.example"]
        reused = xml(get(http, func="auth", username="vasya", key=key, checkcookie="no", out="xml"))
        assert reused.find("error").get("type") == "auth"
        su = xml(get(http, **admin(out="xml", func="whoami", su="vasya")))
        assert su.find("user").get("name") == "vasya"
        refused = xml(get(http, out="xml", func="whoami", su="admin", authinfo=f"vasya:{USER_PASSWORD}"))
        assert refused.find("error").get("type") == "access"


def test_webdomains_and_dns_records(server):
    with server.client("ispmgr_https") as http:
        xml(get(http, **admin(out="xml", func="user.add.finish", sok="ok", name="petr", passwd=USER_PASSWORD,
                              confirm=USER_PASSWORD, webdomain_name="petr.example")))
        ok = xml(get(http, **admin(out="xml", func="webdomain.edit", sok="ok", name="shop.example", owner="petr")))
        assert ok.findtext("id") == "shop.example"
        names = sorted(e.findtext("name") for e in xml(get(http, **admin(out="xml", func="wwwdomain"))).findall("elem"))
        assert names == ["petr.example", "shop.example"]
        j = get(http, **admin(out="json", func="webdomain"))
        assert sorted(e["name"]["$"] for e in j.json()["doc"]["elem"]) == names
        form = xml(get(http, **admin(out="xml", func="webdomain.edit", elid="shop.example")))
        assert form.findtext("owner") == "petr"
        # DNS: add a TXT, its rkey, and delete it by rkey
        add = xml(get(http, **admin(out="xml", func="domain.record.edit", plid="petr.example", sok="ok",
                                               name="_acme-challenge", rtype="txt", value="tok-123", ttl="60")))
        assert add.findtext("id") == "_acme-challenge.petr.example. TXT  tok-123"
        rows = xml(get(http, **admin(out="xml", func="domain.record", elid="petr.example"))).findall("elem")
        assert "_acme-challenge.petr.example. TXT  tok-123" in [e.findtext("rkey") for e in rows]
        a = xml(get(http, **admin(out="xml", func="domain.record.edit", plid="petr.example", sok="ok", name="pop",
                                  rtype="a", ip="192.0.2.10")))
        assert a.findtext("id") == "pop.petr.example. A  192.0.2.10"
        gone = (get(http, **admin(out="sjson", func="domain.record.delete", plid="petr.example",
                                     elid="pop.petr.example. A  192.0.2.10, _acme-challenge.petr.example. TXT  tok-123")))
        assert "ok" in gone.json()["doc"]
        left = [e.findtext("rkey") for e in xml(get(http, **admin(out="xml", func="domain.record", elid="petr.example"))).findall("elem")]
        assert not [k for k in left if "tok-123" in k or "192.0.2.10" in k]
        assert xml(get(http, **admin(out="xml", func="domain"))).find("elem[name='petr.example']") is not None
        assert xml(get(http, **admin(out="xml", func="soa.edit", elid="petr.example"))).findtext("serial")
        # suspend, resume, delete a web domain
        for action in ("suspend", "resume", "delete"):
            assert xml(get(http, **admin(out="xml", func=f"webdomain.{action}", elid="shop.example"))).find("ok") is not None
        names = [e.findtext("name") for e in xml(get(http, **admin(out="xml", func="webdomain"))).findall("elem")]
        assert names == ["petr.example"]
