"""DNS template records, event_log, locale and extension over agent.php."""
from polypanel.core import accounts

from .conftest import packet, results
from .test_plesk_xml_dns import webspace


def test_dns_template_records_seed_new_zones(panel, agent):
    r = results(agent.post(packet("<dns><add_rec><type>TXT</type><host>tmpl</host><value>from-template</value>"
                                  "<template/></add_rec></dns>")), "dns/add_rec")[0]
    assert r.findtext("status") == "ok", r.findtext("errtext")
    rid = r.findtext("id")
    rows = results(agent.post(packet("<dns><get_rec><filter/><template/></get_rec></dns>")), "dns/get_rec")
    mine = [x for x in rows if x.findtext("id") == rid][0]
    assert (mine.findtext("data/host"), mine.findtext("data/value")) == ("tmpl.<domain>.", "from-template")
    sid = webspace(agent, "fromtemplate.com")
    recs = results(agent.post(packet(f"<dns><get_rec><filter><site-id>{sid}</site-id></filter></get_rec></dns>")),
                   "dns/get_rec")
    assert ("tmpl.fromtemplate.com.", "from-template") in [(x.findtext("data/host"), x.findtext("data/value"))
                                                           for x in recs]
    gone = results(agent.post(packet(f"<dns><del_rec><filter><id>{rid}</id></filter><template/></del_rec></dns>")),
                   "dns/del_rec")[0]
    assert gone.findtext("status") == "ok"
    with panel.context(panel.admin()) as ctx:
        accounts.create(ctx, role="customer", login="tmplcust", password="Tmpl-Passw0rd!1")
    cust = {"HTTP_AUTH_LOGIN": "tmplcust", "HTTP_AUTH_PASSWD": "Tmpl-Passw0rd!1"}
    denied = results(agent.post(packet("<dns><add_rec><type>TXT</type><host>x</host><value>y</value><template/>"
                                       "</add_rec></dns>"), cust), "dns/add_rec")[0]
    assert denied.findtext("errcode") == "1006"


def test_event_log_locale_extension(agent):
    webspace(agent, "logged.com")
    events = agent.post(packet("<event_log><get/></event_log>")).findall("event_log/get/result/event")
    assert events and [c.tag for c in events[0]] == ["type", "time", "class", "id"]
    last = int(agent.post(packet("<event_log><get-last-id/></event_log>")).findtext("event_log/get-last-id/result/id"))
    assert last >= int(events[-1].findtext("id"))
    newer = agent.post(packet(f"<event_log><get_events><lastId>{last - 1}</lastId></get_events></event_log>"))
    got = newer.findall("event_log/get_events/result/event")
    assert [e.findtext("id") for e in got] == [str(last)]
    assert [c.tag for c in got[0]] == ["id", "type", "time", "class", "obj_id", "user", "host"]
    loc = results(agent.post(packet("<locale><get><filter><id>en-US</id></filter></get></locale>")), "locale/get")
    assert loc[0].findtext("info/id") == "en-US"
    ext = results(agent.post(packet("<extension><get/></extension>")), "extension/get")
    assert ext and ext[0].findtext("details/id")
