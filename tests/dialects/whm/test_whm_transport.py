"""WHM transport over HTTPS against a real server: paths, methods, parameters, envelopes, auth, errors."""
from __future__ import annotations

import base64

import httpx

from tests.conftest import ADMIN_PASSWORD

from .fixtures import Whm, unique

DENIED = {"cpanelresult": {"apiversion": "2", "error": "Access denied",
                           "data": {"reason": "Access denied", "result": "0"}, "type": "text"}}


def _token(admin_whm, **params) -> str:
    doc = admin_whm.ok("api_token_create", token_name=unique("t"), **params)
    token = doc["data"]["token"]
    assert len(token) == 32 and token.isalnum() and token.upper() == token
    return token


def test_version_and_hostname_v1_envelope(admin_whm):
    doc = admin_whm.ok("version")
    assert doc["metadata"] == {"version": 1, "command": "version", "result": 1, "reason": "OK"}
    assert isinstance(doc["data"]["version"], str) and doc["data"]["version"].count(".") == 3
    host = admin_whm.ok("gethostname")["data"]["hostname"]
    assert isinstance(host, str) and host


def test_api0_without_version(admin_whm):
    r = admin_whm.raw("version", version=None)
    assert r.status_code == 200 and set(r.json()) == {"version"}
    assert admin_whm.call("applist", version=None)["app"]  # pycpanel tests credentials this way
    assert admin_whm.call("nosuchfn", version=None) == {"error": "Unknown App Requested: nosuchfn"}
    # a function that exists only in API 1 is unknown to API 0
    assert admin_whm.call("listsuspended", version=None) == {"error": "Unknown App Requested: listsuspended"}


def test_unknown_function_v1(admin_whm):
    doc = admin_whm.call("nosuchfn")
    assert doc["metadata"]["result"] == 0
    assert doc["metadata"]["reason"] == "Unknown app (nosuchfn) requested for this version (1) of the API."
    assert "data" not in doc


def test_post_form_and_cpsess_prefix(whm, admin_whm):
    r = admin_whm.http.post("/json-api/version", data={"api.version": "1"})
    assert r.status_code == 200 and r.json()["metadata"]["result"] == 1
    r = admin_whm.http.get("/cpsess0123456789/json-api/gethostname", params={"api.version": "1"})
    assert r.status_code == 200 and r.json()["metadata"]["command"] == "gethostname"
    assert r.headers["content-type"].startswith("application/json")


def test_plain_http_port(whm):
    w = Whm(whm, auth=("root", ADMIN_PASSWORD), listener="whm_http")
    assert w.ok("version")["data"]["version"]


def test_bad_credentials_are_cpanels_403(whm):
    for auth, headers in (((("root", "wrong")), {}), (None, {}), (None, {"Authorization": "whm root:NOTATOKEN"}),
                          (None, {"Authorization": "Basic !!!"})):
        r = httpx.get(whm.url("whm_https", "/json-api/version"), params={"api.version": "1"}, auth=auth,
                      headers=headers, verify=False)
        assert r.status_code == 403, (auth, headers, r.text)
        assert r.json() == DENIED
        assert r.headers["content-type"].startswith("text/plain")


def test_token_schemes_and_root_alias(whm, admin_whm):
    token = _token(admin_whm)
    for scheme in ("whm", "WHM", "Whm"):
        for user in ("root", "admin"):
            assert Whm(whm, token=token, scheme=scheme, user=user).ok("version")
    # a token is the account's: another login with it fails
    assert Whm(whm, token=token, user="nobody").raw("version").status_code == 403
    basic = base64.b64encode(f"root:{ADMIN_PASSWORD}".encode()).decode()
    r = httpx.get(whm.url("whm_https", "/json-api/version?api.version=1"), headers={"Authorization": f"Basic {basic}"},
                  verify=False)
    assert r.status_code == 200


def test_customer_cannot_use_whm(whm, admin_whm):
    user = unique("c")
    admin_whm.ok("createacct", username=user, domain=f"{user}.example", password="Cust-Passw0rd!x")
    r = Whm(whm, auth=(user, "Cust-Passw0rd!x")).raw("version")
    assert r.status_code == 403 and r.json() == DENIED


def test_myprivs_and_applist_for_a_narrow_token(whm, admin_whm):
    token = _token(admin_whm, **{"acl": "list-accts", "acl-0": "basic-whm-functions"})
    w = Whm(whm, token=token)
    privs = w.ok("myprivs")["data"]["privileges"][0]
    assert privs["list-accts"] == 1 and privs["basic-whm-functions"] == 1 and privs["create-acct"] == 0
    assert all(v in (0, 1) for v in privs.values())
    apps = w.ok("applist")["data"]["app"]
    assert "listaccts" in apps and "createacct" not in apps
    assert w.ok("listaccts")
    denied = w.call("createacct", username=unique("d"), domain=f"{unique('d')}.example", password="Xx-Passw0rd!1")
    assert denied["metadata"] == {"version": 1, "command": "createacct", "result": 0, "reason": "Permission denied"}
    assert Whm(whm, auth=("root", ADMIN_PASSWORD)).ok("myprivs")["data"]["privileges"][0]["all"] == 1
    v0 = admin_whm.call("myprivs", version=None)
    assert v0["privs"]["all"] == 1


def test_token_limits_expiry_and_ips(whm, admin_whm):
    bound = _token(admin_whm, whitelist_ip="192.0.2.0/24")
    assert Whm(whm, token=bound).raw("version").status_code == 403  # the test connects from 127.0.0.1
    here = _token(admin_whm, **{"whitelist_ip": "10.0.0.1", "whitelist_ip-0": "127.0.0.0/8"})
    assert Whm(whm, token=here).ok("version")
    import time
    past = admin_whm.call("api_token_create", token_name=unique("t"), expires_at=str(int(time.time()) - 10))
    assert past["metadata"]["result"] == 0
    assert past["metadata"]["reason"].startswith("The system failed to create the API token:")
    bad = admin_whm.call("api_token_create", token_name=unique("t"), acl="no-such-acl")
    assert bad["metadata"]["reason"] == \
        "The system failed to create the API token: Invalid or unauthorized ACL specified: no-such-acl"
    long_name = admin_whm.call("api_token_create", token_name="x" * 51)
    assert long_name["metadata"]["result"] == 0


def test_token_list_update_details_revoke(whm, admin_whm):
    name = unique("t")
    created = admin_whm.ok("api_token_create", token_name=name, acl="list-accts")["data"]
    assert created["name"] == name and isinstance(created["create_time"], int) and created["acls"] == ["list-accts"]
    listed = admin_whm.ok("api_token_list")["data"]["tokens"][name]
    assert "token" not in listed and listed["acls"]["list-accts"] == 1 and listed["acls"]["create-acct"] == 0
    assert listed["expires_at"] is None and listed["whitelist_ips"] is None
    details = admin_whm.ok("api_token_get_details", token=created["token"])["data"]
    assert details["name"] == name
    new = unique("t")
    admin_whm.ok("api_token_update", token_name=name, new_name=new, acl="acct-summary")
    assert Whm(whm, token=created["token"]).call("listaccts")["metadata"]["reason"] == "Permission denied"
    dup = admin_whm.call("api_token_create", token_name=new)
    assert dup["metadata"]["reason"] == \
        f"The system failed to create the API token: A conflicting API token with the name “{new}” already exists."
    doc = admin_whm.ok("api_token_revoke", token_name=new, **{"token_name-0": "never-existed"})
    assert "data" not in doc
    assert Whm(whm, token=created["token"]).raw("version").status_code == 403


def test_token_cannot_create_tokens(whm, admin_whm):
    w = Whm(whm, token=_token(admin_whm))
    doc = w.call("api_token_create", token_name=unique("t"))
    assert doc["metadata"]["result"] == 0 and "password" in doc["metadata"]["reason"]
