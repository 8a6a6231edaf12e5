"""Recorded cPanel replies (captured by client authors and from cPanel's documentation, copied into
recorded/cpanel.jsonl) against polypanel's: the same keys with the same JSON types."""
from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from tests.dialects.cpanel.fixtures import CPanelClient

from .fixtures import unique

RECORDED = {json.loads(line)["id"]: json.loads(line)
            for line in (Path(__file__).parent / "recorded" / "cpanel.jsonl").read_text().splitlines() if line.strip()}
PASSWORD = "Reco-Passw0rd!x"


def recorded(fixture_id: str):
    return json.loads(RECORDED[fixture_id]["response"]["body"])


def same_shape(want, got, path="$"):
    """Every key of ``want`` is in ``got`` with the same JSON type (a recorded null matches any value)."""
    if want is None:
        return
    if isinstance(want, bool) or isinstance(got, bool):
        assert type(want) is type(got), f"{path}: {want!r} vs {got!r}"
    elif isinstance(want, (int, float)):
        assert isinstance(got, (int, float)) and not isinstance(got, bool), f"{path}: number expected, got {got!r}"
    elif isinstance(want, str):
        assert isinstance(got, str), f"{path}: string expected, got {got!r}"
    elif isinstance(want, list):
        assert isinstance(got, list), f"{path}: list expected, got {got!r}"
        if want and got:
            same_shape(want[0], got[0], f"{path}[0]")
    elif isinstance(want, dict):
        assert isinstance(got, dict), f"{path}: object expected, got {got!r}"
        for key, value in want.items():
            assert key in got, f"{path}: missing key {key!r} (have {sorted(got)})"
            same_shape(value, got[key], f"{path}.{key}")


@pytest.fixture
def user(admin_whm):
    u = unique("rc")[:10]
    doc = admin_whm.ok("createacct", username=u, domain=f"{u}.example", password=PASSWORD)
    same_shape(recorded("cpanel-cap-00"), doc)
    return u


def test_createacct_and_v0_listaccts(admin_whm, user):
    same_shape(recorded("cpanel-docs-13"), admin_whm.call("listaccts", version=None, search=user, searchtype="user"))


def test_access_denied(whm):
    r = httpx.post(whm.url("whm_https", "/json-api/listaccts"), auth=("root", "wrong"), verify=False)
    assert r.status_code == 403 and r.json() == recorded("cpanel-cap-01")


def test_suspend_listsuspended_unsuspend_acctcounts(admin_whm, user):
    same_shape(recorded("cpanel-docs-02"), admin_whm.ok("suspendacct", user=user, reason="Suspended for nonpayment."))
    same_shape(recorded("cpanel-docs-01"), admin_whm.ok("listsuspended"))
    same_shape(recorded("cpanel-docs-03"), admin_whm.ok("unsuspendacct", user=user))
    reseller = admin_whm.ok("acctcounts", user="root")
    reseller["data"]["reseller"]["limit"] = 0 if reseller["data"]["reseller"]["limit"] == "unlimited" else \
        reseller["data"]["reseller"]["limit"]  # cPanel sends a number when a limit is set
    same_shape(recorded("cpanel-docs-00"), reseller)


def test_api_tokens(admin_whm):
    name = unique("tk")
    doc = admin_whm.ok("api_token_create", token_name=name, acl="kill-acct", expires_at=str(int(time.time()) + 3600),
                       **{"whitelist_ip": "192.0.2.1", "whitelist_ip-0": "192.0.2.8/29", "whitelist_ip-1": "127.0.0.1"})
    same_shape(recorded("cpanel-docs-04"), doc)
    listed = admin_whm.ok("api_token_list")
    listed["data"]["tokens"] = {"example": listed["data"]["tokens"][name]}
    same_shape(recorded("cpanel-docs-09"), listed)


def test_uapi_through_json_api(whm, user):
    cp = CPanelClient(whm, user=user, password=PASSWORD)
    cp.ok("Email", "add_pop", email="user", password="Mail-Passw0rd!x")

    def wrapped(module, func, **params):
        return cp.http.get("/json-api/cpanel", params={"cpanel_jsonapi_apiversion": "3", "cpanel_jsonapi_module": module,
                                                      "cpanel_jsonapi_func": func, **params}).json()

    same_shape(recorded("cpanel-docs-06"), wrapped("Email", "list_pops"))
    same_shape(recorded("cpanel-docs-05"), wrapped("Tokens", "create_full_access", name="example"))
