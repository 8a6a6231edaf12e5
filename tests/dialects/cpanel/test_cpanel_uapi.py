"""UAPI over HTTPS against a real server: the envelope, DomainInfo, Email, Mysql, Ftp, DNS."""
from __future__ import annotations

import base64
import json

import httpx

from tests.conftest import ADMIN_PASSWORD
from tests.dialects.whm.fixtures import Whm, unique

from .fixtures import PASSWORD, CPanelClient

DENIED = {"cpanelresult": {"apiversion": "2", "error": "Access denied",
                           "data": {"reason": "Access denied", "result": "0"}, "type": "text"}}


def test_envelope_and_auth(whm, cp, account):
    doc = cp.uapi("DomainInfo", "list_domains")
    assert set(doc) == {"status", "errors", "messages", "warnings", "metadata", "data"}
    assert doc["status"] == 1 and doc["errors"] is None and doc["metadata"] == {}
    assert doc["data"] == {"main_domain": account["domain"], "addon_domains": [], "parked_domains": [],
                           "sub_domains": []}
    unknown = cp.uapi("Email", "nosuch")
    assert unknown == {"status": 0, "errors": ["The system could not find the function “nosuch” in the module “Email”."],
                       "messages": None, "warnings": None, "metadata": {}, "data": None}
    assert cp.uapi("Nomodule", "x")["errors"][0].startswith("Failed to load module “Nomodule”")
    r = httpx.get(whm.url("cpanel_https", "/execute/DomainInfo/list_domains"), auth=(account["user"], "wrong"),
                  verify=False)
    assert r.status_code == 403 and r.json() == DENIED
    r = httpx.get(whm.url("cpanel_https", "/execute/DomainInfo/list_domains"), verify=False)
    assert r.status_code == 403
    prefixed = cp.http.get("/cpsess0123456789/execute/DomainInfo/list_domains").json()
    assert prefixed["status"] == 1
    plain = CPanelClient(whm, user=account["user"], password=PASSWORD, listener="cpanel_http")
    assert plain.ok("DomainInfo", "list_domains")["main_domain"] == account["domain"]


def test_domains_data(cp, account):
    data = cp.ok("DomainInfo", "domains_data")
    main = data["main_domain"]
    assert main["domain"] == account["domain"] and main["type"] == "main_domain" and main["user"] == account["user"]
    assert main["documentroot"].endswith("/httpdocs")
    assert cp.ok("DomainInfo", "domains_data", format="list")[0]["domain"] == account["domain"]
    assert cp.ok("DomainInfo", "single_domain_data", domain=account["domain"])["servername"] == account["domain"]
    assert cp.uapi("DomainInfo", "single_domain_data")["errors"] == ["Domain must be passed as a parameter."]
    assert cp.uapi("DomainInfo", "single_domain_data", domain="other.example")["status"] == 0


def test_email_pops_and_forwarders(cp, account):
    d = account["domain"]
    assert cp.ok("Email", "add_pop", email="info", password="Mail-Passw0rd!x", quota="100") == f"info+{d}"
    pops = cp.uapi("Email", "list_pops")
    assert pops["metadata"] == {"transformed": 1}
    assert {"email": f"info@{d}", "login": f"info@{d}", "suspended_incoming": 0, "suspended_login": 0} in pops["data"]
    assert cp.ok("Email", "get_pop_quota", email=f"info@{d}") == 100
    cp.ok("Email", "edit_pop_quota", email="info", domain=d, quota="0")
    assert cp.ok("Email", "get_pop_quota", email=f"info@{d}") == "unlimited"
    assert cp.ok("Email", "passwd_pop", email="info", domain=d, password="Oth3r-Passw0rd!") is None
    dup = cp.uapi("Email", "add_pop", email="info", password="Mail-Passw0rd!x")
    assert dup["status"] == 0 and dup["errors"]
    fwd = cp.ok("Email", "add_forwarder", domain=d, email=f"sales@{d}", fwdopt="fwd", fwdemail="boss@example.org")
    assert fwd[0]["forward"] == "boss@example.org"
    listed = cp.ok("Email", "list_forwarders", domain=d)
    assert any(f["dest"] == f"sales@{d}" and f["forward"] == "boss@example.org" for f in listed)
    assert not [p for p in cp.ok("Email", "list_pops") if p["email"] == f"sales@{d}"]
    cp.ok("Email", "delete_forwarder", address=f"sales@{d}", forwarder="boss@example.org")
    assert not cp.ok("Email", "list_forwarders", domain=d)
    cp.ok("Email", "delete_pop", email="info", domain=d)
    assert not [p for p in cp.ok("Email", "list_pops") if p["email"] == f"info@{d}"]
    assert cp.uapi("Email", "delete_pop", email="info", domain=d)["status"] == 0


def test_mysql_with_prefix(cp, account):
    u = account["user"]
    bad = cp.uapi("Mysql", "create_database", name="shop")
    assert bad["status"] == 0 and f"“{u}_”" in bad["errors"][0]
    cp.ok("Mysql", "create_database", name=f"{u}_shop")
    cp.ok("Mysql", "create_user", name=f"{u}_app", password="Db-Passw0rd!xy")
    cp.ok("Mysql", "set_privileges_on_database", user=f"{u}_app", database=f"{u}_shop", privileges="ALL PRIVILEGES")
    dbs = cp.ok("Mysql", "list_databases")
    assert dbs == [{"database": f"{u}_shop", "users": [f"{u}_app"], "disk_usage": 0}]
    cp.ok("Mysql", "set_password", user=f"{u}_app", password="Db-Passw0rd!zz")
    cp.ok("Mysql", "delete_user", name=f"{u}_app")
    cp.ok("Mysql", "delete_database", name=f"{u}_shop")
    assert cp.ok("Mysql", "list_databases") == []
    assert cp.uapi("Mysql", "delete_database", name=f"{u}_shop")["status"] == 0


def test_mysql_granular_privileges(whm, cp, account):
    u = account["user"]
    for name in ("shop", "blog"):
        cp.ok("Mysql", "create_database", name=f"{u}_{name}")
    cp.ok("Mysql", "create_user", name=f"{u}_ro", password="Db-Passw0rd!xy")
    cp.ok("Mysql", "set_privileges_on_database", user=f"{u}_ro", database=f"{u}_shop",
          privileges="select, INSERT,lock   tables")
    got = cp.ok("Mysql", "get_privileges_on_database", user=f"{u}_ro", database=f"{u}_shop")
    assert got == ["INSERT", "LOCK TABLES", "SELECT"]
    # a second database keeps the first; listing both ways agrees
    cp.ok("Mysql", "set_privileges_on_database", user=f"{u}_ro", database=f"{u}_blog", privileges="ALL PRIVILEGES")
    assert cp.ok("Mysql", "get_privileges_on_database", user=f"{u}_ro", database=f"{u}_blog") == ["ALL PRIVILEGES"]
    users = {i["user"]: i["databases"] for i in cp.ok("Mysql", "list_users")}
    assert users[f"{u}_ro"] == [f"{u}_blog", f"{u}_shop"]
    # every privilege named one by one is ALL PRIVILEGES
    every = ("ALTER,ALTER ROUTINE,CREATE,CREATE ROUTINE,CREATE TEMPORARY TABLES,CREATE VIEW,DELETE,DROP,EVENT,"
             "EXECUTE,INDEX,INSERT,LOCK TABLES,REFERENCES,SELECT,SHOW VIEW,TRIGGER,UPDATE")
    cp.ok("Mysql", "set_privileges_on_database", user=f"{u}_ro", database=f"{u}_shop", privileges=every)
    assert cp.ok("Mysql", "get_privileges_on_database", user=f"{u}_ro", database=f"{u}_shop") == ["ALL PRIVILEGES"]
    # bad input: an unknown privilege, SQL in a privilege, unknown user or database; nothing changes
    for bad in ("SELECT,SUPER", "SELECT; DROP DATABASE x", "GRANT OPTION", "FILE"):
        doc = cp.uapi("Mysql", "set_privileges_on_database", user=f"{u}_ro", database=f"{u}_shop", privileges=bad)
        assert doc["status"] == 0 and doc["errors"][0].startswith("Invalid privilege: "), doc
    assert cp.ok("Mysql", "get_privileges_on_database", user=f"{u}_ro", database=f"{u}_shop") == ["ALL PRIVILEGES"]
    missing = cp.uapi("Mysql", "get_privileges_on_database", user=f"{u}_nobody", database=f"{u}_shop")
    assert missing["status"] == 0 and missing["errors"] == [f"The database user “{u}_nobody” does not exist."]
    assert cp.uapi("Mysql", "get_privileges_on_database", user=f"{u}_ro")["errors"] == \
        ["You must specify the “database” parameter."]
    # revoke: the database is no longer reached
    cp.ok("Mysql", "revoke_access_to_database", user=f"{u}_ro", database=f"{u}_blog")
    assert cp.ok("Mysql", "get_privileges_on_database", user=f"{u}_ro", database=f"{u}_blog") == []
    dbs = {d["database"]: d["users"] for d in cp.ok("Mysql", "list_databases")}
    assert dbs == {f"{u}_blog": [], f"{u}_shop": [f"{u}_ro"]}
    # another account's user and database are "not found"
    other = unique("cq")[:10]
    Whm(whm, auth=("root", ADMIN_PASSWORD)).ok("createacct", username=other, domain=f"{other}.example",
                                               password=PASSWORD)
    theirs = CPanelClient(whm, user=other, password=PASSWORD)
    denied = theirs.uapi("Mysql", "set_privileges_on_database", user=f"{u}_ro", database=f"{u}_shop",
                         privileges="SELECT")
    assert denied["status"] == 0 and "does not exist" in denied["errors"][0]
    cp.ok("Mysql", "delete_database", name=f"{u}_shop")
    assert cp.ok("Mysql", "list_users") == [{"user": f"{u}_ro", "databases": [], "shortuser": "ro",
                                             "full_user": f"{u}_ro"}]


def test_ftp(cp, account):
    d = account["domain"]
    cp.ok("Ftp", "add_ftp", user="upload", domain=d, **{"pass": "Ftp-Passw0rd!x"}, homedir="public_html/up")
    logins = [i["login"] for i in cp.ok("Ftp", "list_ftp")]
    assert f"upload@{d}" in logins and account["user"] in logins
    disk = [i for i in cp.ok("Ftp", "list_ftp_with_disk") if i["login"] == f"upload@{d}"][0]
    assert disk["diskquota"] == "unlimited" and disk["reldir"] == "public_html/up"
    cp.ok("Ftp", "passwd", user="upload", domain=d, **{"pass": "Ftp-Passw0rd!y"})
    cp.ok("Ftp", "delete_ftp", user="upload", domain=d)
    assert f"upload@{d}" not in [i["login"] for i in cp.ok("Ftp", "list_ftp")]


def _b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def test_dns_parse_and_mass_edit(cp, account):
    d = account["domain"]
    items = cp.ok("DNS", "parse_zone", zone=d)
    assert items[0]["type"] == "control" and items[0]["line_index"] == 0
    soa = [i for i in items if i.get("record_type") == "SOA"][0]
    serial = base64.b64decode(soa["data_b64"][2]).decode()
    assert soa["dname_b64"] == _b64(f"{d}.")
    add = json.dumps({"dname": "_acme-challenge", "ttl": 300, "record_type": "TXT", "data": ["tok"]})
    result = cp.ok("DNS", "mass_edit_zone", zone=d, serial=serial, add=add)
    assert int(result["new_serial"]) > int(serial)
    items = cp.ok("DNS", "parse_zone", zone=d)
    txt = [i for i in items if i.get("record_type") == "TXT" and i["dname_b64"] == _b64("_acme-challenge")][0]
    assert txt["data_b64"] == [_b64("tok")] and txt["ttl"] == 300
    stale = cp.uapi("DNS", "mass_edit_zone", zone=d, serial=serial, remove=str(txt["line_index"]))
    assert stale["status"] == 0 and stale["data"] == {"type": "Stale", "detail": None}
    nothing = cp.uapi("DNS", "mass_edit_zone", zone=d, serial=result["new_serial"])
    assert nothing["errors"] == ["You must provide at least one change to the DNS zone."]
    done = cp.ok("DNS", "mass_edit_zone", zone=d, serial=result["new_serial"], remove=str(txt["line_index"]))
    assert not [i for i in cp.ok("DNS", "parse_zone", zone=d) if i.get("dname_b64") == _b64("_acme-challenge")]
    assert done["new_serial"]
    assert cp.uapi("DNS", "parse_zone", zone="other.example")["status"] == 0


def test_other_accounts_objects_are_invisible(whm, admin_whm, cp, account):
    other = unique("ot")[:10]
    admin_whm.ok("createacct", username=other, domain=f"{other}.example", password=PASSWORD)
    assert cp.uapi("DNS", "parse_zone", zone=f"{other}.example")["status"] == 0
    assert cp.uapi("DomainInfo", "single_domain_data", domain=f"{other}.example")["status"] == 0
    assert cp.uapi("Email", "add_pop", email=f"x@{other}.example", password="Mail-Passw0rd!x")["status"] == 0


def test_subdomains(cp, account):
    d = account["domain"]
    assert cp.ok("SubDomain", "addsubdomain", domain="blog", rootdomain=d, dir="public_html/blog") is None
    assert cp.ok("DomainInfo", "list_domains")["sub_domains"] == [f"blog.{d}"]
    listed = cp.api2("SubDomain", "listsubdomains")["data"]
    assert listed[0]["domain"] == f"blog.{d}" and listed[0]["subdomain"] == "blog" and listed[0]["rootdomain"] == d
    assert cp.api2("SubDomain", "addsubdomain", domain="shop", rootdomain=d)["data"][0]["result"] == 1
    dup = cp.uapi("SubDomain", "addsubdomain", domain="blog", rootdomain=d)
    assert dup["status"] == 0
    assert cp.api2("SubDomain", "delsubdomain", domain=f"blog.{d}")["data"][0]["result"] == 1
    assert cp.ok("DomainInfo", "list_domains")["sub_domains"] == [f"shop.{d}"]
    gone = cp.api2("SubDomain", "delsubdomain", domain=f"blog.{d}")
    assert gone["event"]["result"] == 0 and gone["error"]


def test_email_api2(cp, account):
    d = account["domain"]
    assert cp.api2("Email", "addpop", domain=d, email="api2", password="Mail-Passw0rd!x", quota="50")["data"][0]["result"] == 1
    assert {"email": f"api2@{d}", "login": f"api2@{d}"} in cp.api2("Email", "listpops")["data"]
    assert cp.api2("Email", "passwdpop", domain=d, email="api2", password="Oth3r-Passw0rd!")["data"][0]["result"] == 1
    assert cp.api2("Email", "editquota", domain=d, email="api2", quota="10")["data"][0]["result"] == 1
    assert cp.ok("Email", "get_pop_quota", email=f"api2@{d}") == 10
    assert cp.api2("Email", "delpop", domain=d, email="api2")["data"][0]["result"] == 1
    failed = cp.api2("Email", "delpop", domain=d, email="api2")
    assert failed["event"]["result"] == 0 and failed["error"]


def test_whm_functions_are_refused_on_the_cpanel_port(whm, cp):
    r = cp.http.get("/json-api/listaccts", params={"api.version": "1"})
    assert r.status_code == 403 and r.json() == DENIED
