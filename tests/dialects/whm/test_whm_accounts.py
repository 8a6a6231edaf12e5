"""The billing flow over HTTPS: createacct -> listaccts -> suspend -> changepackage -> passwd -> removeacct,
packages, field types of the account object, reseller scoping, and the same customer in the Plesk REST API."""
from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import ADMIN_PASSWORD

from .fixtures import Whm, unique

PASSWORD = "Acct-Passw0rd!x"
INT_FIELDS = ("suspended", "suspendtime", "is_locked", "unix_startdate", "uid", "backup", "legacy_backup",
              "outgoing_mail_suspended", "outgoing_mail_hold", "temporary", "has_backup", "inodesused")
STR_FIELDS = ("user", "domain", "email", "plan", "owner", "ip", "suspendreason", "startdate", "partition", "disklimit",
              "diskused", "maxaddons", "maxftp", "maxlst", "maxparked", "maxpop", "maxsql", "maxsub", "shell", "theme",
              "mailbox_format", "max_emailacct_quota", "max_email_per_hour", "max_defer_fail_percentage")


@pytest.fixture
def acct(admin_whm):
    user = unique("a")
    doc = admin_whm.ok("createacct", username=user, domain=f"{user}.example", password=PASSWORD, plan="default",
                       contactemail=f"{user}@example.net")
    return {"user": user, "domain": f"{user}.example", "create": doc}


def _plesk(whm) -> httpx.Client:
    return httpx.Client(base_url=whm.url("plesk_https", "/api/v2"), auth=("admin", ADMIN_PASSWORD), verify=False,
                        timeout=60)


def test_createacct_reply(acct):
    doc = acct["create"]
    assert doc["metadata"]["reason"] == "Account Creation Ok"
    assert isinstance(doc["metadata"]["output"]["raw"], str) and acct["user"] in doc["metadata"]["output"]["raw"]
    data = doc["data"]
    assert data["package"] == "default" and data["ip"]
    assert data["nameserver"] and data["nameserver3"] == "" and data["nameservera"] is None


def test_createacct_makes_a_real_subscription(whm, acct):
    with _plesk(whm) as plesk:
        r = plesk.get("/domains", params={"name": acct["domain"]})
        assert r.status_code == 200, r.text
        domain = r.json()[0]
        assert domain["name"] == acct["domain"]
        clients = plesk.get("/clients").json()
        assert any(c["login"] == acct["user"] for c in clients)
        zone = plesk.get("/dns/records", params={"domain": acct["domain"]})
        assert zone.status_code == 200 and any(rec["type"] == "A" for rec in zone.json())


def test_listaccts_fields_and_types(admin_whm, acct):
    accts = admin_whm.ok("listaccts", search=acct["user"], searchtype="user", searchmethod="exact")["data"]["acct"]
    assert len(accts) == 1
    a = accts[0]
    for key in INT_FIELDS:
        assert type(a[key]) is int, key
    for key in STR_FIELDS:
        assert isinstance(a[key], str), key
    assert a["ipv6"] == [] and a["child_nodes"] == []
    assert a["user"] == acct["user"] and a["domain"] == acct["domain"] and a["owner"] == "root"
    assert a["plan"] == "default" and a["email"] == f"{acct['user']}@example.net"
    assert a["suspended"] == 0 and a["suspendreason"] == "not suspended" and a["suspendtime"] == 0
    assert len(a["startdate"].split()) == 4


def test_listaccts_search_want_and_api0(admin_whm, acct):
    by_domain = admin_whm.ok("listaccts", search=acct["domain"], searchtype="domain")["data"]["acct"]
    assert [a["user"] for a in by_domain] == [acct["user"]]
    anchored = admin_whm.ok("listaccts", search=f"^{acct['user']}$", searchtype="user")["data"]["acct"]
    assert [a["user"] for a in anchored] == [acct["user"]]
    want = admin_whm.ok("listaccts", search=acct["user"], searchtype="user", want="user,plan")["data"]["acct"]
    assert want == [{"user": acct["user"], "plan": "default"}]
    none = admin_whm.ok("listaccts", search="zzznomatch", searchtype="domain")
    assert "data" not in none and none["metadata"]["reason"] == "OK"
    missing = admin_whm.call("listaccts", search="zzznomatch", searchtype="user", searchmethod="exact")
    assert missing["metadata"]["result"] == 0 and missing["metadata"]["reason"] == "No accounts found."
    bad = admin_whm.call("listaccts", search="x", searchtype="color")
    assert bad["metadata"] == {"version": 1, "command": "listaccts", "result": 0, "reason": "Unknown search type."}
    evil = admin_whm.ok("listaccts", search="^(z+)+$", searchtype="user")  # RE2: linear, no backtracking
    assert "data" not in evil
    v0 = admin_whm.call("listaccts", version=None, search=acct["user"], searchtype="user", want="plan")
    assert v0["status"] == 1 and v0["statusmsg"] == "Ok"
    assert v0["acct"] == [{"user": acct["user"], "domain": acct["domain"], "plan": "default"}]


def test_listaccts_regex_search(admin_whm, acct):
    """searchmethod=regex (and the default): a case-insensitive regular expression, as cPanel's qr//i."""
    user, domain = acct["user"], acct["domain"]
    head, tail = user[:3], user[3:]
    for search, searchtype in ((f"^{head.upper()}[0-9a-f]+$", "user"), (f"^{head}.{{{len(tail)}}}$", "user"),
                               (f"{tail}\\.EXAMPLE$", "domain"), (f"^({user}|nobody-else)$", "domain_and_user"),
                               ("^defau", "package"), ("^ro+t$", "owner")):
        found = admin_whm.ok("listaccts", search=search, searchtype=searchtype, searchmethod="regex")["data"]["acct"]
        assert user in [a["user"] for a in found], (search, searchtype)
    miss = admin_whm.ok("listaccts", search=f"^{user}x$", searchtype="user", searchmethod="regex")
    assert "data" not in miss
    # a pattern that backtracks exponentially in Perl or Python's re runs in linear time here
    hostile = "(x+x+)+y" + "|" + "(a|aa)+$"
    started = time.monotonic()
    assert "data" not in admin_whm.ok("listaccts", search=hostile, searchtype="domain", searchmethod="regex")
    assert time.monotonic() - started < 5
    # what RE2 cannot run (back-references, look-ahead) is refused with a reason, not run
    for refused in ("(a)\\1", "(?=a)b", "[z-a]"):
        doc = admin_whm.call("listaccts", search=refused, searchtype="user", searchmethod="regex")
        assert doc["metadata"]["result"] == 0
        assert doc["metadata"]["reason"].startswith("API failure: The “search” pattern cannot be used: ")
    too_long = admin_whm.call("listaccts", search="a" * 256, searchtype="user")
    assert too_long["metadata"]["result"] == 0 and too_long["metadata"]["reason"] == "The search term is too long."


def test_accountsummary(whm, admin_whm, acct):
    a = admin_whm.ok("accountsummary", user=acct["user"])["data"]["acct"][0]
    assert a["domain"] == acct["domain"]
    assert admin_whm.ok("accountsummary", domain=acct["domain"])["data"]["acct"][0]["user"] == acct["user"]
    missing = admin_whm.call("accountsummary", user="nosuchuser")
    assert missing["metadata"]["result"] == 0 and missing["metadata"]["reason"] == "Account does not exist."
    assert missing["data"] == {"acct": None}
    none = admin_whm.call("accountsummary")
    assert none["metadata"]["reason"] == "API failure: You must specify a user or domain to get a summary of."
    token = admin_whm.ok("api_token_create", token_name=unique("t"), acl="acct-summary")["data"]["token"]
    assert Whm(whm, token=token).ok("accountsummary", user=acct["user"])["data"]["acct"][0]["user"] == acct["user"]


def test_suspend_unsuspend_listsuspended(whm, admin_whm, acct):
    user = acct["user"]
    doc = admin_whm.ok("suspendacct", user=user, reason="No Payment")
    assert "data" not in doc and doc["metadata"]["output"]["raw"]
    a = admin_whm.ok("accountsummary", user=user)["data"]["acct"][0]
    assert a["suspended"] == 1 and a["suspendreason"] == "No Payment" and a["suspendtime"] > 0
    listed = admin_whm.ok("listsuspended")["data"]["account"]
    mine = [s for s in listed if s["user"] == user][0]
    assert mine["reason"] == "No Payment" and isinstance(mine["unixtime"], int) and mine["owner"] == "root"
    # a suspended account's own credentials stop working (cPanel refuses suspended logins)
    with _plesk(whm) as plesk:
        sub = plesk.get("/domains", params={"name": acct["domain"]}).json()[0]
        assert sub["name"] == acct["domain"]
    admin_whm.ok("unsuspendacct", user=user)
    assert admin_whm.ok("accountsummary", user=user)["data"]["acct"][0]["suspended"] == 0
    missing = admin_whm.call("suspendacct", user="nosuchuser")
    assert missing["metadata"]["reason"] == "API failure: You do not have a user named “nosuchuser”."
    empty = admin_whm.call("suspendacct")
    assert empty["metadata"]["reason"] == "API failure: Provide the “user” parameter."
    v0 = admin_whm.call("suspendacct", version=None, user=user)
    assert v0["result"][0]["status"] == 1
    admin_whm.ok("unsuspendacct", user=user)


def test_packages_and_changepackage(admin_whm, acct):
    name = unique("pkg")
    doc = admin_whm.ok("addpkg", name=name, quota="500", maxftp="3", maxpop="unlimited", cgi="0")
    assert doc["metadata"]["reason"] == f"You have successfully created the package “{name}”."
    assert doc["data"] == {"pkg": name}
    pkgs = {p["name"]: p for p in admin_whm.ok("listpkgs")["data"]["pkg"]}
    assert "default" in pkgs and pkgs[name]["QUOTA"] == "500" and pkgs[name]["MAXFTP"] == "3"
    assert pkgs[name]["MAXPOP"] == "unlimited" and pkgs[name]["CGI"] == "n"
    info = admin_whm.ok("getpkginfo", pkg=name)["data"]["pkg"]
    assert info["QUOTA"] == 500 and info["MAXPOP"] is None and info["CGI"] == 0
    admin_whm.ok("editpkg", name=name, maxftp="5")
    assert admin_whm.ok("getpkginfo", pkg=name)["data"]["pkg"]["MAXFTP"] == 5
    assert admin_whm.call("listpkgs", version=None)["package"]
    doc = admin_whm.ok("changepackage", user=acct["user"], pkg=name)
    assert "data" not in doc
    a = admin_whm.ok("accountsummary", user=acct["user"])["data"]["acct"][0]
    assert a["plan"] == name and a["disklimit"] == "500M" and a["maxftp"] == "5"
    bad = admin_whm.call("changepackage", user=acct["user"], pkg="nosuchpkg")
    assert bad["metadata"]["reason"] == "API failure: The package “nosuchpkg” does not exist."
    used = admin_whm.call("killpkg", pkgname=name)
    assert used["metadata"]["result"] == 0
    admin_whm.ok("changepackage", user=acct["user"], pkg="default")
    assert "data" not in admin_whm.ok("killpkg", pkgname=name)
    assert admin_whm.call("getpkginfo", pkg=name)["metadata"]["result"] == 0


def test_passwd(whm, admin_whm, acct):
    doc = admin_whm.ok("passwd", user=acct["user"], password="N3w-Passw0rd!xy")
    assert "system" in doc["data"]["app"]
    missing = admin_whm.call("passwd", password="x")
    assert missing["metadata"]["reason"] == "No user name supplied: “user” is a required argument."
    weak = admin_whm.call("passwd", user=acct["user"], password="a")
    assert weak["metadata"]["result"] == 0
    v0 = admin_whm.call("passwd", version=None, user=acct["user"], password="An0ther-Passw0rd!")
    assert v0["passwd"][0]["status"] == 1


def test_createacct_failures(admin_whm, acct):
    dup = admin_whm.call("createacct", username=acct["user"], domain=f"{unique('x')}.example", password=PASSWORD)
    assert dup["metadata"]["result"] == 0 and "data" not in dup
    taken = admin_whm.call("createacct", username=unique("b"), domain=acct["domain"], password=PASSWORD)
    assert taken["metadata"]["result"] == 0
    for bad in ("testuser", "9abc", "a" * 17):
        doc = admin_whm.call("createacct", username=bad, domain=f"{unique('x')}.example", password=PASSWORD)
        assert doc["metadata"]["result"] == 0, bad
    nopw = admin_whm.call("createacct", username=unique("b"), domain=f"{unique('x')}.example")
    assert nopw["metadata"]["reason"] == "API failure: Provide the “password” parameter."
    v0 = admin_whm.call("createacct", version=None, username=unique("b"), domain=f"{unique('v')}.example",
                        password=PASSWORD)
    assert v0["result"][0]["status"] == 1 and v0["result"][0]["options"]["package"] == "default"


def test_removeacct(whm, admin_whm, acct):
    doc = admin_whm.ok("removeacct", user=acct["user"])
    assert "data" not in doc and doc["metadata"]["output"]["raw"]
    assert admin_whm.call("accountsummary", user=acct["user"])["metadata"]["result"] == 0
    with _plesk(whm) as plesk:
        assert not [c for c in plesk.get("/clients").json() if c["login"] == acct["user"]]
    again = admin_whm.call("removeacct", user=acct["user"])
    assert again["metadata"]["reason"] == f"API failure: You do not have a user named “{acct['user']}”."


def test_plesk_customer_appears_in_listaccts(whm, admin_whm):
    login = unique("p")
    with _plesk(whm) as plesk:
        r = plesk.post("/clients", json={"name": "Plesk Customer", "login": login, "password": PASSWORD,
                                         "email": f"{login}@example.org", "type": "customer"})
        assert r.status_code == 201, r.text
        r = plesk.post("/domains", json={"name": f"{login}.example", "hosting_type": "virtual",
                                         "owner_client": {"login": login},
                                         "hosting_settings": {"ftp_login": login, "ftp_password": PASSWORD}})
        assert r.status_code == 201, r.text
    accts = admin_whm.ok("listaccts", search=f"{login}.example", searchtype="domain")["data"]["acct"]
    assert len(accts) == 1 and accts[0]["email"] == f"{login}@example.org" and accts[0]["owner"] == "root"


def test_reseller_scoping(whm, admin_whm):
    reseller = unique("r")
    with _plesk(whm) as plesk:
        r = plesk.post("/clients", json={"name": "Reseller", "login": reseller, "password": PASSWORD,
                                         "email": f"{reseller}@example.org", "type": "reseller"})
        assert r.status_code == 201, r.text
    other = unique("o")
    admin_whm.ok("createacct", username=other, domain=f"{other}.example", password=PASSWORD)
    rw = Whm(whm, auth=(reseller, PASSWORD))
    mine = unique("m")
    created = rw.call("createacct", username=mine, domain=f"{mine}.example", password=PASSWORD)
    assert created["metadata"]["result"] == 1, created
    users = [a["user"] for a in rw.ok("listaccts")["data"]["acct"]]
    assert users == [mine]
    assert rw.ok("accountsummary", user=mine)["data"]["acct"][0]["owner"] == reseller
    denied = rw.call("suspendacct", user=other)
    assert denied["metadata"]["reason"] == f"API failure: You do not have access to an account named “{other}”."
    assert rw.call("removeacct", user=other)["metadata"]["result"] == 0
    assert admin_whm.ok("accountsummary", user=other)
    assert rw.ok("suspendacct", user=mine)
    owner = admin_whm.ok("accountsummary", user=mine)["data"]["acct"][0]["owner"]
    assert owner == reseller
    rw.ok("removeacct", user=mine)


def test_modifyacct(admin_whm, acct):
    doc = admin_whm.ok("modifyacct", user=acct["user"], MAXFTP="7", QUOTA="250", CONTACTEMAIL="new@example.org")
    assert doc["metadata"]["reason"] == "Account Modified"
    assert isinstance(doc["metadata"]["output"]["messages"], list)
    data = doc["data"]
    assert data["user"] == acct["user"] and data["setshell"] == "unmodified"
    assert data["cpuser"]["MAXFTP"] == "7" and data["cpuser"]["CONTACTEMAIL"] == "new@example.org"
    a = admin_whm.ok("accountsummary", user=acct["user"])["data"]["acct"][0]
    assert a["maxftp"] == "7" and a["disklimit"] == "250M" and a["email"] == "new@example.org"
    assert admin_whm.call("modifyacct")["metadata"]["reason"] == "Must at least specify a user to modify."
    bad = admin_whm.call("modifyacct", user=acct["user"], MAXFTP="lots")
    assert bad["metadata"]["result"] == 0
    renamed = admin_whm.call("modifyacct", user=acct["user"], newuser="other", MAXFTP="9")
    assert renamed["metadata"]["result"] == 0
    assert renamed["metadata"]["reason"].startswith(f"API failure: This server cannot rename the user “{acct['user']}”")
    assert admin_whm.ok("accountsummary", user=acct["user"])["data"]["acct"][0]["maxftp"] == "7"  # nothing half-done
    invalid = admin_whm.call("modifyacct", user=acct["user"], newuser="9bad name")["metadata"]
    assert invalid["reason"] == "API failure: “9bad name” is not a valid username."
    v0 = admin_whm.call("modifyacct", version=None, user=acct["user"], MAXPOP="3")
    assert v0["result"][0]["status"] == 1 and v0["result"][0]["newcfg"]["cpuser"]["MAXPOP"] == "3"


def test_modifyacct_domain_renames_the_main_domain(whm, admin_whm, acct):
    user, old = acct["user"], acct["domain"]
    added = admin_whm.ok("uapi_cpanel", **{"cpanel.user": user, "cpanel.module": "SubDomain",
                                            "cpanel.function": "addsubdomain", "domain": "blog", "rootdomain": old})
    assert added["data"]["uapi"]["status"] == 1, added
    new = f"{unique('r')}.example"
    doc = admin_whm.ok("modifyacct", user=user, domain=new)
    assert doc["data"]["domain"] == new and doc["data"]["cpuser"]["DNS"] == new
    assert f"Domain changed from {old} to {new}" in doc["metadata"]["output"]["messages"]
    assert admin_whm.ok("accountsummary", user=user)["data"]["acct"][0]["domain"] == new
    assert admin_whm.ok("getdomainowner", domain=new)["data"]["user"] == user
    assert admin_whm.ok("getdomainowner", domain=old)["data"]["user"] is None
    zones = [z["domain"] for z in admin_whm.ok("listzones")["data"]["zone"]]
    assert new in zones and old not in zones
    records = admin_whm.ok("dumpzone", domain=new)["data"]["zone"][0]["record"]
    names = {r.get("name") for r in records}
    assert f"{new}." in names and f"www.{new}." in names and f"blog.{new}." in names
    assert not any(old in (n or "") for n in names)
    assert all(old not in str(r.get("cname", "")) + str(r.get("exchange", "")) for r in records)
    with httpx.Client(base_url=whm.url("plesk_https"), verify=False, auth=("admin", ADMIN_PASSWORD)) as plesk:
        assert plesk.get("/api/v2/domains", params={"name": new}).json()[0]["name"] == new
        assert plesk.get("/api/v2/domains", params={"name": f"blog.{new}"}).json()[0]["name"] == f"blog.{new}"
    # the home stays where the files are
    data = admin_whm.ok("domainuserdata", domain=new)["data"]["userdata"]
    assert data["documentroot"].endswith(f"/{old}/httpdocs") and data["servername"] == new
    # a name already taken, an invalid name, and a name inside the current one are refused
    other = unique("o")
    admin_whm.ok("createacct", username=other, domain=f"{other}.example", password=PASSWORD)
    taken = admin_whm.call("modifyacct", user=user, domain=f"{other}.example")["metadata"]
    assert taken["result"] == 0 and taken["reason"].startswith("API failure:")
    assert admin_whm.call("modifyacct", user=user, domain="not a domain")["metadata"]["reason"] == \
        "API failure: “not a domain” is not a valid domain name."
    inside = admin_whm.call("modifyacct", user=user, domain=f"x.{new}")["metadata"]
    assert inside["result"] == 0 and "inside the current one" in inside["reason"]
    # an account with mailboxes keeps its name: the mail cannot be moved
    pop = admin_whm.ok("uapi_cpanel", **{"cpanel.user": other, "cpanel.module": "Email", "cpanel.function": "add_pop",
                                          "email": "info", "password": PASSWORD})
    assert pop["data"]["uapi"]["status"] == 1, pop
    kept = admin_whm.call("modifyacct", user=other, domain=f"kept-{other}.example")["metadata"]
    assert kept["result"] == 0 and "mailbox" in kept["reason"]
    assert admin_whm.ok("accountsummary", user=other)["data"]["acct"][0]["domain"] == f"{other}.example"
    admin_whm.ok("removeacct", user=other)


def test_api_filter_sort_chunk_columns(admin_whm):
    prefix = unique("fl")[:6]
    users = [f"{prefix}{c}" for c in "cab"]
    for u in users:
        admin_whm.ok("createacct", username=u, domain=f"{u}.example", password=PASSWORD)
    params = {"api.filter.enable": "1", "api.filter.a.field": "user", "api.filter.a.arg0": prefix,
              "api.filter.a.type": "begins", "api.sort.enable": "1", "api.sort.a.field": "user",
              "api.columns.enable": "1", "api.columns.a": "user", "api.columns.b": "domain"}
    doc = admin_whm.ok("listaccts", **params)
    assert [a["user"] for a in doc["data"]["acct"]] == sorted(users)
    assert set(doc["data"]["acct"][0]) == {"user", "domain"} and doc["metadata"]["filter"]["filtered"] >= 0
    chunk = admin_whm.ok("listaccts", **params, **{"api.chunk.enable": "1", "api.chunk.size": "2",
                                                   "api.chunk.start": "3", "api.sort.a.reverse": "1"})
    assert [a["user"] for a in chunk["data"]["acct"]] == [sorted(users)[0]]
    assert chunk["metadata"]["chunk"] == {"records": 3, "start": 3, "size": 2, "chunks": 2, "current": 2}


def test_createacct_limits_and_reseller_flag(admin_whm):
    user = unique("lm")[:10]
    admin_whm.ok("createacct", username=user, domain=f"{user}.example", password=PASSWORD, quota="300", maxftp="2",
                 maxpop="unlimited", reseller="1")
    a = admin_whm.ok("accountsummary", user=user)["data"]["acct"][0]
    assert a["disklimit"] == "300M" and a["maxftp"] == "2" and a["maxpop"] == "unlimited"
    assert user in admin_whm.ok("listresellers")["data"]["reseller"]
    bad = admin_whm.call("createacct", username=unique("lm")[:10], domain=f"{unique('lm')}.example",
                         password=PASSWORD, quota="big")
    assert bad["metadata"]["result"] == 0
