"""protected-dir get-user, get-pd-location-descriptor and a directory's location properties."""
from .conftest import Agent, packet, results
from .test_plesk_xml_dns import webspace
from .test_plesk_xml_extras import CUST, OTHER, PW, one, two_customers


def pd(agent, inner: str, headers=None):
    return agent.post(packet(f"<protected-dir>{inner}</protected-dir>"), headers)


def test_get_user_lists_a_directorys_users(panel, agent):
    two_customers(panel)
    cust, other = Agent(panel), Agent(panel)
    wid = webspace(agent, "pdusers.com", owner="xcust")
    r = one(pd(cust, f"<add><site-id>{wid}</site-id><name>team</name><location><property><name>ssl</name><value>true"
                     "</value></property><property><name>nonssl</name><value>false</value></property></location>"
                     "</add>", CUST), "protected-dir/add")
    assert r.findtext("status") == "ok", r.findtext("errtext")
    pid = r.findtext("id")
    got = one(pd(cust, f"<get><filter><id>{pid}</id></filter></get>", CUST), "protected-dir/get")
    assert [c.tag for c in got.find("data")] == ["name", "header", "location"]
    # one server block serves HTTP and HTTPS: both are protected, whatever was asked
    assert {p.findtext("name"): p.findtext("value") for p in got.findall("data/location/property")} == {
        "ssl": "true", "nonssl": "true", "cgi": "false"}
    empty = one(pd(cust, f"<get-user><filter><pd-id>{pid}</pd-id></filter></get-user>", CUST), "protected-dir/get-user")
    assert [c.tag for c in empty] == ["status", "filter-id"] and empty.findtext("status") == "ok"
    ids = [one(pd(cust, f"<add-user><pd-id>{pid}</pd-id><login>{login}</login><password>{PW}</password></add-user>",
                  CUST), "protected-dir/add-user").findtext("id") for login in ("ann", "bob")]
    listed = results(pd(cust, f"<get-user><filter><pd-id>{pid}</pd-id></filter></get-user>", CUST),
                     "protected-dir/get-user")
    assert [(r.findtext("filter-id"), r.findtext("id"), r.findtext("data/login")) for r in listed] == [
        (pid, ids[0], "ann"), (pid, ids[1], "bob")]
    assert [c.tag for c in listed[0]] == ["status", "filter-id", "id", "data"]
    two = results(pd(cust, f"<get-user><filter><id>{ids[1]}</id><id>{ids[0]}</id></filter></get-user>", CUST),
                  "protected-dir/get-user")
    assert [r.findtext("data/login") for r in two] == ["bob", "ann"]
    assert "password" not in pd(cust, f"<get-user><filter><id>{ids[0]}</id></filter></get-user>", CUST).findtext(
        ".//data/login")
    # another customer finds neither the users nor the directory
    for inner in (f"<get-user><filter><id>{ids[0]}</id></filter></get-user>",
                  f"<get-user><filter><pd-id>{pid}</pd-id></filter></get-user>",
                  f"<get-pd-location-descriptor><filter><site-id>{wid}</site-id></filter></get-pd-location-descriptor>"):
        assert pd(other, inner, OTHER).findtext(".//result/errcode") == "1013", inner
    for inner, code in (("<get-user/>", "1014"), ("<get-user><filter><login>ann</login></filter></get-user>", "1014"),
                        ("<get-user><filter><id>x'1</id></filter></get-user>", "1019"),
                        ("<get-user><filter><id>99999999</id></filter></get-user>", "1013")):
        got = pd(cust, inner, CUST)
        assert (got.findtext(".//result/errcode") or got.findtext("system/errcode")) == code, inner


def test_location_descriptor_and_refused_properties(panel, agent):
    wid = webspace(agent, "pdloc.com")
    for flt in ("<filter/>", f"<filter><site-id>{wid}</site-id></filter>"):
        d = one(pd(agent, f"<get-pd-location-descriptor>{flt}</get-pd-location-descriptor>"),
                "protected-dir/get-pd-location-descriptor")
        props = [(p.findtext("name"), p.findtext("type"), p.findtext("default")) for p in d.findall("descriptor/property")]
        assert props == [("ssl", "boolean", "true"), ("nonssl", "boolean", "true"), ("cgi", "boolean", "false")]
    for prop, value in (("cgi", "true"), ("evil", "true"), ("ssl", "maybe")):
        r = one(pd(agent, f"<add><site-id>{wid}</site-id><name>x</name><location><property><name>{prop}</name>"
                          f"<value>{value}</value></property></location></add>"), "protected-dir/add")
        assert (r.findtext("status"), r.findtext("errcode")) == ("error", "1019"), prop
    assert results(pd(agent, f"<get><filter><site-id>{wid}</site-id></filter></get>"), "protected-dir/get") == []
