"""secret_key: create (one or comma-separated IPs, login, description), get_info, delete; keys shared
with the REST API and the CLI; a customer's key serves that customer's own objects."""
import re

from polypanel.auth import keys
from polypanel.core import accounts

from .conftest import Agent, packet, results, system_code

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def create(agent, inner, headers=None):
    return results(agent.post(packet(f"<secret_key><create>{inner}</create></secret_key>"), headers),
                   "secret_key/create")[0]


def test_create_get_info_delete(panel, agent):
    with panel.context(panel.admin()) as ctx:
        accounts.create(ctx, role="customer", login="keyowner", password="Key-Passw0rd!1")
    r = create(agent, "<ip_address>127.0.0.1,192.0.2.0/24</ip_address><login>keyowner</login>"
                      "<description>billing</description>")
    assert r.findtext("status") == "ok" and UUID.fullmatch(r.findtext("key"))
    key = r.findtext("key")
    root = agent.post(packet(f"<secret_key><get_info><filter><key>{key}</key><key>00000000-dead</key></filter>"
                             "</get_info></secret_key>"))
    found, missing = results(root, "secret_key/get_info")
    info = found.find("key_info")
    assert [c.tag for c in info] == ["key", "ip_address", "description", "login"]
    assert (info.findtext("key"), info.findtext("login"), info.findtext("description")) == (key, "keyowner", "billing")
    assert info.findtext("ip_address") == "127.0.0.1,192.0.2.0/24"
    assert (missing.findtext("status"), missing.findtext("errcode"), missing.findtext("key")) == (
        "error", "1013", "00000000-dead")
    # The customer's key works for the customer: it sees itself only.
    mine = Agent(panel).post(packet("<customer><get><filter/><dataset><gen_info/></dataset></get></customer>"),
                             headers={"KEY": key})
    assert [r.findtext("data/gen_info/login") for r in results(mine, "customer/get")] == ["keyowner"]
    # An empty filter lists every key (as a prefix: a stored key is never shown again).
    listed = results(agent.post(packet("<secret_key><get_info><filter/></get_info></secret_key>")),
                     "secret_key/get_info")[0]
    assert key[:8] in [k.findtext("key") for k in listed.findall("key_info")]
    deleted = results(agent.post(packet(f"<secret_key><delete><filter><key>{key}</key></filter></delete>"
                                        "</secret_key>")), "secret_key/delete")[0]
    assert (deleted.findtext("status"), deleted.findtext("key")) == ("ok", key)
    assert system_code(Agent(panel).post(packet("<server><get_protos/></server>"), headers={"KEY": key})) == 11003


def test_key_without_ip_is_bound_to_the_caller_and_bad_ip_is_1019(agent):
    r = create(agent, "<description>x</description>")
    assert r.findtext("status") == "ok"
    assert create(agent, "<ip_address>not-an-ip</ip_address>").findtext("errcode") == "1019"


def test_customer_cannot_make_keys_for_others_and_cli_keys_work(panel, agent):
    with panel.context(panel.admin()) as ctx:
        accounts.create(ctx, role="customer", login="kc1", password="Key-Passw0rd!1")
        accounts.create(ctx, role="customer", login="kc2", password="Key-Passw0rd!1")
    kc1 = {"HTTP_AUTH_LOGIN": "kc1", "HTTP_AUTH_PASSWD": "Key-Passw0rd!1"}
    assert create(agent, "<login>kc2</login>", kc1).findtext("status") == "error"
    assert create(agent, "<login>kc1</login>", kc1).findtext("status") == "ok"
    with panel.context(panel.system_principal() if hasattr(panel, "system_principal") else panel.admin()) as ctx:
        _row, cli_key = keys.create(ctx, ips=["127.0.0.1"], description="made on the box")
    root = agent.post(packet("<server><get><gen_info/></get></server>"), headers={"KEY": cli_key})
    assert root.findtext("server/get/result/status") == "ok"


def test_a_key_never_makes_a_wider_key(panel, agent):
    with panel.context(panel.admin()) as ctx:
        _row, key = keys.create(ctx, ips=["127.0.0.1"])
    r = create(agent, "<ip_address>192.0.2.5</ip_address>", {"KEY": key})
    assert (r.findtext("status"), r.findtext("errcode")) == ("error", "1006")


def test_rest_keys_work_here(agent):
    from tests.conftest import ADMIN_PASSWORD

    from .conftest import basic
    r = agent.http.post("/api/v2/auth/keys", json={"ip": "127.0.0.1", "description": "from REST"},
                        headers=basic("admin", ADMIN_PASSWORD))
    assert r.status_code == 201, r.text
    root = agent.post(packet("<server><get_protos/></server>"), headers={"KEY": r.json()["key"]})
    assert root.findtext("server/get_protos/result/status") == "ok"


def test_server_get_blocks(agent):
    root = agent.post(packet("<server><get><key/><gen_info/><admin/><services_state/><session_setup/><stat/>"
                             "<interfaces/><prefs/><components/></get></server>"))
    result = root.find("server/get/result")
    assert [c.tag for c in result] == ["status", "key", "gen_info", "admin", "services_state", "session_setup",
                                       "stat", "interfaces", "prefs", "components"]
    props = {p.findtext("name"): p.findtext("value") for p in result.findall("key/property")}
    assert props["lim_cl"] == "-1" and props["can-manage-customers"] == "1"
    assert {s.findtext("id"): s.findtext("state") for s in result.findall("services_state/srv")}["dns"] == "running"
    assert result.findtext("admin/admin_email") is not None and result.findtext("gen_info/server_guid")
    assert result.findtext("components/component/name") == "psa"


def test_services_state_follows_the_appliers(panel):
    root = Agent(panel, ini="[dns]\napplier = dry\n").post(packet("<server><get><services_state/></get></server>"))
    states = {s.findtext("id"): s.findtext("state") for s in root.findall("server/get/result/services_state/srv")}
    assert states == {"web": "running", "dns": "stopped", "smtp": "running"}
