"""Resellers over HTTPS: setupreseller, ACLs (stored on the account, effective on the next call), limits,
suspension, termination, statistics and counts."""
from __future__ import annotations

from .fixtures import Whm, unique

PASSWORD = "Resl-Passw0rd!x"


def _reseller(admin_whm) -> str:
    user = unique("rs")[:10]
    admin_whm.ok("createacct", username=user, domain=f"{user}.example", password=PASSWORD)
    doc = admin_whm.ok("setupreseller", user=user, makeowner="1")
    assert "data" not in doc
    return user


def test_setupreseller_listresellers_and_unsetup(whm, admin_whm):
    user = _reseller(admin_whm)
    assert user in admin_whm.ok("listresellers")["data"]["reseller"]
    assert user in admin_whm.call("listresellers", version=None)["reseller"]
    rw = Whm(whm, auth=(user, PASSWORD))
    assert rw.ok("version")
    admin_whm.ok("unsetupreseller", user=user)
    assert user not in admin_whm.ok("listresellers")["data"]["reseller"]
    assert Whm(whm, auth=(user, PASSWORD)).raw("version").status_code == 403
    assert admin_whm.call("unsetupreseller", user=user)["metadata"]["result"] == 0


def test_setacls_narrow_a_reseller(whm, admin_whm):
    user = _reseller(admin_whm)
    rw = Whm(whm, auth=(user, PASSWORD))
    assert rw.ok("myprivs")["data"]["privileges"][0]["create-acct"] == 1  # the default reseller privileges
    admin_whm.ok("setacls", reseller=user, **{"acl-list-accts": "1", "acl-basic-whm-functions": "1"})
    privs = rw.ok("myprivs")["data"]["privileges"][0]
    assert privs["list-accts"] == 1 and privs["create-acct"] == 0 and privs["all"] == 0
    denied = rw.call("createacct", username=unique("x")[:10], domain=f"{unique('x')}.example", password=PASSWORD)
    assert denied["metadata"]["reason"] == "Permission denied"
    assert rw.ok("listaccts")
    # a token of the reseller cannot hold more than the reseller
    assert rw.call("setacls", reseller=user, **{"acl-create-acct": "1"})["metadata"]["reason"] == "Permission denied"
    bad = admin_whm.call("setacls", reseller=user, **{"acl-all": "1"})
    assert bad["metadata"]["result"] == 0
    missing = admin_whm.call("setacls", reseller=user, acllist="nosuch")["metadata"]
    assert missing["result"] == 0 and missing["reason"] == "API failure: The ACL list “nosuch” does not exist."


def test_saved_acl_lists_apply_to_a_reseller(whm, admin_whm):
    user = _reseller(admin_whm)
    name = unique("list")
    saved = admin_whm.ok("saveacllist", acllist=name, **{"acl-list-accts": "1", "acl-create-acct": "1",
                                                         "acl-basic-whm-functions": "1", "acl-kill-acct": "0", "acl-no-such-acl": "1"})
    assert saved["metadata"]["reason"] == f"ACL List {name} saved."
    lists = {item["name"]: item["privileges"] for item in admin_whm.ok("listacls")["data"]["acl"]}
    privs = lists[name]
    assert privs["list-accts"] == 1 and privs["create-acct"] == 1 and privs["kill-acct"] == 0
    assert "no-such-acl" not in privs and "all" not in privs
    assert admin_whm.call("listacls", version=None)["acls"][name]["create-acct"] == 1  # API 0 (Blesta reads .acls)
    applied = admin_whm.ok("setacls", reseller=user, acllist=name)
    assert applied["data"]["acl"] == ["basic-whm-functions", "create-acct", "list-accts"]
    rw = Whm(whm, auth=(user, PASSWORD))
    mine = rw.ok("myprivs")["data"]["privileges"][0]
    assert mine["create-acct"] == 1 and mine["list-accts"] == 1 and mine["kill-acct"] == 0
    assert mine["manage-api-tokens"] == 0
    assert rw.call("removeacct", user=user)["metadata"]["reason"] == "Permission denied"
    # the list is the administrator's: a reseller can neither read nor write it
    assert rw.call("listacls")["metadata"]["reason"] == "Permission denied"
    assert rw.call("saveacllist", acllist=name, **{"acl-all": "1"})["metadata"]["reason"] == "Permission denied"
    # replacing the list does not change what was given earlier (cPanel copies the list)
    admin_whm.ok("saveacllist", acllist=name, **{"acl-list-accts": "1"})
    assert rw.ok("myprivs")["data"]["privileges"][0]["create-acct"] == 1
    for bad in ("../etc", "a/b", "x(y", "", "n" * 65):
        refused = admin_whm.call("saveacllist", acllist=bad, **{"acl-list-accts": "1"})["metadata"]
        assert refused["result"] == 0 and refused["reason"] == "The ACL List could not be saved."
    assert admin_whm.call("setacls", acllist=name)["metadata"]["reason"] == "No reseller specified."


def test_reseller_token_acls_intersect(whm, admin_whm):
    user = _reseller(admin_whm)
    admin_whm.ok("setacls", reseller=user, **{"acl-list-accts": "1", "acl-manage-api-tokens": "1",
                                              "acl-basic-whm-functions": "1"})
    rw = Whm(whm, auth=(user, PASSWORD))
    wider = rw.call("api_token_create", token_name="wide", acl="create-acct")
    assert wider["metadata"]["reason"] == \
        "The system failed to create the API token: Invalid or unauthorized ACL specified: create-acct"
    token = rw.ok("api_token_create", token_name="narrow", acl="list-accts")["data"]["token"]
    tw = Whm(whm, token=token, user=user)
    assert tw.ok("listaccts")
    assert tw.call("api_token_list")["metadata"]["reason"] == "Permission denied"


def test_limits_counts_stats(whm, admin_whm):
    user = _reseller(admin_whm)
    admin_whm.ok("setresellerlimits", user=user, enable_account_limit="1", account_limit="2")
    rw = Whm(whm, auth=(user, PASSWORD))
    made = unique("ra")[:10]
    rw.ok("createacct", username=made, domain=f"{made}.example", password=PASSWORD)
    over = rw.call("createacct", username=unique("rb")[:10], domain=f"{unique('rb')}.example", password=PASSWORD)
    assert over["metadata"]["result"] == 0  # its own account and this one reach the limit of 2
    counts = admin_whm.ok("acctcounts", user=user)["data"]["reseller"]
    assert counts == {"user": user, "active": 2, "suspended": 0, "limit": 2}
    assert rw.ok("acctcounts")["data"]["reseller"]["user"] == user
    assert admin_whm.call("acctcounts", user=made)["metadata"]["reason"] == "Not a reseller."
    stats = admin_whm.call("resellerstats", version=None, reseller=user)["result"]
    assert stats["status"] == 1 and stats["statusmsg"] == "Fetched Reseller Data OK" and stats["reseller"] == user
    assert sorted(a["user"] for a in stats["accts"]) == sorted([user, made])


def test_suspend_and_terminate_reseller(whm, admin_whm):
    user = _reseller(admin_whm)
    rw = Whm(whm, auth=(user, PASSWORD))
    made = unique("rc")[:10]
    rw.ok("createacct", username=made, domain=f"{made}.example", password=PASSWORD)
    admin_whm.ok("suspendreseller", user=user, reason="billing")
    assert Whm(whm, auth=(user, PASSWORD)).raw("version").status_code == 403
    admin_whm.ok("unsuspendreseller", user=user)
    assert Whm(whm, auth=(user, PASSWORD)).ok("version")
    refused = admin_whm.call("terminatereseller", reseller=user, terminatereseller="1", verify="yes")
    assert refused["metadata"]["result"] == 0 and "verify" in refused["metadata"]["reason"]
    verify = f"I understand this will irrevocably remove all the accounts owned by the reseller {user}"
    v0 = admin_whm.call("terminatereseller", version=None, reseller=user, terminatereseller="1", verify=verify)
    assert v0["result"][0]["status"] == 1 and v0["result"][0]["statusmsg"] == "Account Terminations Complete"
    assert made in v0["result"][0]["accts"]
    assert admin_whm.call("accountsummary", user=made)["metadata"]["result"] == 0
    assert user not in admin_whm.ok("listresellers")["data"]["reseller"]


def test_reseller_cannot_run_root_functions(whm, admin_whm):
    user = _reseller(admin_whm)
    rw = Whm(whm, auth=(user, PASSWORD))
    for fn in ("listresellers", "setupreseller", "listacls"):
        assert rw.call(fn, user=user)["metadata"]["reason"] == "Permission denied"


def test_reseller_token_refused_when_suspended_and_gone_when_terminated(whm, admin_whm):
    user = _reseller(admin_whm)
    token = Whm(whm, auth=(user, PASSWORD)).ok("api_token_create", token_name="t")["data"]["token"]
    tw = Whm(whm, token=token, user=user)
    assert tw.ok("version")
    admin_whm.ok("suspendreseller", user=user)
    assert Whm(whm, token=token, user=user).raw("version").status_code == 403
    admin_whm.ok("unsuspendreseller", user=user)
    assert Whm(whm, token=token, user=user).ok("version")
    verify = f"I understand this will irrevocably remove all the accounts owned by the reseller {user}"
    admin_whm.ok("terminatereseller", reseller=user, terminatereseller="1", verify=verify)
    assert Whm(whm, token=token, user=user).raw("version").status_code == 403


def test_legacy_access_hash(whm, admin_whm):
    """WHM's remote access key: deprecated by cPanel but still accepted as `WHM USER:HASH`."""
    made = admin_whm.ok("accesshash", generate="1")["data"]["accesshash"]
    assert len(made) == 960 and all(c in "0123456789abcdef" for c in made)
    with_lines = "\n".join(made[i:i + 32] for i in range(0, 960, 32))
    legacy = Whm(whm, token=made, scheme="WHM")
    assert legacy.ok("version")
    assert legacy.ok("myprivs")["data"]["privileges"][0]["all"] == 1  # the owner's full privileges
    assert Whm(whm, token=with_lines.replace("\n", " "), scheme="WHM").ok("version")  # whitespace inside is dropped
    assert legacy.call("listaccts", version=None).get("status") == 1  # API 0, as Blesta and pycpanel call it
    again = admin_whm.call("accesshash")["metadata"]
    assert again["result"] == 0 and "cannot be shown again" in again["reason"]
    fresh = admin_whm.ok("accesshash", generate="1")["data"]["accesshash"]
    assert fresh != made
    assert legacy.raw("version").status_code == 403  # the replaced one stops working
    assert Whm(whm, token=fresh, scheme="whm").ok("version")
    assert Whm(whm, token=fresh[:-1] + ("0" if fresh[-1] != "0" else "1"), scheme="WHM").raw("version").status_code == 403
    # a reseller makes its own; not another's; a customer has none; a narrowed token may not make one
    user = _reseller(admin_whm)
    rw = Whm(whm, auth=(user, PASSWORD))
    own = rw.ok("accesshash", generate="1")["data"]["accesshash"]
    assert Whm(whm, token=own, scheme="WHM", user=user).ok("myprivs")
    assert Whm(whm, token=own, scheme="WHM", user="root").raw("version").status_code == 403
    assert rw.call("accesshash", user="root", generate="1")["metadata"]["result"] == 0
    customer = unique("cu")[:10]
    admin_whm.ok("createacct", username=customer, domain=f"{customer}.example", password=PASSWORD)
    assert admin_whm.call("accesshash", user=customer, generate="1")["metadata"]["reason"] == \
        f"User {customer} is not a reseller."
    narrow = admin_whm.ok("api_token_create", token_name=unique("t"), acl="manage-api-tokens")["data"]["token"]
    refused = Whm(whm, token=narrow).call("accesshash", generate="1")["metadata"]
    assert refused["result"] == 0 and "restricted API token" in refused["reason"]
    assert Whm(whm, token=fresh, scheme="WHM").ok("version")  # unchanged by the refused call
