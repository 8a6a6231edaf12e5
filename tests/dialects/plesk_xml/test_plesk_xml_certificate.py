"""certificate: generate, install, update, remove, get-pool; site.set certificate_name; tenancy and
hostile input (Plesk's error codes, never a 500)."""
import datetime

import pytest

from polypanel.core import accounts, subscriptions
from tests.tls_certs import issue, make_ca

from .conftest import ADMIN, Agent, packet


@pytest.fixture(autouse=True)
def real_time(clock):
    clock._now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


@pytest.fixture
def agent(panel, admin):
    with panel.context(admin) as ctx:
        for tag in ("alpha", "bravo"):
            accounts.create(ctx, role="customer", login=f"cust{tag}", password="Cust0mer-Pass!")
            subscriptions.create(ctx, domain=f"{tag}.test", owner_login=f"cust{tag}", password="Cust0mer-Pass!")
    return Agent(panel)


def as_(login):
    return {"HTTP_AUTH_LOGIN": login, "HTTP_AUTH_PASSWD": "Cust0mer-Pass!"}


def install(agent, name, issued, repo="<webspace>alpha.test</webspace>", headers=None, csr=""):
    body = (f"<certificate><install><name>{name}</name>{repo}<content><csr>{csr}</csr><pvt>{issued.key}</pvt>"
            f"<cert>{issued.cert}</cert><ca>{issued.ca}</ca></content></install></certificate>")
    return agent.post(packet(body, "1.6.9.1"), headers).find("certificate/install/result")


def pool(agent, filt="<filter><domain-name>alpha.test</domain-name></filter>", headers=None):
    root = agent.post(packet(f"<certificate><get-pool>{filt}</get-pool></certificate>"), headers)
    return root.find("certificate/get-pool/result")


def test_generate_install_get_pool_assign_remove(agent):
    root = agent.post(packet("<certificate><generate><info><bits>2048</bits><country>US</country><state>WA</state>"
                             "<location>Seattle</location><company>Alpha</company><email>a@alpha.test</email>"
                             "<name>alpha.test</name></info></generate></certificate>"))
    result = root.find("certificate/generate/result")
    assert [c.tag for c in result] == ["status", "csr", "pvt"] and result.findtext("status") == "ok"
    assert "BEGIN CERTIFICATE REQUEST" in result.findtext("csr") and "PRIVATE KEY" in result.findtext("pvt")

    ca = make_ca()
    good = issue("alpha.test", "www.alpha.test", ca=ca)
    result = install(agent, "alpha cert", good)
    assert [c.tag for c in result] == ["status"] and result.findtext("status") == "ok"
    assert install(agent, "alpha cert", good).findtext("errcode") == "1007"
    got = pool(agent)
    assert [c.tag for c in got] == ["status", "filter-id", "certificates"]
    assert [c.findtext("name") for c in got.findall("certificates/certificate")] == ["alpha cert"]

    # the site serves it once its hosting names it
    root = agent.post(packet("<site><set><filter><name>alpha.test</name></filter><values><hosting><vrt_hst>"
                             "<property><name>certificate_name</name><value>alpha cert</value></property>"
                             "</vrt_hst></hosting></values></set></site>"))
    assert root.findtext("site/set/result/status") == "ok", root.findtext("site/set/result/errtext")
    removal = packet("<certificate><remove><filter><name>alpha cert</name></filter>"
                     "<webspace>alpha.test</webspace></remove></certificate>")
    result = agent.post(removal).find("certificate/remove/result")
    assert result.findtext("status") == "error" and "used by" in result.findtext("errtext")
    assert result.findtext("name") == "alpha cert"

    renewed = issue("alpha.test", ca=ca)
    body = (f"<certificate><update><name>alpha cert</name><webspace>alpha.test</webspace><content><csr></csr>"
            f"<pvt>{renewed.key}</pvt><cert>{renewed.cert}</cert></content></update></certificate>")
    assert agent.post(packet(body)).findtext("certificate/update/result/status") == "ok"
    agent.post(packet("<site><set><filter><name>alpha.test</name></filter><values><hosting><vrt_hst>"
                      "<property><name>certificate_name</name><value></value></property>"
                      "</vrt_hst></hosting></values></set></site>"))
    result = agent.post(removal).find("certificate/remove/result")
    assert [c.tag for c in result] == ["status", "name"] and result.findtext("status") == "ok"
    assert pool(agent).findall("certificates/certificate") == []


def test_server_pool_is_the_administrators(agent):
    good = issue("alpha.test")
    assert install(agent, "srv", good, repo="<admin/>").findtext("status") == "ok"
    assert [c.findtext("name") for c in pool(agent, "<admin/>").findall("certificates/certificate")] == ["srv"]
    assert pool(agent).findall("certificates/certificate") == []
    assert pool(agent, "<admin/>", as_("custalpha")).findtext("status") == "error"
    assert install(agent, "x", good, repo="<admin/>", headers=as_("custalpha")).findtext("status") == "error"
    result = install(agent, "ip", good, repo="<admin/><ip_address>127.0.0.1</ip_address>")
    assert result.findtext("errcode") == "1023"


def test_another_customer_sees_and_touches_nothing(agent):
    good = issue("alpha.test")
    assert install(agent, "mine", good, headers=as_("custalpha")).findtext("status") == "ok"
    bravo = as_("custbravo")
    assert pool(agent, headers=bravo).findtext("errcode") == "1013"
    assert install(agent, "planted", good, headers=bravo).findtext("errcode") == "1013"
    result = agent.post(packet("<certificate><remove><filter><name>mine</name></filter><webspace>alpha.test</webspace>"
                               "</remove></certificate>"), bravo).find("certificate/remove/result")
    assert result.findtext("errcode") == "1013"
    root = agent.post(packet("<site><set><filter><name>bravo.test</name></filter><values><hosting><vrt_hst>"
                             "<property><name>certificate_name</name><value>mine</value></property>"
                             "</vrt_hst></hosting></values></set></site>"), bravo)
    assert root.findtext("site/set/result/status") == "error"
    assert [c.findtext("name") for c in pool(agent).findall("certificates/certificate")] == ["mine"]


@pytest.mark.parametrize("case", ["garbage", "mismatch", "huge", "no content", "no repository"])
def test_hostile_input_gets_plesk_errors(agent, case):
    good, other = issue("alpha.test"), issue("alpha.test")
    content = f"<content><csr/><pvt>{good.key}</pvt><cert>{good.cert}</cert></content>"
    repo = "<webspace>alpha.test</webspace>"
    if case == "garbage":
        content = "<content><csr/><pvt>garbage</pvt><cert>-----BEGIN CERTIFICATE-----x</cert></content>"
    elif case == "mismatch":
        content = f"<content><csr/><pvt>{other.key}</pvt><cert>{good.cert}</cert></content>"
    elif case == "huge":
        content = f"<content><csr/><pvt>{good.key}</pvt><cert>{'A' * 1_000_000}</cert></content>"
    elif case == "no content":
        content = ""
    elif case == "no repository":
        repo = ""
    root = agent.post(packet(f"<certificate><install><name>c</name>{repo}{content}</install></certificate>"))
    code = root.findtext("certificate/install/result/errcode") or root.findtext("system/errcode")
    assert code in {"garbage": ("1019",), "mismatch": ("1019",), "huge": ("1014", "1019"), "no content": ("1014",),
                    "no repository": ("1014",)}[case]
    assert pool(agent).findall("certificates/certificate") == []
