"""mail aliases and autoresponders, protected-dir, php-handler, ui custom buttons, extension call."""
import base64
import re

from polypanel.core import accounts

from .conftest import Agent, packet, results
from .test_plesk_xml_dns import webspace

PW = "Mail-Passw0rd!1"
CUST = {"HTTP_AUTH_LOGIN": "xcust", "HTTP_AUTH_PASSWD": "Xcust-Passw0rd!1"}
OTHER = {"HTTP_AUTH_LOGIN": "xother", "HTTP_AUTH_PASSWD": "Xcust-Passw0rd!1"}


def one(root, path):
    rs = results(root, path)
    assert len(rs) == 1, rs
    return rs[0]


def two_customers(panel):
    with panel.context(panel.admin()) as ctx:
        for login in ("xcust", "xother"):
            accounts.create(ctx, role="customer", login=login, password="Xcust-Passw0rd!1")


def test_mail_aliases_and_autoresponder(agent):
    wid = webspace(agent, "aliases.com")
    r = one(agent.post(packet(f"<mail><create><filter><site-id>{wid}</site-id><mailname><name>info</name><mailbox>"
                              f"<enabled>true</enabled></mailbox><alias>sales</alias><alias>Hello</alias><password>"
                              f"<value>{PW}</value></password></mailname></filter></create></mail>")), "mail/create")
    assert r.findtext("status") == "ok", r.findtext("errtext")
    info = one(agent.post(packet(f"<mail><get_info><filter><site-id>{wid}</site-id><name>info</name></filter>"
                                 "<mailbox/><aliases/><autoresponder/></get_info></mail>")), "mail/get_info")
    mn = info.find("mailname")
    assert [a.text for a in mn.findall("alias")] == ["sales", "hello"]
    assert [c.tag for c in mn] == ["id", "name", "mailbox", "forwarding", "alias", "alias", "autoresponder"]
    assert mn.findtext("autoresponder/enabled") == "false"
    # an alias is an address of the domain: no second mailbox or alias may take it
    clash = one(agent.post(packet(f"<mail><create><filter><site-id>{wid}</site-id><mailname><name>sales</name>"
                                  f"<password><value>{PW}</value></password></mailname></filter></create></mail>")),
                "mail/create")
    assert clash.findtext("errcode") == "1007" and clash.findtext("mailname/name") == "sales"
    agent.post(packet(f"<mail><create><filter><site-id>{wid}</site-id><mailname><name>bob</name><password><value>"
                      f"{PW}</value></password></mailname></filter></create></mail>"))
    taken = one(agent.post(packet(f"<mail><update><add><filter><site-id>{wid}</site-id><mailname><name>bob</name>"
                                  "<alias>hello</alias></mailname></filter></add></update></mail>")), "mail/update")
    assert taken.findtext("errcode") == "1007"
    upd = agent.post(packet(f"<mail><update><add><filter><site-id>{wid}</site-id><mailname><name>info</name>"
                            "<alias>office</alias></mailname></filter></add></update></mail>"
                            f"<mail><update><remove><filter><site-id>{wid}</site-id><mailname><name>info</name>"
                            "<alias>sales</alias></mailname></filter></remove></update></mail>"))
    assert [x.findtext("status") for x in upd.iter("result")] == ["ok", "ok"]
    mn = one(agent.post(packet(f"<mail><get_info><filter><site-id>{wid}</site-id><name>info</name></filter>"
                               "<aliases/></get_info></mail>")), "mail/get_info").find("mailname")
    assert [a.text for a in mn.findall("alias")] == ["hello", "office"]
    bad = one(agent.post(packet(f"<mail><update><set><filter><site-id>{wid}</site-id><mailname><name>info</name>"
                                "<alias>no spaces</alias></mailname></filter></set></update></mail>")), "mail/update")
    assert bad.findtext("errcode") == "1019"
    auto = one(agent.post(packet(f"<mail><update><set><filter><site-id>{wid}</site-id><mailname><name>info</name>"
                                 "<autoresponder><enabled>true</enabled><subject>Away</subject><text>Back soon</text>"
                                 "</autoresponder></mailname></filter></set></update></mail>")), "mail/update")
    assert auto.findtext("errcode") == "1026" and "Sieve" in auto.findtext("errtext")
    off = one(agent.post(packet(f"<mail><update><set><filter><site-id>{wid}</site-id><mailname><name>info</name>"
                                "<autoresponder><enabled>false</enabled></autoresponder></mailname></filter></set>"
                                "</update></mail>")), "mail/update")
    assert off.findtext("status") == "ok"


def test_protected_dirs_and_users(panel, agent):
    two_customers(panel)
    wid = webspace(agent, "protect.com", owner="xcust")
    cust, other = Agent(panel), Agent(panel)
    r = one(cust.post(packet(f"<protected-dir><add><site-id>{wid}</site-id><name>private</name><header>Staff only"
                             "</header></add></protected-dir>"), CUST), "protected-dir/add")
    assert r.findtext("status") == "ok", r.findtext("errtext")
    pid = r.findtext("id")
    root = one(cust.post(packet(f"<protected-dir><add><site-id>{wid}</site-id><name>/</name><header></header></add>"
                                "</protected-dir>"), CUST), "protected-dir/add")
    assert root.findtext("status") == "ok"
    for name, code in (("", "1019"), ("../etc", "1019"), ("a b", "1019"), ("private", "1007")):
        bad = one(cust.post(packet(f"<protected-dir><add><site-id>{wid}</site-id><name>{name}</name></add>"
                                   "</protected-dir>"), CUST), "protected-dir/add")
        assert bad.findtext("errcode") == code, (name, bad.findtext("errtext"))
    evil = one(cust.post(packet(f"<protected-dir><add><site-id>{wid}</site-id><name>x</name>"
                                '<header>a";} deny all; {"</header></add></protected-dir>'), CUST), "protected-dir/add")
    assert evil.findtext("errcode") == "1019"
    listed = results(cust.post(packet(f"<protected-dir><get><filter><site-id>{wid}</site-id></filter></get>"
                                      "</protected-dir>"), CUST), "protected-dir/get")
    assert [(x.findtext("data/name"), x.findtext("data/header")) for x in listed] == [("private", "Staff only"),
                                                                                      ("/", "")]
    assert [c.tag for c in listed[0]] == ["status", "filter-id", "id", "data"]
    u = one(cust.post(packet(f"<protected-dir><add-user><pd-id>{pid}</pd-id><login>john</login><password>{PW}"
                             "</password></add-user></protected-dir>"), CUST), "protected-dir/add-user")
    assert u.findtext("status") == "ok", u.findtext("errtext")
    uid = u.findtext("id")
    dup = one(cust.post(packet(f"<protected-dir><add-user><pd-id>{pid}</pd-id><login>john</login><password>{PW}"
                               "</password></add-user></protected-dir>"), CUST), "protected-dir/add-user")
    assert dup.findtext("errcode") == "1007"
    colon = one(cust.post(packet(f"<protected-dir><add-user><pd-id>{pid}</pd-id><login>a:b</login><password>{PW}"
                                 "</password></add-user></protected-dir>"), CUST), "protected-dir/add-user")
    assert colon.findtext("errcode") == "1019"
    s = one(cust.post(packet(f"<protected-dir><set-user><filter><id>{uid}</id></filter><values><login>johnny</login>"
                             "</values></set-user></protected-dir>"), CUST), "protected-dir/set-user")
    assert s.findtext("status") == "ok", s.findtext("errtext")
    # another customer sees and touches nothing of it
    for op in (f"<get><filter><id>{pid}</id></filter></get>", f"<delete><filter><id>{pid}</id></filter></delete>",
               f"<add-user><pd-id>{pid}</pd-id><login>eve</login><password>{PW}</password></add-user>",
               f"<delete-user><filter><id>{uid}</id></filter></delete-user>",
               f"<add><site-id>{wid}</site-id><name>mine</name></add>"):
        got = other.post(packet(f"<protected-dir>{op}</protected-dir>"), OTHER)
        assert got.find(".//result/errcode").text == "1013", op
    assert one(cust.post(packet(f"<protected-dir><delete-user><filter><id>{uid}</id></filter></delete-user>"
                                "</protected-dir>"), CUST), "protected-dir/delete-user").findtext("status") == "ok"
    gone = one(cust.post(packet(f"<protected-dir><delete><filter><id>{pid}</id></filter></delete></protected-dir>"),
                         CUST), "protected-dir/delete")
    assert (gone.findtext("status"), gone.findtext("id")) == ("ok", pid)
    assert one(cust.post(packet("<protected-dir><get><filter><id>99999999</id></filter></get></protected-dir>"),
                         CUST), "protected-dir/get").findtext("errcode") == "1013"
    # deleting the webspace takes its protected directories with it
    assert one(agent.post(packet(f"<webspace><del><filter><id>{wid}</id></filter></del></webspace>")),
               "webspace/del").findtext("status") == "ok"


def test_php_handlers_are_what_the_box_has(agent):
    import glob

    handlers = results(agent.post(packet("<php-handler><get><filter/></get></php-handler>")), "php-handler/get")
    versions = sorted(re.sub(r"^php", "", p.rsplit("/", 1)[1]) for p in glob.glob("/usr/bin/php[0-9]*.[0-9]*"))
    assert sorted(h.findtext("version") for h in handlers) == versions
    for h in handlers:
        assert [c.tag for c in h] == ["status", "id", "display-name", "full-version", "version", "type", "path",
                                      "clipath", "phpini", "custom", "handler-status"]
        assert h.findtext("full-version").startswith(h.findtext("version") + ".")
        assert h.findtext("handler-status") == "disabled"  # no [web] php_fpm_socket: no site runs PHP
    missing = one(agent.post(packet("<php-handler><get><filter><id>nope</id></filter></get></php-handler>")),
                  "php-handler/get")
    assert missing.findtext("errcode") == "1013" and "Php handler does not exists" in missing.findtext("errtext")


def test_php_handler_enabled_with_an_fpm_socket(panel):
    import glob

    if not glob.glob("/usr/bin/php[0-9]*.[0-9]*"):
        return
    fpm = Agent(panel, ini="[web]\nphp_fpm_socket = /run/php/php-fpm.sock\n")
    handlers = results(fpm.post(packet("<php-handler><get><filter/></get></php-handler>")), "php-handler/get")
    if len(handlers) == 1:
        assert handlers[0].findtext("handler-status") == "enabled"
        assert handlers[0].findtext("path") == "/run/php/php-fpm.sock"


def test_custom_buttons_and_navigation(panel, agent):
    two_customers(panel)
    props = "<properties><place>admin</place><url>http://example.com</url><text>Example site</text></properties>"
    b = one(agent.post(packet(f"<ui><create-custombutton><owner><admin/></owner>{props}</create-custombutton></ui>")),
            "ui/create-custombutton")
    assert b.findtext("status") == "ok", b.findtext("errtext")
    bid = b.findtext("id")
    got = one(agent.post(packet(f"<ui><get-custombutton><filter><custombutton-id>{bid}</custombutton-id></filter>"
                                "</get-custombutton></ui>")), "ui/get-custombutton")
    assert (got.findtext("properties/url"), got.findtext("properties/text")) == ("http://example.com", "Example site")
    assert got.find("owner/admin") is not None and [c.tag for c in got][1:] == ["id", "owner", "properties",
                                                                               "url-components"]
    for bad in ("<place>nowhere</place><url>http://x.com</url><text>t</text>",
                "<place>admin</place><url>javascript:alert(1)</url><text>t</text>",
                "<place>admin</place><url>http://x.com</url><text></text>"):
        r = one(agent.post(packet(f"<ui><create-custombutton><owner><admin/></owner><properties>{bad}</properties>"
                                  "</create-custombutton></ui>")), "ui/create-custombutton")
        assert r.findtext("errcode") == "1019", bad
    cust = Agent(panel)
    with panel.context(panel.admin()) as ctx:
        cid = accounts.get(ctx, login="xcust").id
    mine = one(cust.post(packet(f"<ui><create-custombutton><owner><customer-id>{cid}</customer-id></owner>"
                                "<properties><place>client</place><url>https://help.example.com</url><text>Help</text>"
                                "</properties></create-custombutton></ui>"), CUST), "ui/create-custombutton")
    assert mine.findtext("status") == "ok", mine.findtext("errtext")
    peek = Agent(panel).post(packet(f"<ui><get-custombutton><filter><custombutton-id>{mine.findtext('id')}"
                                    "</custombutton-id></filter></get-custombutton></ui>"), OTHER)
    assert peek.findtext("ui/get-custombutton/result/errcode") == "1013"
    admin_button = cust.post(packet(f"<ui><delete-custombutton><filter><custombutton-id>{bid}</custombutton-id>"
                                    "</filter></delete-custombutton></ui>"), CUST)
    assert admin_button.findtext("ui/delete-custombutton/result/errcode") == "1013"
    nav = one(cust.post(packet("<ui><get-navigation/></ui>"), CUST), "ui/get-navigation")
    serialized = base64.b64decode(nav.findtext("navigation")).decode()
    assert serialized.startswith('a:2:{s:7:"general";') and 's:7:"hosting";' in serialized and '"Help"' in serialized
    d = one(agent.post(packet(f"<ui><delete-custombutton><filter><custombutton-id>{bid}</custombutton-id></filter>"
                              "</delete-custombutton></ui>")), "ui/delete-custombutton")
    assert (d.findtext("status"), d.findtext("id")) == ("ok", bid)


def test_extension_call_is_a_clear_error(agent):
    r = one(agent.post(packet("<extension><call><rest-api><get-info/></rest-api></call></extension>")),
            "extension/call")
    assert r.findtext("errcode") == "1026"
    r = one(agent.post(packet("<extension><call><no-such-ext><x/></no-such-ext></call></extension>")), "extension/call")
    assert r.findtext("errcode") == "1013"
