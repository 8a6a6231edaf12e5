"""listips, domainuserdata, get_domain_info, getdomainowner, list_users, editquota, limitbw, uapi_cpanel."""
from __future__ import annotations

import pytest

from .fixtures import unique

PASSWORD = "Info-Passw0rd!x"


@pytest.fixture
def user(admin_whm):
    u = unique("in")[:10]
    admin_whm.ok("createacct", username=u, domain=f"{u}.example", password=PASSWORD)
    return u


def test_listips(admin_whm, user):
    ips = admin_whm.ok("listips")["data"]["ip"]
    assert ips and ips[0]["mainaddr"] == 1 and ips[0]["used"] == 1 and ips[0]["active"] == 1
    assert set(ips[0]) >= {"ip", "public_ip", "if", "removable", "dedicated", "netmask", "network"}


def test_domain_lookups(admin_whm, user):
    d = f"{user}.example"
    ud = admin_whm.ok("domainuserdata", domain=d)["data"]["userdata"]
    assert ud["user"] == user and ud["servername"] == d and ud["documentroot"].endswith("httpdocs")
    missing = admin_whm.call("domainuserdata", domain="nosuch.example")
    assert missing["metadata"]["reason"] == "API failure: This system does not have a domain named “nosuch.example”."
    info = [i for i in admin_whm.ok("get_domain_info")["data"]["domains"] if i["domain"] == d][0]
    assert info["user"] == user and info["domain_type"] == "main" and info["user_owner"] == "root"
    assert admin_whm.ok("getdomainowner", domain=d)["data"] == {"user": user}
    assert admin_whm.ok("getdomainowner", domain="nosuch.example")["data"] == {"user": None}
    users = admin_whm.ok("list_users")["data"]["users"]
    assert users[0] == "root" and user in users


def test_editquota_limitbw(admin_whm, user):
    admin_whm.ok("editquota", user=user, quota="750")
    assert admin_whm.ok("accountsummary", user=user)["data"]["acct"][0]["disklimit"] == "750M"
    bad = admin_whm.call("editquota", user=user, quota="lots")
    assert bad["metadata"]["reason"] == "Invalid value (lots) for quota supplied."
    doc = admin_whm.ok("limitbw", user=user, bwlimit="2048")
    assert doc["metadata"]["reason"] == f"Bandwidth Limit for {user} has been set to 2048 megabytes"
    assert doc["data"]["bwlimits"][0]["bwlimit"] == 2048 * 1024 * 1024


def test_uapi_cpanel(admin_whm, user):
    doc = admin_whm.ok("uapi_cpanel", **{"cpanel.user": user, "cpanel.module": "DomainInfo",
                                         "cpanel.function": "list_domains"})
    assert doc["data"]["uapi"]["status"] == 1 and doc["data"]["uapi"]["data"]["main_domain"] == f"{user}.example"
    bad = admin_whm.ok("uapi_cpanel", **{"cpanel.user": user, "cpanel.module": "Email", "cpanel.function": "nosuch"})
    assert bad["data"]["uapi"]["status"] == 0
    nobody = admin_whm.call("uapi_cpanel", **{"cpanel.user": "nosuchuser", "cpanel.module": "DomainInfo",
                                              "cpanel.function": "list_domains"})
    assert nobody["metadata"]["result"] == 0


def test_showbw_without_an_access_log_says_so(admin_whm):
    """The test server renders only (dry web applier): no figures, and none are made up."""
    doc = admin_whm.call("showbw")["metadata"]
    assert doc["result"] == 0 and doc["reason"].startswith("Bandwidth figures are not available on this server")
    assert admin_whm.call("showbw", month="0")["metadata"]["reason"] == "Invalid month provided"
    assert admin_whm.call("showbw", year="99999")["metadata"]["reason"] == "Invalid year provided"
    assert admin_whm.call("showbw", version=None) == {"status": 0, "statusmsg": doc["reason"]}
