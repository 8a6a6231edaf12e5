"""DynamicDNS over HTTPS: UAPI list/create/set_description/recreate/delete, and the unauthenticated
/cpanelwebcall/<id> update call that rewrites the name's A/AAAA records in the account's zone."""
from __future__ import annotations

import httpx

from tests.conftest import ADMIN_PASSWORD
from tests.dialects.whm.fixtures import Whm, unique

from .fixtures import PASSWORD, CPanelClient


def _records(whm_server, domain: str, name: str) -> dict[str, list[str]]:
    admin = Whm(whm_server, auth=("root", ADMIN_PASSWORD))
    out: dict[str, list[str]] = {}
    for r in admin.ok("dumpzone", domain=domain)["data"]["zone"][0]["record"]:
        if r.get("name") == f"{name}." and r.get("type") in ("A", "AAAA"):
            out.setdefault(r["type"], []).append(r["address"])
            assert r["ttl"] in (300, "300")
    return out


def test_dynamicdns_lifecycle_and_webcall(whm, cp, account):
    domain = account["domain"]
    host = f"home.{domain}"
    made = cp.ok("DynamicDNS", "create", domain=host, description="my router")
    ddns_id = made["id"]
    assert len(ddns_id) == 32 and ddns_id.isalpha() and ddns_id.islower() and isinstance(made["created_time"], int)
    listed = cp.ok("DynamicDNS", "list")
    assert [(i["id"], i["domain"], i["description"]) for i in listed] == [(ddns_id, host, "my router")]
    assert listed[0]["ipv4"] == [] and listed[0]["last_update_time"] is None

    web = httpx.Client(base_url=whm.url("cpanel_https"), verify=False, timeout=30)  # no credentials at all
    r = web.get(f"/cpanelwebcall/{ddns_id}")
    assert r.status_code == 200 and r.text == "OK" and r.headers["content-type"].startswith("text/plain")
    assert _records(whm, domain, host) == {"A": ["127.0.0.1"]}  # the caller's address
    r = web.get(f"/cpanelwebcall/{ddns_id}/ipv4/198.51.100.7/ipv6/2001:db8:0:0::5")
    assert r.status_code == 200
    assert _records(whm, domain, host) == {"A": ["198.51.100.7"], "AAAA": ["2001:db8::5"]}
    listed = cp.ok("DynamicDNS", "list")[0]
    assert listed["ipv4"] == ["198.51.100.7"] and listed["ipv6"] == ["2001:db8::5"]
    assert isinstance(listed["last_update_time"], int) and len(listed["last_run_times"]) == 2

    # bad calls: cPanel's status codes, plain text (an id echoed back is never HTML)
    assert web.get("/cpanelwebcall/" + "a" * 32).status_code == 404
    bad = web.get('/cpanelwebcall/<img src=x onerror="prompt(1)">aaaa')
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("text/plain")
    assert web.get(f"/cpanelwebcall/{ddns_id}/").text == "Argument(s) must follow slash."
    assert web.get(f"/cpanelwebcall/{ddns_id}/ipv4").status_code == 400
    assert "not a valid IPv4" in web.get(f"/cpanelwebcall/{ddns_id}/ipv4/2001:db8::1").text
    assert web.get(f"/cpanelwebcall/{ddns_id}/color/red").status_code == 400
    assert _records(whm, domain, host) == {"A": ["198.51.100.7"], "AAAA": ["2001:db8::5"]}
    # rate limit: at most 5 runs per 5 minutes
    statuses = [web.get(f"/cpanelwebcall/{ddns_id}/ipv4/198.51.100.{n}").status_code for n in range(8, 12)]
    assert statuses == [200, 200, 200, 429]
    limited = web.get(f"/cpanelwebcall/{ddns_id}")
    assert limited.status_code == 429 and 0 < int(limited.headers["Retry-After"]) <= 300

    # set_description, recreate (the old URL stops working), delete (the records go)
    cp.ok("DynamicDNS", "set_description", id=ddns_id, description="office")
    assert cp.ok("DynamicDNS", "list")[0]["description"] == "office"
    assert cp.uapi("DynamicDNS", "set_description", id=ddns_id, description="a\x01b")["errors"] == \
        ["The “description” parameter cannot contain control characters."]
    new_id = cp.ok("DynamicDNS", "recreate", id=ddns_id)["id"]
    assert new_id != ddns_id and web.get(f"/cpanelwebcall/{ddns_id}").status_code == 404
    assert cp.ok("DynamicDNS", "list")[0]["id"] == new_id
    assert cp.ok("DynamicDNS", "delete", id=new_id) == {"deleted": 1}
    assert cp.ok("DynamicDNS", "list") == []
    assert _records(whm, domain, host) == {}
    assert cp.uapi("DynamicDNS", "delete", id=new_id)["errors"] == [f"Nonexistent “id”: {new_id}"]
    assert cp.uapi("DynamicDNS", "delete", id="nope")["errors"] == ["Invalid “id”: nope"]


def test_dynamicdns_refusals_and_tenancy(whm, cp, account):
    domain = account["domain"]
    errors = {
        "": "You must specify the “domain” parameter.",
        domain: f"The domain “{domain}” already exists.",
        "www." + domain: "“www” is a reserved subdomain.",
        "home.elsewhere.example": "The “domain” parameter must be a subdomain of an existing domain.",
    }
    for name, message in errors.items():
        doc = cp.uapi("DynamicDNS", "create", domain=name)
        assert doc["status"] == 0 and doc["errors"] == [message], (name, doc)
    assert cp.uapi("DynamicDNS", "create", domain="bad..name." + domain)["status"] == 0
    long = cp.uapi("DynamicDNS", "create", domain=f"nas.{domain}", description="x" * 1025)
    assert long["status"] == 0 and "too long" in long["errors"][0]
    ddns_id = cp.ok("DynamicDNS", "create", domain=f"nas.{domain}")["id"]
    dupe = cp.uapi("DynamicDNS", "create", domain=f"nas.{domain}")
    assert dupe["errors"] == [f"“nas.{domain}” is already a dynamic DNS domain."]
    # another account neither sees nor changes it, nor claims a name below this account's domain
    other = unique("cq")[:10]
    Whm(whm, auth=("root", ADMIN_PASSWORD)).ok("createacct", username=other, domain=f"{other}.example",
                                               password=PASSWORD)
    theirs = CPanelClient(whm, user=other, password=PASSWORD)
    assert theirs.ok("DynamicDNS", "list") == []
    assert theirs.uapi("DynamicDNS", "delete", id=ddns_id)["errors"] == [f"Nonexistent “id”: {ddns_id}"]
    assert theirs.uapi("DynamicDNS", "create", domain=f"pc.{domain}")["status"] == 0
    # removing the account removes its dynamic DNS names: the URL is gone
    Whm(whm, auth=("root", ADMIN_PASSWORD)).ok("removeacct", user=account["user"])
    web = httpx.Client(base_url=whm.url("cpanel_https"), verify=False, timeout=30)
    assert web.get(f"/cpanelwebcall/{ddns_id}").status_code == 404
