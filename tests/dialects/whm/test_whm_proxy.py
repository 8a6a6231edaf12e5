"""WHM's /json-api/cpanel proxy: API 2 and UAPI on a user's account with WHM credentials; resellers only on theirs."""
from __future__ import annotations

import httpx

from tests.conftest import ADMIN_PASSWORD

from .fixtures import Whm, unique

PASSWORD = "Prox-Passw0rd!x"


def _proxy(w: Whm, **params) -> dict:
    r = w.http.get("/json-api/cpanel", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_api2_and_uapi_through_whm(whm, admin_whm):
    user = unique("px")[:10]
    admin_whm.ok("createacct", username=user, domain=f"{user}.example", password=PASSWORD)
    doc = _proxy(admin_whm, cpanel_jsonapi_user=user, cpanel_jsonapi_apiversion="2", cpanel_jsonapi_module="ZoneEdit",
                 cpanel_jsonapi_func="fetchzones")
    assert list(doc["cpanelresult"]["data"][0]["zones"]) == [f"{user}.example"]
    doc = _proxy(admin_whm, cpanel_jsonapi_user=user, cpanel_jsonapi_apiversion="3", cpanel_jsonapi_module="DomainInfo",
                 cpanel_jsonapi_func="list_domains")
    assert doc["apiversion"] == 3 and doc["module"] == "DomainInfo" and doc["func"] == "list_domains"
    assert doc["result"]["status"] == 1 and doc["result"]["data"]["main_domain"] == f"{user}.example"
    # the user parameter may be "user"
    doc = _proxy(admin_whm, user=user, cpanel_jsonapi_apiversion="3", cpanel_jsonapi_module="Email",
                 cpanel_jsonapi_func="add_pop", email="hi", password="Mail-Passw0rd!x")
    assert doc["result"]["data"] == f"hi+{user}.example"
    missing = _proxy(admin_whm, cpanel_jsonapi_apiversion="2", cpanel_jsonapi_module="ZoneEdit", cpanel_jsonapi_func="fetchzones")
    assert missing == {"cpanelresult": {"data": {"reason": "User parameter is invalid or was not supplied", "result": "0"},
                                        "type": "text", "error": "User parameter is invalid or was not supplied"}}
    root = _proxy(admin_whm, cpanel_jsonapi_user="root", cpanel_jsonapi_apiversion="3",
                  cpanel_jsonapi_module="DomainInfo", cpanel_jsonapi_func="list_domains")
    assert "is not associated with a cPanel account" in root["error"] and "cpanelresult" not in root
    tokens = _proxy(admin_whm, cpanel_jsonapi_user=user, cpanel_jsonapi_apiversion="3", cpanel_jsonapi_module="Tokens",
                    cpanel_jsonapi_func="create_full_access", name="x")
    assert tokens["result"]["status"] == 0


def test_reseller_proxy_only_on_own_accounts(whm, admin_whm):
    reseller = unique("rp")
    with httpx.Client(base_url=whm.url("plesk_https", "/api/v2"), auth=("admin", ADMIN_PASSWORD), verify=False) as p:
        assert p.post("/clients", json={"name": "R", "login": reseller, "password": PASSWORD,
                                        "email": f"{reseller}@example.org", "type": "reseller"}).status_code == 201
    other = unique("po")[:10]
    admin_whm.ok("createacct", username=other, domain=f"{other}.example", password=PASSWORD)
    rw = Whm(whm, auth=(reseller, PASSWORD))
    mine = unique("pm")[:10]
    rw.ok("createacct", username=mine, domain=f"{mine}.example", password=PASSWORD)
    ok = _proxy(rw, cpanel_jsonapi_user=mine, cpanel_jsonapi_apiversion="2", cpanel_jsonapi_module="ZoneEdit",
                cpanel_jsonapi_func="fetchzones")
    assert ok["cpanelresult"]["event"] == {"result": 1}
    denied = _proxy(rw, cpanel_jsonapi_user=other, cpanel_jsonapi_apiversion="2", cpanel_jsonapi_module="ZoneEdit",
                    cpanel_jsonapi_func="fetchzones")
    assert denied["cpanelresult"]["error"] == f"Access Denied to {other}"


def test_cpanel_port_wraps_uapi_in_json_api(whm, admin_whm):
    user = unique("pw")[:10]
    admin_whm.ok("createacct", username=user, domain=f"{user}.example", password=PASSWORD)
    r = httpx.get(whm.url("cpanel_https", "/json-api/cpanel"), auth=(user, PASSWORD), verify=False,
                  params={"cpanel_jsonapi_apiversion": "3", "cpanel_jsonapi_module": "DomainInfo",
                          "cpanel_jsonapi_func": "list_domains"})
    doc = r.json()
    assert doc["apiversion"] == 3 and doc["result"]["data"]["main_domain"] == f"{user}.example"
