"""Webspace prefs / performance / permissions (stored, answered, enforced), service-plan blocks,
service-plan-addon and add-ons on a subscription (limits summed), session.get and server.get state."""
import base64

from polypanel.core import accounts, host

from .conftest import Agent, packet, results
from .test_plesk_xml_dns import webspace

CUST = {"HTTP_AUTH_LOGIN": "blk", "HTTP_AUTH_PASSWD": "Blk-Passw0rd!1"}


def one(root, path):
    rs = results(root, path)
    assert len(rs) == 1, rs
    return rs[0]


def customer(panel, login="blk"):
    with panel.context(panel.admin()) as ctx:
        accounts.create(ctx, role="customer", login=login, password="Blk-Passw0rd!1")


def test_webspace_prefs_performance_permissions_round_trip_and_enforced(panel, agent):
    customer(panel)
    r = one(agent.post(packet(
        "<webspace><add><gen_setup><name>blocks.com</name><owner-login>blk</owner-login></gen_setup>"
        "<prefs><www>false</www><stat_ttl>6</stat_ttl></prefs>"
        "<performance><bandwidth>2048</bandwidth><max_connections>20</max_connections></performance>"
        "<permissions><permission><name>manage_dns</name><value>false</value></permission>"
        "<permission><name>manage_subdomains</name><value>false</value></permission>"
        "<permission><name>manage_webstat</name><value>true</value></permission></permissions>"
        "</add></webspace>")), "webspace/add")
    assert r.findtext("status") == "ok", r.findtext("errtext")
    wid = r.findtext("id")
    got = one(agent.post(packet(f"<webspace><get><filter><id>{wid}</id></filter><dataset><prefs/><performance/>"
                                "<permissions/></dataset></get></webspace>")), "webspace/get")
    data = got.find("data")
    assert [c.tag for c in data] == ["prefs", "performance", "permissions"]
    assert (data.findtext("prefs/www"), data.findtext("prefs/stat_ttl")) == ("false", "6")
    assert (data.findtext("performance/bandwidth"), data.findtext("performance/max_connections")) == ("2048", "20")
    perms = {p.findtext("name"): p.findtext("value") for p in data.findall("permissions/permission")}
    assert perms["manage_dns"] == "false" and perms["manage_subdomains"] == "false"
    assert perms["manage_webstat"] == "true" and perms["create_domains"] == "true"
    # the customer is held to them; the administrator is not
    dns = packet(f"<dns><add_rec><site-id>{wid}</site-id><type>TXT</type><host>t</host><value>v</value></add_rec></dns>")
    assert Agent(panel).post(dns, CUST).findtext("dns/add_rec/result/errcode") == "1006"
    assert agent.post(dns).findtext("dns/add_rec/result/status") == "ok"
    sub = packet("<subdomain><add><parent>blocks.com</parent><name>shop</name></add></subdomain>")
    assert Agent(panel).post(sub, CUST).findtext("subdomain/add/result/errcode") == "1006"
    # set turns them back on
    s = one(agent.post(packet(f"<webspace><set><filter><id>{wid}</id></filter><values><prefs><www>true</www></prefs>"
                              "<permissions><permission><name>manage_dns</name><value>true</value></permission>"
                              "</permissions></values></set></webspace>")), "webspace/set")
    assert s.findtext("status") == "ok", s.findtext("errtext")
    assert Agent(panel).post(dns.replace(">t<", ">t2<"), CUST).findtext("dns/add_rec/result/status") == "ok"
    got = one(agent.post(packet(f"<webspace><get><filter><id>{wid}</id></filter><dataset><prefs/></dataset></get>"
                                "</webspace>")), "webspace/get")
    assert got.findtext("data/prefs/www") == "true"
    # a customer may not lift its own permissions
    lift = Agent(panel).post(packet(
        f"<webspace><set><filter><id>{wid}</id></filter><values><permissions><permission><name>manage_subdomains"
        "</name><value>true</value></permission></permissions></values></set></webspace>"), CUST)
    assert lift.findtext("webspace/set/result/status") == "error"


def test_hostile_webspace_blocks_are_1019(agent):
    for block in ("<prefs><www>maybe</www></prefs>", "<prefs><evil>1</evil></prefs>",
                  "<performance><bandwidth>x</bandwidth></performance>",
                  "<permissions><permission><name>Bad Name!</name><value>true</value></permission></permissions>",
                  "<permissions><permission><name>manage_dns</name><value>sure</value></permission></permissions>"):
        r = one(agent.post(packet(f"<webspace><add><gen_setup><name>hostile.com</name></gen_setup>{block}</add>"
                                  "</webspace>")), "webspace/add")
        assert (r.findtext("status"), r.findtext("errcode")) == ("error", "1019"), block
    assert one(agent.post(packet("<webspace><get><filter><name>hostile.com</name></filter><dataset/></get>"
                                 "</webspace>")), "webspace/get").findtext("errcode") == "1013"


def test_service_plan_blocks_come_from_the_store(agent):
    r = one(agent.post(packet(
        "<service-plan><add><name>Blocky</name><mail><nonexistent-user><bounce>gone</bounce></nonexistent-user>"
        "<webmail>horde</webmail></mail><log-rotation><off/></log-rotation><preferences><stat>6</stat></preferences>"
        "<performance><bandwidth>100</bandwidth><max_connections>5</max_connections></performance>"
        "<permissions><permission><name>manage_dns</name><value>false</value></permission></permissions>"
        "<php-settings><setting><name>memory_limit</name><value>256M</value></setting></php-settings>"
        "</add></service-plan>")), "service-plan/add")
    assert r.findtext("status") == "ok", r.findtext("errtext")
    got = one(agent.post(packet("<service-plan><get><filter><name>Blocky</name></filter></get></service-plan>")),
              "service-plan/get")
    assert got.findtext("mail/nonexistent-user/bounce") == "gone" and got.findtext("mail/webmail") == "horde"
    assert got.find("log-rotation/off") is not None and got.find("log-rotation/on") is None
    assert got.findtext("preferences/stat") == "6" and got.findtext("performance/max_connections") == "5"
    assert {p.findtext("name"): p.findtext("value") for p in got.findall("permissions/permission")}["manage_dns"] \
        == "false"
    assert (got.findtext("php-settings/setting/name"), got.findtext("php-settings/setting/value")) == (
        "memory_limit", "256M")
    bad = one(agent.post(packet("<service-plan><add><name>Bad</name><mail><script>x</script></mail></add>"
                                "</service-plan>")), "service-plan/add")
    assert bad.findtext("errcode") == "1019"


def test_addon_plans_attach_to_a_subscription_and_add_their_limits(panel, agent):
    plan = one(agent.post(packet("<service-plan><add><name>Base1</name><limits><limit><name>max_subdom</name>"
                                 "<value>1</value></limit></limits></add></service-plan>")), "service-plan/add")
    addon = one(agent.post(packet("<service-plan-addon><add><name>TwoMore</name><limits><limit><name>max_subdom"
                                  "</name><value>2</value></limit></limits></add></service-plan-addon>")),
                "service-plan-addon/add")
    assert addon.findtext("status") == "ok", addon.findtext("errtext")
    aguid = addon.findtext("guid")
    r = one(agent.post(packet("<webspace><add><gen_setup><name>addons.com</name></gen_setup><plan-name>Base1"
                              "</plan-name></add></webspace>")), "webspace/add")
    wid = r.findtext("id")
    sub = "<subdomain><add><parent>addons.com</parent><name>{}</name></add></subdomain>"
    assert [x.findtext("status") for x in agent.post(packet(sub.format("a") + sub.format("b"))).iter("result")] == [
        "ok", "error"]
    att = one(agent.post(packet(f"<webspace><add-subscription><filter><id>{wid}</id></filter><plan-guid>{aguid}"
                                "</plan-guid></add-subscription></webspace>")), "webspace/add-subscription")
    assert (att.findtext("status"), att.findtext("filter-id"), att.findtext("id")) == ("ok", wid, wid)
    again = one(agent.post(packet(f"<webspace><add-subscription><filter><id>{wid}</id></filter><plan-guid>{aguid}"
                                  "</plan-guid></add-subscription></webspace>")), "webspace/add-subscription")
    assert again.findtext("errcode") == "1007"
    statuses = [x.findtext("status") for x in agent.post(packet(sub.format("b") + sub.format("c") + sub.format("d")))
                .iter("result")]
    assert statuses == ["ok", "ok", "error"]  # 1 + 2
    got = one(agent.post(packet(f"<webspace><get><filter><id>{wid}</id></filter><dataset><limits/><subscriptions/>"
                                "</dataset></get></webspace>")), "webspace/get")
    assert ("max_subdom", "3") in [(x.findtext("name"), x.findtext("value")) for x in got.findall("data/limits/limit")]
    guids = [g.text for g in got.findall("data/subscriptions/subscription/plan/plan-guid")]
    assert guids == [plan.findtext("guid"), aguid]
    # as the WHMCS module tells plans from add-ons: each operator finds only its own kind
    mixed = agent.post(packet(f"<service-plan><get><filter><guid>{aguid}</guid><guid>{guids[0]}</guid></filter></get>"
                              f"</service-plan><service-plan-addon><get><filter><guid>{aguid}</guid><guid>{guids[0]}"
                              "</guid></filter></get></service-plan-addon>"))
    assert [x.findtext("status") for x in results(mixed, "service-plan/get")] == ["error", "ok"]
    assert [x.findtext("status") for x in results(mixed, "service-plan-addon/get")] == ["ok", "error"]
    got_addon = results(mixed, "service-plan-addon/get")[0]
    assert [c.tag for c in got_addon][:6] == ["status", "id", "name", "guid", "external-id", "owner-login"]
    assert got_addon.findtext("limits/limit/value") == "2"
    in_use = one(agent.post(packet(f"<service-plan-addon><del><filter><guid>{aguid}</guid></filter></del>"
                                   "</service-plan-addon>")), "service-plan-addon/del")
    assert in_use.findtext("errcode") == "1023"
    rm = one(agent.post(packet(f"<webspace><remove-subscription><filter><id>{wid}</id></filter><plan-guid>{aguid}"
                               "</plan-guid></remove-subscription></webspace>")), "webspace/remove-subscription")
    assert rm.findtext("status") == "ok"
    got = one(agent.post(packet(f"<webspace><get><filter><id>{wid}</id></filter><dataset><limits/></dataset></get>"
                                "</webspace>")), "webspace/get")
    assert ("max_subdom", "1") in [(x.findtext("name"), x.findtext("value")) for x in got.findall("data/limits/limit")]
    gone = one(agent.post(packet(f"<service-plan-addon><del><filter><guid>{aguid}</guid></filter></del>"
                                 "</service-plan-addon>")), "service-plan-addon/del")
    assert gone.findtext("status") == "ok" and gone.findtext("guid") == aguid
    missing = one(agent.post(packet(f"<webspace><add-subscription><filter><id>{wid}</id></filter><plan-guid>{aguid}"
                                    "</plan-guid></add-subscription></webspace>")), "webspace/add-subscription")
    assert missing.findtext("errcode") == "1013"


def test_addons_tenancy(panel, agent):
    customer(panel)
    wid = webspace(agent, "tenant-addon.com", owner="blk")
    aguid = one(agent.post(packet("<service-plan-addon><add><name>Secret</name></add></service-plan-addon>")),
                "service-plan-addon/add").findtext("guid")
    cust = Agent(panel)
    listing = packet("<service-plan-addon><get><filter/></get></service-plan-addon>")
    assert [r.findtext("guid") for r in results(cust.post(listing, CUST), "service-plan-addon/get")] == []
    by_guid = cust.post(packet(f"<service-plan-addon><get><filter><guid>{aguid}</guid></filter></get>"
                               "</service-plan-addon>"), CUST)
    assert by_guid.findtext("service-plan-addon/get/result/errcode") == "1013"  # not attached: not its business
    attach = cust.post(packet(f"<webspace><add-subscription><filter><id>{wid}</id></filter><plan-guid>{aguid}"
                              "</plan-guid></add-subscription></webspace>"), CUST)
    assert attach.findtext("webspace/add-subscription/result/status") == "error"
    agent.post(packet(f"<webspace><add-subscription><filter><id>{wid}</id></filter><plan-guid>{aguid}</plan-guid>"
                      "</add-subscription></webspace>"))
    seen = one(cust.post(packet("<service-plan-addon><get><filter/></get></service-plan-addon>"), CUST),
               "service-plan-addon/get")
    assert seen.findtext("guid") == aguid  # its own subscription's add-on
    made = one(cust.post(packet("<service-plan-addon><add><name>Mine</name></add></service-plan-addon>"), CUST),
               "service-plan-addon/add")
    assert made.findtext("status") == "error"


def test_session_get_lists_create_session_ids_and_terminate_takes_them(panel, agent):
    customer(panel, "sesslist")
    ip = base64.b64encode(b"127.0.0.1").decode()
    token = one(agent.post(packet(f"<server><create_session><login>sesslist</login><data><user_ip>{ip}</user_ip>"
                                  "<source_server></source_server></data></create_session></server>")),
                "server/create_session").findtext("id")
    listed = {s.findtext("id"): s for s in agent.post(packet("<session><get/></session>")).findall(
        "session/get/result/session")}
    assert token in listed
    assert (listed[token].findtext("login"), listed[token].findtext("ip-address")) == ("sesslist", "127.0.0.1")
    assert [c.tag for c in listed[token]] == ["id", "type", "ip-address", "login", "login-time", "idle"]
    other = Agent(panel)
    with panel.context(panel.admin()) as ctx:
        accounts.create(ctx, role="customer", login="nosy", password="Nosy-Passw0rd!1")
    nosy = other.post(packet("<session><get/></session>"), {"HTTP_AUTH_LOGIN": "nosy", "HTTP_AUTH_PASSWD":
                                                            "Nosy-Passw0rd!1"})
    assert token not in [s.findtext("id") for s in nosy.findall("session/get/result/session")]
    done = one(agent.post(packet(f"<session><terminate><session-id>{token}</session-id></terminate></session>")),
               "session/terminate")
    assert done.findtext("status") == "ok"
    assert token not in [s.findtext("id") for s in agent.post(packet("<session><get/></session>")).findall(
        "session/get/result/session")]
    assert agent.http.get(f"/enterprise/rsession_init.php?PLESKSESSID={token}",
                          follow_redirects=False).status_code >= 400


def test_server_key_and_prefs_come_from_the_store(panel, agent):
    got = agent.post(packet("<server><get><key/><prefs/></get></server>")).find("server/get/result")
    assert got.findtext("key/content") == "" and got.findtext("prefs/stat_ttl") == "3"
    s = one(agent.post(packet("<server><set><prefs><stat_ttl>12</stat_ttl><ftp_over_ssl>required</ftp_over_ssl>"
                              "</prefs></set></server>")), "server/set")
    assert s.findtext("status") == "ok", s.findtext("errtext")
    bad = one(agent.post(packet("<server><set><prefs><stat_ttl>9999</stat_ttl></prefs></set></server>")), "server/set")
    assert bad.findtext("errcode") == "1019"
    with panel.context(panel.admin()) as ctx:
        host.install_license(ctx, key="<key>licence text</key>", code="A00B00-C00D00")
    got = agent.post(packet("<server><get><key/><prefs/></get></server>")).find("server/get/result")
    props = {p.findtext("name"): p.findtext("value") for p in got.findall("key/property")}
    assert props["plesk_key_id"] == "A00B00-C00D00" and props["lim_dom"] == "-1"
    assert base64.b64decode(got.findtext("key/content")) == b"<key>licence text</key>"
    assert (got.findtext("prefs/stat_ttl"), got.findtext("prefs/ftp_over_ssl")) == ("12", "required")
    customer(panel, "prefcust")
    denied = Agent(panel).post(packet("<server><set><prefs><stat_ttl>4</stat_ttl></prefs></set></server>"),
                               {"HTTP_AUTH_LOGIN": "prefcust", "HTTP_AUTH_PASSWD": "Blk-Passw0rd!1"})
    assert denied.findtext("server/set/result/errcode") == "1006"
