"""customer, reseller, webspace, site, service-plan, ip, server.create_session and session over agent.php;
the objects are the ones the REST API shows (same id and guid)."""
import base64

from polypanel.core import accounts

from .conftest import Agent, basic, packet, results
from tests.conftest import ADMIN_PASSWORD

RES = {"HTTP_AUTH_LOGIN": "res1", "HTTP_AUTH_PASSWD": "Res-Passw0rd!1"}


def one(root, path):
    rs = results(root, path)
    assert len(rs) == 1, rs
    return rs[0]


def test_customer_lifecycle_and_rest_sees_the_same_object(agent):
    r = one(agent.post(packet("<customer><add><gen_info><cname>ACME</cname><pname>Jo Doe</pname><login>jo</login>"
                              "<passwd>Jo-Passw0rd!12</passwd><status>0</status><email>jo@example.com</email>"
                              "<pcode>12345</pcode><country>DE</country><external-id>crm-1</external-id>"
                              "</gen_info></add></customer>")), "customer/add")
    cid, guid = r.findtext("id"), r.findtext("guid")
    rest = agent.http.get(f"/api/v2/clients/{cid}", headers=basic("admin", ADMIN_PASSWORD)).json()
    assert (str(rest["id"]), rest["guid"], rest["login"]) == (cid, guid, "jo")
    got = one(agent.post(packet("<customer><get><filter><external-id>crm-1</external-id></filter><dataset>"
                                "<gen_info/></dataset></get></customer>")), "customer/get")
    info = got.find("data/gen_info")
    assert (info.findtext("cname"), info.findtext("pname"), info.findtext("pcode"), info.findtext("guid")) == (
        "ACME", "Jo Doe", "12345", guid)
    r = one(agent.post(packet(f"<customer><set><filter><id>{cid}</id></filter><values><gen_info><status>16</status>"
                              "<passwd>Jo-NewPassw0rd!1</passwd></gen_info></values></set></customer>")),
            "customer/set")
    assert (r.findtext("status"), r.findtext("filter-id"), r.findtext("id")) == ("ok", cid, cid)
    assert agent.post(packet("<customer><get><filter><login>jo</login></filter><dataset><gen_info/></dataset>"
                             "</get></customer>")).findtext("customer/get/result/data/gen_info/status") == "16"
    bad = one(agent.post(packet(f"<customer><set><filter><id>{cid}</id></filter><values><gen_info><status>7"
                                "</status></gen_info></values></set></customer>")), "customer/set")
    assert bad.findtext("errcode") == "1025"
    r = one(agent.post(packet("<customer><del><filter><login>jo</login></filter></del></customer>")), "customer/del")
    assert r.findtext("status") == "ok"
    assert agent.http.get(f"/api/v2/clients/{cid}", headers=basic("admin", ADMIN_PASSWORD)).status_code == 404


def test_reseller_with_xml_permission_manages_only_its_customers(panel, agent):
    r = one(agent.post(packet("<reseller><add><gen-info><pname>Res</pname><login>res1</login>"
                              "<passwd>Res-Passw0rd!1</passwd></gen-info></add></reseller>")), "reseller/add")
    with panel.context(panel.admin()) as ctx:
        accounts.update(ctx, accounts.get(ctx, login="res1"), permissions={"manage_xml_api": True})
        accounts.create(ctx, role="customer", login="admins", password="Adm-Passw0rd!1")
    got = one(agent.post(packet("<reseller><get><filter><login>res1</login></filter><dataset><gen-info/>"
                                "</dataset></get></reseller>")), "reseller/get")
    assert got.find("data/gen-info/cr-date") is not None and got.findtext("id") == r.findtext("id")
    mine = one(agent.post(packet("<customer><add><gen_info><pname>C</pname><login>rescust</login>"
                                 "<passwd>Res-Passw0rd!1</passwd></gen_info></add></customer>"), RES), "customer/add")
    assert mine.findtext("status") == "ok"
    seen = [x.findtext("data/gen_info/login") for x in results(agent.post(packet(
        "<customer><get><filter/><dataset><gen_info/></dataset></get></customer>"), RES), "customer/get")]
    assert seen == ["rescust"]
    other = one(agent.post(packet("<customer><del><filter><login>admins</login></filter></del></customer>"), RES),
                "customer/del")
    assert other.findtext("errcode") == "1013"
    denied = one(agent.post(packet("<reseller><add><gen-info><pname>X</pname><login>res2</login>"
                                   "<passwd>Res-Passw0rd!1</passwd></gen-info></add></reseller>"), RES), "reseller/add")
    assert denied.findtext("errcode") == "1006"


def test_webspace_and_site(agent):
    r = one(agent.post(packet(
        "<webspace><add><gen_setup><name>shop.example</name><ip_address>127.0.0.1</ip_address>"
        "<description>Shop</description></gen_setup><hosting><vrt_hst><property><name>ftp_login</name>"
        "<value>shopftp</value></property><property><name>ftp_password</name><value>Ftp-Passw0rd!1</value>"
        "</property><ip_address>127.0.0.1</ip_address></vrt_hst></hosting><plan-name>Unlimited</plan-name>"
        "</add></webspace>")), "webspace/add")
    wid, guid = r.findtext("id"), r.findtext("guid")
    rest = agent.http.get(f"/api/v2/domains/{wid}", headers=basic("admin", ADMIN_PASSWORD)).json()
    assert (str(rest["id"]), rest["guid"], rest["name"]) == (wid, guid, "shop.example")
    got = one(agent.post(packet("<webspace><get><filter><name>shop.example</name></filter><dataset><gen_info/>"
                                "<hosting/><limits/><subscriptions/></dataset></get></webspace>")), "webspace/get")
    data = got.find("data")
    assert [c.tag for c in data] == ["gen_info", "hosting", "limits", "subscriptions"]
    assert data.findtext("gen_info/guid") == guid and data.findtext("gen_info/dns_ip_address") == "127.0.0.1"
    props = {p.findtext("name"): p.findtext("value") for p in data.findall("hosting/vrt_hst/property")}
    assert props["ftp_login"] == "shopftp"
    assert data.find("subscriptions/subscription/plan/plan-guid") is not None
    s = one(agent.post(packet(f"<site><add><gen_setup><name>blog.example</name><webspace-id>{wid}</webspace-id>"
                              "</gen_setup></add></site>")), "site/add")
    sid = s.findtext("id")
    site = one(agent.post(packet(f"<site><get><filter><id>{sid}</id></filter><dataset><gen_info/></dataset></get>"
                                 "</site>")), "site/get")
    assert site.findtext("data/gen_info/webspace-id") == wid and site.findtext("data/gen_info/name") == "blog.example"
    every = results(agent.post(packet("<site><get><filter/><dataset/></get></site>")), "site/get")
    assert [x.findtext("id") for x in every] == [sid]  # add-on sites only, as Plesk
    off = one(agent.post(packet(f"<webspace><set><filter><id>{wid}</id></filter><values><gen_setup><status>16"
                                "</status></gen_setup></values></set></webspace>")), "webspace/set")
    assert off.findtext("status") == "ok"
    dup = one(agent.post(packet("<webspace><add><gen_setup><name>shop.example</name></gen_setup></add></webspace>")),
              "webspace/add")
    assert dup.findtext("status") == "error" and dup.findtext("errcode") in ("1007", "1019")
    gone = results(agent.post(packet(f"<site><del><filter><id>{sid}</id></filter></del></site>"
                                     f"<webspace><del><filter><id>{wid}</id></filter></del></webspace>")), "*/del")
    assert [x.findtext("status") for x in gone] == ["ok", "ok"]
    root = agent.post(packet(f"<webspace><get><filter><id>{wid}</id></filter><dataset/></get></webspace>"))
    assert root.findtext("webspace/get/result/errcode") == "1013"


def test_service_plans_and_ips(agent):
    plans = results(agent.post(packet("<service-plan><get><filter/></get></service-plan>")), "service-plan/get")
    assert "Unlimited" in [p.findtext("name") for p in plans]
    r = one(agent.post(packet("<service-plan><add><name>Small</name><limits><limit><name>max_site</name><value>2"
                              "</value></limit><limit><name>disk_space</name><value>1073741824</value></limit>"
                              "</limits></add></service-plan>")), "service-plan/add")
    assert r.findtext("status") == "ok" and r.findtext("guid")
    got = one(agent.post(packet("<service-plan><get><filter><name>Small</name></filter></get></service-plan>")),
              "service-plan/get")
    limits = {x.findtext("name"): x.findtext("value") for x in got.findall("limits/limit")}
    assert limits["max_site"] == "2" and limits["disk_space"] == "1073741824"
    assert one(agent.post(packet("<service-plan><del><filter><name>Small</name></filter></del></service-plan>")),
               "service-plan/del").findtext("status") == "ok"
    assert one(agent.post(packet("<service-plan><get><filter><name>Small</name></filter></get></service-plan>")),
               "service-plan/get").findtext("errcode") == "1013"
    info = agent.post(packet("<ip><get/></ip>")).findall("ip/get/result/addresses/ip_info")
    assert info and [c.tag for c in info[0]] == ["ip_address", "netmask", "type", "interface"]


def test_create_session_is_redeemed_once_from_its_address_and_listed(panel, agent):
    with panel.context(panel.admin()) as ctx:
        accounts.create(ctx, role="customer", login="sess", password="Sess-Passw0rd!1")
    ip = base64.b64encode(b"127.0.0.1").decode()
    r = one(agent.post(packet(f"<server><create_session><login>sess</login><data><user_ip>{ip}</user_ip>"
                              "<source_server></source_server></data></create_session></server>")),
            "server/create_session")
    token = r.findtext("id")
    assert r.findtext("status") == "ok" and len(token) > 10
    page = agent.http.get(f"/enterprise/rsession_init.php?PLESKSESSID={token}", follow_redirects=False)
    assert page.status_code in (302, 303)
    again = agent.http.get(f"/enterprise/rsession_init.php?PLESKSESSID={token}", follow_redirects=False)
    assert again.status_code >= 400
    listed = agent.post(packet("<session><get/></session>")).findall("session/get/result/session")
    mine = [s for s in listed if s.findtext("login") == "sess"]
    assert mine and mine[0].findtext("ip-address") == "127.0.0.1"
    done = one(agent.post(packet(f"<session><terminate><session-id>{mine[0].findtext('id')}</session-id>"
                                 "</terminate></session>")), "session/terminate")
    assert done.findtext("status") == "ok"
    missing = one(agent.post(packet("<session><terminate><session-id>999999</session-id></terminate></session>")),
                  "session/terminate")
    assert (missing.findtext("errcode"), missing.findtext("errtext")) == ("1013", "Session does not exist")
    bad_ip = one(agent.post(packet("<server><create_session><login>sess</login><data><user_ip>!!</user_ip>"
                                   "</data></create_session></server>")), "server/create_session")
    assert bad_ip.findtext("errcode") == "1019"
    other = Agent(panel, ip="192.0.2.77")
    token2 = one(agent.post(packet(f"<server><create_session><login>sess</login><data><user_ip>{ip}</user_ip>"
                                   "</data></create_session></server>")), "server/create_session").findtext("id")
    assert other.http.get(f"/enterprise/rsession_init.php?PLESKSESSID={token2}",
                          follow_redirects=False).status_code >= 400


def test_switch_subscription_and_reseller_permissions(panel, agent):
    from .test_plesk_xml_dns import webspace

    wid = webspace(agent, "switch.com")
    r = one(agent.post(packet("<service-plan><add><name>Switch Plan</name></add></service-plan>")), "service-plan/add")
    guid = r.findtext("guid")
    s = one(agent.post(packet(f"<webspace><switch-subscription><filter><id>{wid}</id></filter><plan-guid>{guid}"
                              "</plan-guid></switch-subscription></webspace>")), "webspace/switch-subscription")
    assert s.findtext("status") == "ok", s.findtext("errtext")
    got = one(agent.post(packet(f"<webspace><get><filter><id>{wid}</id></filter><dataset><subscriptions/></dataset>"
                                "</get></webspace>")), "webspace/get")
    assert got.findtext("data/subscriptions/subscription/plan/plan-guid") == guid
    missing = one(agent.post(packet(f"<webspace><switch-subscription><filter><id>{wid}</id></filter><plan-guid>nope"
                                    "</plan-guid></switch-subscription></webspace>")), "webspace/switch-subscription")
    assert missing.findtext("errcode") == "1013"
    with panel.context(panel.admin()) as ctx:
        accounts.create(ctx, role="reseller", login="permres", password="Res-Passw0rd!1",
                        permissions={"manage_xml_api": True})
    perms = one(agent.post(packet("<reseller><get><filter><login>permres</login></filter><dataset><gen-info/>"
                                  "<permissions/></dataset></get></reseller>")), "reseller/get")
    assert {(p.findtext("name"), p.findtext("value")) for p in perms.findall("data/permissions/permission")} == {
        ("manage_xml_api", "true")}


def test_webspace_limits_and_descriptors(agent):
    r = one(agent.post(packet("<webspace><add><gen_setup><name>limited.com</name></gen_setup><limits><limit><name>"
                              "max_subdom</name><value>1</value></limit></limits></add></webspace>")), "webspace/add")
    assert r.findtext("status") == "ok", r.findtext("errtext")
    got = one(agent.post(packet(f"<webspace><get><filter><id>{r.findtext('id')}</id></filter><dataset><limits/>"
                                "</dataset></get></webspace>")), "webspace/get")
    assert ("max_subdom", "1") in [(x.findtext("name"), x.findtext("value")) for x in got.findall("data/limits/limit")]
    sub = "<subdomain><add><parent>limited.com</parent><name>{}</name></add></subdomain>"
    root = agent.post(packet(sub.format("a") + sub.format("b")))
    assert [x.findtext("status") for x in root.iter("result")] == ["ok", "error"]
    d = one(agent.post(packet("<webspace><get-limit-descriptor><filter/></get-limit-descriptor></webspace>")),
            "webspace/get-limit-descriptor")
    assert "max_subdom" in [p.findtext("name") for p in d.findall("descriptor/property")]
