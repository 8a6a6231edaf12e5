"""Transport, envelope, versions, pretty printing, authentication errors and batching of agent.php."""
import pytest

from polypanel.auth import keys
from polypanel.core import accounts

from .conftest import ADMIN, Agent, basic, ok, packet, results, system_code

PROTOS = "<server><get_protos/></server>"


def test_reply_is_200_xml_with_version_and_declaration(agent):
    r = agent.raw(packet(PROTOS))
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/xml;charset=UTF-8"
    assert r.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<packet version="1.6.9.1">')
    assert b"\n  <server>" not in r.content  # not indented unless asked


@pytest.mark.parametrize("version", ["1.0.0.0", "1.6.3.0", "1.6", "1.6.5", "1.6.9.1"])
def test_supported_versions_are_echoed(agent, version):
    root = agent.post(packet(PROTOS, version))
    assert root.get("version") == version
    protos = root.findall("server/get_protos/result/protos/proto")
    assert {"1.6.3.0", "1.6.6.0", "1.6.9.1"} <= {p.text for p in protos}


@pytest.mark.parametrize("version", ["100.0.0", "1.7.0.0", "0.9", "abc", "1.6.9.1.1", "1.6.9.2", " "])
def test_unsupported_version_is_1005(agent, version):
    root = agent.post(packet(PROTOS, version))
    assert system_code(root) == 1005 and root.get("version")


def test_pretty_print_indents_by_two_spaces(agent):
    r = agent.raw(packet(PROTOS), headers={**ADMIN, "HTTP_PRETTY_PRINT": "TRUE"})
    assert b'\n  <server>\n    <get_protos>\n      <result>\n        <status>ok</status>' in r.content


def test_content_type_any_case(agent):
    r = agent.http.post("/enterprise/control/agent.php", content=packet(PROTOS).encode(),
                        headers={**ADMIN, "Content-Type": "TEXT/XML"})
    assert r.status_code == 200 and b"<status>ok</status>" in r.content


def test_no_credentials_is_1029(agent):
    assert system_code(agent.post(packet(PROTOS), headers={})) == 1029


def test_wrong_password_is_1001(agent):
    root = agent.post(packet(PROTOS), headers={"HTTP_AUTH_LOGIN": "admin", "HTTP_AUTH_PASSWD": "wrong"})
    assert system_code(root) == 1001
    assert root.findtext("system/status") == "error"


def test_bad_key_is_11003(agent):
    assert system_code(agent.post(packet(PROTOS), headers={"KEY": "bad-key"})) == 11003


def test_key_from_another_ip_is_11003(panel):
    with panel.context(panel.admin()) as ctx:
        _row, key = keys.create(ctx, ips=["192.0.2.7"])
    assert system_code(Agent(panel).post(packet(PROTOS), headers={"KEY": key})) == 11003
    assert ok(results(Agent(panel, ip="192.0.2.7").post(packet(PROTOS), headers={"KEY": key}), "server/get_protos")[0])


def test_basic_auth_is_a_fallback_and_hyphen_headers_work(agent):
    from tests.conftest import ADMIN_PASSWORD
    assert ok(results(agent.post(packet(PROTOS), headers=basic("admin", ADMIN_PASSWORD)), "server/get_protos")[0])
    root = agent.post(packet(PROTOS), headers={"HTTP-AUTH-LOGIN": "admin", "HTTP-AUTH-PASSWD": ADMIN_PASSWORD})
    assert ok(results(root, "server/get_protos")[0])


def test_reseller_needs_the_xml_api_permission(panel, agent):
    with panel.context(panel.admin()) as ctx:
        accounts.create(ctx, role="reseller", login="resnoxml", password="Res-Passw0rd!1")
        accounts.create(ctx, role="reseller", login="resxml", password="Res-Passw0rd!1",
                        permissions={"manage_xml_api": True})
    no = agent.post(packet(PROTOS), headers={"HTTP_AUTH_LOGIN": "resnoxml", "HTTP_AUTH_PASSWD": "Res-Passw0rd!1"})
    assert system_code(no) == 1006
    yes = agent.post(packet(PROTOS), headers={"HTTP_AUTH_LOGIN": "resxml", "HTTP_AUTH_PASSWD": "Res-Passw0rd!1"})
    assert ok(results(yes, "server/get_protos")[0])


def test_plain_http_is_refused_unless_allowed(panel):
    root = Agent(panel, tls=False).post(packet(PROTOS))
    assert root.findtext("system/status") == "error" and "HTTPS" in root.findtext("system/errtext")
    allowed = Agent(panel, tls=False, ini="[api]\nallowPlainHttpAccess = on\n").post(packet(PROTOS))
    assert ok(results(allowed, "server/get_protos")[0])


def test_api_disabled_and_ip_allow_list(panel):
    off = Agent(panel, ini="[api]\nenabled = off\n").post(packet(PROTOS))
    assert off.findtext("system/status") == "error"
    other = Agent(panel, ini="[api]\nallowedIPs = 192.0.2.0/24\n").post(packet(PROTOS))
    assert other.findtext("system/status") == "error"
    assert ok(results(Agent(panel, ip="192.0.2.9", ini="[api]\nallowedIPs = 192.0.2.0/24\n").post(packet(PROTOS)),
                      "server/get_protos")[0])


@pytest.mark.parametrize("body", ["<packet><unknown/></packet>", "<packet><wrongly formatted xml</packet>", "",
                                  "<packet/>", "<notpacket><server><get_protos/></server></notpacket>",
                                  "<packet><server><nope/></server></packet>", "<packet><server/></packet>"])
def test_malformed_or_unknown_is_1014(agent, body):
    assert system_code(agent.post(body)) == 1014


def test_declaration_optional_whitespace_entities(agent):
    body = "<packet>\n\t<customer>\n\t\t<add><gen_info><pname>A &amp; B</pname><login>ampuser</login>" \
           "<passwd>test-&amp;PWD*1@42!13#</passwd></gen_info></add>\n\t</customer>\n</packet>"
    assert ok(results(agent.post(body), "customer/add")[0])
    root = agent.post(packet("<customer><get><filter><login>ampuser</login></filter><dataset><gen_info/></dataset>"
                             "</get></customer>"))
    assert root.findtext("customer/get/result/data/gen_info/pname") == "A & B"
    h = {"HTTP_AUTH_LOGIN": "ampuser", "HTTP_AUTH_PASSWD": "test-&PWD*1@42!13#"}
    assert ok(results(agent.post(packet(PROTOS), headers=h), "server/get_protos")[0])


def test_each_operator_gets_its_own_reply_in_order(agent):
    root = agent.post(packet(PROTOS + "<server><get><gen_info/></get></server>" + PROTOS))
    assert [c.tag for c in root] == ["server", "server", "server"]
    assert [c[0].tag for c in root] == ["get_protos", "get", "get_protos"]
    assert root.findtext("server[2]/get/result/gen_info/server_name")


def test_several_operations_and_filter_values_one_failure_does_not_abort(agent):
    add = "<add><gen_info><pname>P</pname><login>{0}</login><passwd>Batch-Passw0rd!</passwd></gen_info></add>"
    root = agent.post(packet("<customer>" + add.format("batch1") + add.format("batch1") + add.format("batch2")
                             + "</customer>"))
    adds = root.findall("customer/add")
    assert len(adds) == 3
    assert [a.findtext("result/status") for a in adds] == ["ok", "error", "ok"]
    assert adds[1].findtext("result/errcode") in ("1002", "1007")
    root = agent.post(packet("<customer><get><filter><login>batch1</login><login>missing</login>"
                             "<login>batch2</login></filter><dataset><gen_info/></dataset></get></customer>"))
    rs = results(root, "customer/get")
    assert [(r.findtext("status"), r.findtext("filter-id")) for r in rs] == [
        ("ok", "batch1"), ("error", "missing"), ("ok", "batch2")]
    assert rs[1].findtext("errcode") == "1013"
    # An empty filter means all visible objects.
    root = agent.post(packet("<customer><get><filter/><dataset><gen_info/></dataset></get></customer>"))
    assert {r.findtext("data/gen_info/login") for r in results(root, "customer/get")} == {"batch1", "batch2"}
    # A failing delete does not undo the one that succeeded.
    root = agent.post(packet("<customer><del><filter><login>missing</login><login>batch2</login></filter></del>"
                             "</customer>"))
    assert [r.findtext("status") for r in results(root, "customer/del")] == ["error", "ok"]


def test_brute_force_guard_blocks_the_address(panel):
    from tests.conftest import ADMIN_PASSWORD
    agent = Agent(panel, ip="192.0.2.200")
    wrong = {"HTTP_AUTH_LOGIN": "admin", "HTTP_AUTH_PASSWD": "wrong"}
    for _ in range(5):
        assert system_code(agent.post(packet(PROTOS), headers=wrong)) == 1001
    # Blocked now: even the right password is refused from this address, with the same answer.
    right = {"HTTP_AUTH_LOGIN": "admin", "HTTP_AUTH_PASSWD": ADMIN_PASSWORD}
    assert system_code(agent.post(packet(PROTOS), headers=right)) == 1001
    assert ok(results(Agent(panel, ip="192.0.2.201").post(packet(PROTOS), headers=right), "server/get_protos")[0])
