"""dns add_rec / get_rec / del_rec (incl. bulk), over the site's zone; hosts as FQDNs with a dot."""
from polypanel.core import accounts

from .conftest import Agent, packet, results


def webspace(agent, name, owner=None):
    owner_xml = f"<owner-login>{owner}</owner-login>" if owner else ""
    root = agent.post(packet(f"<webspace><add><gen_setup><name>{name}</name>{owner_xml}<htype>vrt_hst</htype>"
                             "</gen_setup><hosting><vrt_hst><property><name>ftp_login</name><value>"
                             f"u{name.split('.')[0][:10]}</value></property><property><name>ftp_password</name>"
                             "<value>Ftp-Passw0rd!1</value></property></vrt_hst></hosting><plan-name>Unlimited"
                             "</plan-name></add></webspace>"))
    r = results(root, "webspace/add")[0]
    assert r.findtext("status") == "ok", r.findtext("errtext")
    return int(r.findtext("id"))


def site_id(agent, name):
    root = agent.post(packet(f"<site><get><filter><name>{name}</name></filter><dataset></dataset></get></site>"))
    return results(root, "site/get")[0]


def test_add_get_delete_records(agent):
    sid = webspace(agent, "dnsone.com")
    r = site_id(agent, "dnsone.com")
    assert (r.findtext("status"), r.findtext("filter-id"), int(r.findtext("id"))) == ("ok", "dnsone.com", sid)
    assert [c.tag for c in r] == ["status", "filter-id", "id", "data"] and len(r.find("data")) == 0
    adds = "".join(f"<dns><add_rec><site-id>{sid}</site-id><type>{t}</type><host>{h}</host><value>{v}</value>"
                   f"<opt>{o}</opt></add_rec></dns>" for t, h, v, o in [
                       ("TXT", "_acme-challenge", "token-1", ""), ("MX", "", "mx.dnsone.com", "20"),
                       ("CNAME", "blog", "dnsone.com", ""), ("TXT", "_acme-challenge", "token-1", "")])
    root = agent.post(packet(adds))
    status = [r.findtext("status") for r in root.findall("dns/add_rec/result")]
    assert status == ["ok", "ok", "ok", "error"]  # one duplicate fails alone
    ids = [int(r.findtext("id")) for r in root.findall("dns/add_rec/result")[:3]]
    root = agent.post(packet(f"<dns><get_rec><filter><site-id>{sid}</site-id></filter></get_rec></dns>"))
    recs = {int(r.findtext("id")): r for r in results(root, "dns/get_rec")}
    assert len(recs) > 3  # the zone's default records too
    txt, mx, cname = (recs[i].find("data") for i in ids)
    assert [c.tag for c in txt] == ["site-id", "type", "host", "value", "opt"]
    assert (txt.findtext("host"), txt.findtext("value"), txt.findtext("opt")) == (
        "_acme-challenge.dnsone.com.", "token-1", "")
    assert (mx.findtext("host"), mx.findtext("value"), mx.findtext("opt")) == ("dnsone.com.", "mx.dnsone.com.", "20")
    assert cname.findtext("value") == "dnsone.com." and txt.findtext("site-id") == str(sid)
    one = results(agent.post(packet(f"<dns><get_rec><filter><id>{ids[0]}</id></filter></get_rec></dns>")),
                  "dns/get_rec")
    assert len(one) == 1 and one[0].findtext("data/value") == "token-1"
    # Bulk delete: sibling <dns> elements, and several ids in one filter; a missing id fails alone.
    root = agent.post(packet(f"<dns><del_rec><filter><id>{ids[0]}</id><id>999999</id></filter></del_rec></dns>"
                             f"<dns><del_rec><filter><id>{ids[1]}</id></filter></del_rec></dns>"))
    first, second = root.findall("dns")
    assert [(r.findtext("status"), r.findtext("id")) for r in first.findall("del_rec/result")] == [
        ("ok", str(ids[0])), ("error", "999999")]
    assert second.findtext("del_rec/result/status") == "ok"
    root = agent.post(packet(f"<dns><get_rec><filter><site-id>{sid}</site-id></filter></get_rec></dns>"))
    left = {int(r.findtext("id")) for r in results(root, "dns/get_rec")}
    assert ids[0] not in left and ids[1] not in left and ids[2] in left


def test_unknown_site_and_bad_values(agent):
    r = site_id(agent, "thisisadomainidonotown.com")
    assert (r.findtext("status"), r.findtext("errcode"), r.findtext("errtext"), r.findtext("filter-id")) == (
        "error", "1013", "Site does not exist", "thisisadomainidonotown.com")
    root = agent.post(packet("<dns><add_rec><site-id>424242</site-id><type>TXT</type><host/><value>x</value>"
                             "</add_rec></dns>"))
    assert root.findtext("dns/add_rec/result/errcode") == "1013"
    sid = webspace(agent, "dnsbad.com")
    root = agent.post(packet(f"<dns><add_rec><site-id>{sid}</site-id><type>BOGUS</type><host/><value>x</value>"
                             f"</add_rec></dns><dns><add_rec><site-id>{sid}</site-id><type>A</type><host>x</host>"
                             "<value>not-an-ip</value></add_rec></dns>"))
    assert [r.findtext("errcode") for r in root.findall("dns/add_rec/result")] == ["1019", "1019"]


def test_customers_touch_only_their_own_zones(panel, agent):
    with panel.context(panel.admin()) as ctx:
        accounts.create(ctx, role="customer", login="dnsa", password="Dns-Passw0rd!1")
        accounts.create(ctx, role="customer", login="dnsb", password="Dns-Passw0rd!1")
    a_site = webspace(agent, "dns-a.com", owner="dnsa")
    b = {"HTTP_AUTH_LOGIN": "dnsb", "HTTP_AUTH_PASSWD": "Dns-Passw0rd!1"}
    a = {"HTTP_AUTH_LOGIN": "dnsa", "HTTP_AUTH_PASSWD": "Dns-Passw0rd!1"}
    add = packet(f"<dns><add_rec><site-id>{a_site}</site-id><type>TXT</type><host>t</host><value>v</value>"
                 "</add_rec></dns>")
    assert Agent(panel).post(add, b).findtext("dns/add_rec/result/errcode") == "1013"
    assert Agent(panel).post(add, a).findtext("dns/add_rec/result/status") == "ok"
    listing = packet(f"<dns><get_rec><filter><site-id>{a_site}</site-id></filter></get_rec></dns>")
    assert Agent(panel).post(listing, b).findtext("dns/get_rec/result/errcode") == "1013"
    assert len(results(Agent(panel).post(listing, a), "dns/get_rec")) > 1
