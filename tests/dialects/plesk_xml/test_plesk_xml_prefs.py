"""Webspace prefs kept as records (stat_ttl, icp-status, icp-permit) and outgoing-mail limits that
this server cannot enforce (refused with 1019 unless they ask for no limit)."""
from .conftest import packet
from .test_plesk_xml_plans_and_blocks import one


def prefs_of(agent, name: str):
    got = one(agent.post(packet(f"<webspace><get><filter><name>{name}</name></filter><dataset><prefs/></dataset>"
                                "</get></webspace>")), "webspace/get")
    return got.find("data/prefs")


def add(agent, name: str, extra: str):
    return one(agent.post(packet(f"<webspace><add><gen_setup><name>{name}</name></gen_setup>{extra}</add>"
                                 "</webspace>")), "webspace/add")


def test_icp_and_no_limit_prefs_are_kept_and_answered(agent):
    r = add(agent, "icp.com", "<prefs><www>true</www><stat_ttl>3</stat_ttl><outgoing-messages-domain-limit>default"
                              "</outgoing-messages-domain-limit><icp-status>true</icp-status><icp-permit>ICP 12345"
                              "</icp-permit></prefs><mail><outgoing-messages-mbox-limit>unlimited"
                              "</outgoing-messages-mbox-limit></mail>")
    assert r.findtext("status") == "ok", r.findtext("errtext")
    prefs = prefs_of(agent, "icp.com")
    assert [(c.tag, c.text) for c in prefs] == [("www", "true"), ("stat_ttl", "3"),
                                                ("outgoing-messages-domain-limit", "default"), ("icp-status", "true"),
                                                ("icp-permit", "ICP 12345")]
    s = one(agent.post(packet("<webspace><set><filter><name>icp.com</name></filter><values><prefs><icp-status>false"
                              "</icp-status><icp-permit></icp-permit></prefs></values></set></webspace>")),
            "webspace/set")
    assert s.findtext("status") == "ok", s.findtext("errtext")
    prefs = prefs_of(agent, "icp.com")
    assert (prefs.findtext("icp-status"), prefs.findtext("icp-permit")) == ("false", "")
    assert prefs.find("icp-permit") is not None and prefs.findtext("stat_ttl") == "3"


def test_outgoing_mail_limits_are_refused_and_nothing_is_made(agent):
    for block in ("<prefs><outgoing-messages-domain-limit>100</outgoing-messages-domain-limit></prefs>",
                  "<mail><outgoing-messages-subscription-limit>50</outgoing-messages-subscription-limit></mail>",
                  "<prefs><icp-status>yes</icp-status></prefs>",
                  "<prefs><icp-permit>" + "9" * 300 + "</icp-permit></prefs>",
                  "<prefs><icp-permit>a&#9;b</icp-permit></prefs>"):
        r = add(agent, "outgoing.com", block)
        assert (r.findtext("status"), r.findtext("errcode")) == ("error", "1019"), block
    assert "outgoing" in add(agent, "outgoing.com", "<prefs><outgoing-messages-domain-limit>5"
                                                    "</outgoing-messages-domain-limit></prefs>").findtext("errtext")
    assert one(agent.post(packet("<webspace><get><filter><name>outgoing.com</name></filter><dataset/></get>"
                                 "</webspace>")), "webspace/get").findtext("errcode") == "1013"
    assert add(agent, "outgoing.com", "").findtext("status") == "ok"
    s = one(agent.post(packet("<webspace><set><filter><name>outgoing.com</name></filter><values><prefs>"
                              "<icp-permit>P-1</icp-permit></prefs><mail><outgoing-messages-mbox-limit>10"
                              "</outgoing-messages-mbox-limit></mail></values></set></webspace>")), "webspace/set")
    assert s.findtext("errcode") == "1019"
    assert prefs_of(agent, "outgoing.com").find("icp-permit") is None  # the refused set stored nothing
    plan = one(agent.post(packet("<service-plan><add><name>Mailcap</name><mail><outgoing-messages-domain-limit>20"
                                 "</outgoing-messages-domain-limit></mail></add></service-plan>")), "service-plan/add")
    assert plan.findtext("errcode") == "1019"
