"""service-plan.set: a plan's limits, permissions, hosting and blocks change; the subscriptions on it
follow unless they are locked for syncing (settings of their own), which keep what they had."""
from polypanel.core import accounts

from .conftest import Agent, packet, results
from .test_plesk_xml_plans_and_blocks import one

RES = {"HTTP_AUTH_LOGIN": "plres", "HTTP_AUTH_PASSWD": "Plres-Passw0rd!1"}
CUST = {"HTTP_AUTH_LOGIN": "plcust", "HTTP_AUTH_PASSWD": "Plcust-Passw0rd!1"}


def limits_of(agent, name: str) -> dict:
    got = one(agent.post(packet(f"<webspace><get><filter><name>{name}</name></filter><dataset><limits/><performance/>"
                                "<permissions/><subscriptions/></dataset></get></webspace>")), "webspace/get")
    assert got.findtext("status") == "ok", got.findtext("errtext")
    d = got.find("data")
    out = {lim.findtext("name"): lim.findtext("value") for lim in d.findall("limits/limit")}
    out["bandwidth"] = d.findtext("performance/bandwidth")
    out["manage_dns"] = {p.findtext("name"): p.findtext("value")
                         for p in d.findall("permissions/permission")}["manage_dns"]
    out["locked"] = d.findtext("subscriptions/subscription/locked")
    return out


def subscribe(agent, name: str, extra: str = "") -> None:
    r = one(agent.post(packet(f"<webspace><add><gen_setup><name>{name}</name></gen_setup>{extra}<plan-name>Gold"
                              "</plan-name></add></webspace>")), "webspace/add")
    assert r.findtext("status") == "ok", r.findtext("errtext")


def test_plan_set_syncs_subscriptions_and_spares_locked_ones(agent):
    one(agent.post(packet("<service-plan><add><name>Gold</name><limits><limit><name>max_db</name><value>2</value>"
                          "</limit></limits></add></service-plan>")), "service-plan/add")
    subscribe(agent, "synced.com")
    subscribe(agent, "custom.com", "<limits><limit><name>max_box</name><value>7</value></limit></limits>")
    assert limits_of(agent, "synced.com")["locked"] == "false"
    assert limits_of(agent, "custom.com")["locked"] == "true"
    r = one(agent.post(packet(
        "<service-plan><set><filter><name>Gold</name></filter><limits><limit><name>max_db</name><value>5</value>"
        "</limit></limits><performance><bandwidth>300</bandwidth></performance><permissions><permission><name>"
        "manage_dns</name><value>false</value></permission></permissions><external-id>gold-1</external-id>"
        "<name>Gold</name><php-settings><setting><name>memory_limit</name><value>512M</value></setting>"
        "</php-settings></set></service-plan>")), "service-plan/set")
    assert [c.tag for c in r] == ["status", "name"] and r.findtext("name") == "Gold", r.findtext("errtext")
    synced, custom = limits_of(agent, "synced.com"), limits_of(agent, "custom.com")
    assert (synced["max_db"], synced["bandwidth"], synced["manage_dns"]) == ("5", "300", "false")
    assert (custom["max_db"], custom["bandwidth"], custom["manage_dns"]) == ("2", "-1", "true")
    assert custom["max_box"] == "7"
    plan = one(agent.post(packet("<service-plan><get><filter><external-id>gold-1</external-id></filter></get>"
                                 "</service-plan>")), "service-plan/get")
    assert plan.findtext("name") == "Gold" and plan.findtext("php-settings/setting/value") == "512M"
    assert {x.findtext("name"): x.findtext("value") for x in plan.findall("limits/limit")}["max_db"] == "5"
    # a renamed plan answers under its new name
    r = one(agent.post(packet("<service-plan><set><filter><external-id>gold-1</external-id></filter><name>Platinum"
                              "</name><hosting><vrt_hst><property><name>php</name><value>false</value></property>"
                              "</vrt_hst></hosting></set></service-plan>")), "service-plan/set")
    assert r.findtext("external-id") == "gold-1", r.findtext("errtext")
    plan = one(agent.post(packet("<service-plan><get><filter><name>Platinum</name></filter></get></service-plan>")),
               "service-plan/get")
    assert {p.findtext("name"): p.findtext("value") for p in plan.findall("hosting/vrt_hst/property")}["php"] == "false"


def test_plan_set_errors_and_tenancy(panel, agent):
    with panel.context(panel.admin()) as ctx:
        accounts.create(ctx, role="reseller", login="plres", password=RES["HTTP_AUTH_PASSWD"],
                        permissions={"manage_xml_api": True})
        accounts.create(ctx, role="customer", login="plcust", password=CUST["HTTP_AUTH_PASSWD"])
    one(agent.post(packet("<service-plan><add><name>Gold</name></add></service-plan>")), "service-plan/add")
    one(agent.post(packet("<service-plan><add><name>Silver</name></add></service-plan>")), "service-plan/add")

    def set_(inner: str, headers=None):
        return one(Agent(panel).post(packet(f"<service-plan><set>{inner}</set></service-plan>"), headers),
                   "service-plan/set")

    missing = set_("<filter><name>Nope</name></filter><name>X</name>")
    assert (missing.findtext("errcode"), missing.findtext("name")) == ("1013", "Nope")
    assert set_("<filter><name>Gold</name></filter><name>Silver</name>").findtext("errcode") == "1007"
    for bad in ("<limits><limit><name>max_db</name><value>many</value></limit></limits>",
                "<performance><max_connections>0</max_connections></performance>",
                "<performance><bandwidth>1e99</bandwidth></performance>",
                "<hosting><none/></hosting>", f"<name>{'x' * 300}</name>",
                "<permissions><permission><name>manage_dns</name><value>perhaps</value></permission></permissions>",
                "<mail><script>x</script></mail>"):
        r = set_(f"<filter><name>Gold</name></filter><external-id>half</external-id>{bad}")
        assert (r.findtext("status"), r.findtext("errcode")) == ("error", "1019"), bad
    gold = one(agent.post(packet("<service-plan><get><filter><name>Gold</name></filter></get></service-plan>")),
               "service-plan/get")
    assert gold.findtext("external-id") == ""  # nothing of a refused set was stored
    # the admin's plans are not a reseller's or a customer's to change
    assert set_("<filter><name>Gold</name></filter><name>Mine</name>", RES).findtext("errcode") == "1013"
    assert set_("<filter><name>Gold</name></filter><name>Mine</name>", CUST).findtext("status") == "error"
    r = one(Agent(panel).post(packet("<service-plan><add><name>Own</name></add></service-plan>"), RES),
            "service-plan/add")
    assert r.findtext("status") == "ok", r.findtext("errtext")
    assert set_("<filter><name>Own</name></filter><name>Own2</name>", RES).findtext("status") == "ok"
    every = results(agent.post(packet("<service-plan><set><filter/><external-id>e</external-id></set>"
                                      "</service-plan>")), "service-plan/set")
    assert len(every) >= 3 and all(r.findtext("status") == "ok" and r.findtext("id") for r in every)
