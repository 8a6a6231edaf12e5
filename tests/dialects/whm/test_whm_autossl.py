"""WHM AutoSSL and SSL lookups over HTTPS: start_autossl_check_for_one_user / _for_all_users (a run ID
as ``pid``, the check in the background), get_autossl_providers, get_autossl_problems_for_user, the
user exclusions, fetchsslinfo, listcrts; resellers act on their own accounts only, and a token
without the ``ssl`` ACL is refused."""
from __future__ import annotations

import json
import time

from cryptography import x509

from tests.tls_certs import issue, make_ca

from .fixtures import Whm, unique

PASSWORD = "Auto-Passw0rd!x"


def make_account(whm_client) -> dict:
    user = unique("as")[:10]
    whm_client.ok("createacct", username=user, domain=f"{user}.example", password=PASSWORD)
    return {"user": user, "domain": f"{user}.example"}


def wait_for_certificate(admin_whm, domain: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        doc = admin_whm.call("fetchsslinfo", domain=domain)
        if doc["metadata"]["result"] == 1 and doc["data"]["crt"]:
            return doc["data"]
        time.sleep(0.2)
    raise AssertionError(f"no certificate for {domain}")


def test_one_user_check_issues_and_fetchsslinfo_shows_it(admin_whm):
    acct = make_account(admin_whm)
    before = admin_whm.ok("fetchsslinfo", domain=acct["domain"])
    assert before["data"]["crt"] is None and before["metadata"]["output"]["messages"]
    doc = admin_whm.ok("start_autossl_check_for_one_user", username=acct["user"])
    assert isinstance(doc["data"]["pid"], int) and doc["data"]["pid"] > 0
    info = wait_for_certificate(admin_whm, acct["domain"])
    assert info["user"] == acct["user"] and info["domain"] == acct["domain"] and "PRIVATE KEY" in info["key"]
    leaf = x509.load_pem_x509_certificate(info["crt"].encode())
    leaf.verify_directly_issued_by(x509.load_pem_x509_certificate(info["cab"].encode()))
    assert admin_whm.ok("get_autossl_problems_for_user", username=acct["user"])["data"] == {"problems_by_domain": []}
    by_cert = admin_whm.ok("fetchsslinfo", crtdata=info["crt"])["data"]
    assert by_cert["key"] == info["key"] and by_cert["user"] == acct["user"] and by_cert["cab"] == info["cab"]
    listed = admin_whm.ok("listcrts", user=acct["user"])["data"]["crt"]
    assert len(listed) == 1 and listed[0]["domains"] == [acct["domain"], f"www.{acct['domain']}"]
    assert listed[0]["registered"] == 1 and listed[0]["domain_owners"] == [acct["user"], None]
    assert listed[0]["issuer.organizationName"] == "polypanel" and listed[0]["is_self_signed"] == 0


def test_providers_all_users_and_failures(admin_whm):
    providers = admin_whm.ok("get_autossl_providers")["data"]["payload"]
    assert len(providers) == 1 and providers[0]["enabled"] == 1 and providers[0]["module_name"] == "PolypanelLocalCA"
    assert providers[0]["specs"]["VALIDITY_PERIOD"] == 90 * 86400 and providers[0]["specs"]["DCV_METHODS"] == []
    acct = make_account(admin_whm)
    assert admin_whm.ok("start_autossl_check_for_all_users")["data"]["pid"] >= 0
    wait_for_certificate(admin_whm, acct["domain"])
    for params in ({}, {"username": "nosuchuser"}, {"username": "x" * 5000}):
        doc = admin_whm.call("start_autossl_check_for_one_user", **params)
        assert doc["metadata"]["result"] == 0 and doc["metadata"]["reason"], doc
    assert admin_whm.call("fetchsslinfo")["metadata"]["reason"] == "No certificate data or domain supplied."
    assert admin_whm.call("fetchsslinfo", domain="nowhere.example")["metadata"]["result"] == 0
    assert admin_whm.call("fetchsslinfo", crtdata="garbage")["metadata"]["result"] == 0
    assert admin_whm.call("listcrts", user="nosuchuser")["metadata"]["reason"] == "You do not own a user “nosuchuser”."


def test_user_exclusions_and_problems(admin_whm):
    acct = make_account(admin_whm)
    www = f"www.{acct['domain']}"
    admin_whm.ok("add_autossl_user_excluded_domains", username=acct["user"], domain=www)
    got = admin_whm.ok("get_autossl_user_excluded_domains", username=acct["user"])["data"]["payload"]
    assert got == [{"excluded_domain": www}]
    bad = admin_whm.call("add_autossl_user_excluded_domains", username=acct["user"], domain="other.example")
    assert bad["metadata"]["result"] == 0 and "not a domain of the account" in bad["metadata"]["reason"]
    assert admin_whm.call("add_autossl_user_excluded_domains", username=acct["user"])["metadata"]["reason"] == \
        "No domains specified."
    admin_whm.ok("start_autossl_check_for_one_user", username=acct["user"])
    info = wait_for_certificate(admin_whm, acct["domain"])
    names = x509.load_pem_x509_certificate(info["crt"].encode()).extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)
    assert names == [acct["domain"]]
    admin_whm.ok("remove_autossl_user_excluded_domains", username=acct["user"], domain=www)
    admin_whm.ok("set_autossl_user_excluded_domains", username=acct["user"], domain=[acct["domain"], www])
    assert len(admin_whm.ok("get_autossl_user_excluded_domains", username=acct["user"])["data"]["payload"]) == 2
    admin_whm.ok("set_autossl_user_excluded_domains", username=acct["user"])
    assert admin_whm.ok("get_autossl_user_excluded_domains", username=acct["user"])["data"]["payload"] == []


def test_user_installed_certificate_survives_a_check(admin_whm):
    acct = make_account(admin_whm)
    theirs = issue(acct["domain"], f"www.{acct['domain']}", ca=make_ca())
    admin_whm.ok("installssl", domain=acct["domain"], crt=theirs.cert, key=theirs.key, cab=theirs.ca)
    run = admin_whm.ok("start_autossl_check_for_one_user", username=acct["user"])["data"]["pid"]
    assert run > 0
    time.sleep(1.5)
    assert admin_whm.ok("fetchsslinfo", domain=acct["domain"])["data"]["crt"].strip() == theirs.cert.strip()


def test_reseller_scope_and_token_acls(whm, admin_whm):
    reseller = unique("rs")[:10]
    admin_whm.ok("createacct", username=reseller, domain=f"{reseller}.example", password=PASSWORD)
    admin_whm.ok("setupreseller", user=reseller, makeowner="1")
    admin_whm.ok("setacls", reseller=reseller, **{"acl-create-acct": "1", "acl-ssl": "1", "acl-ssl-info": "1",
                                                  "acl-manage-api-tokens": "1", "acl-list-accts": "1",
                                                  "acl-viewglobalpackages": "1"})
    rw = Whm(whm, auth=(reseller, PASSWORD))
    mine = make_account(rw)
    foreign = make_account(admin_whm)
    assert rw.ok("start_autossl_check_for_one_user", username=mine["user"])["data"]["pid"] > 0
    refused = rw.call("start_autossl_check_for_one_user", username=foreign["user"])
    assert refused["metadata"]["result"] == 0 and "do not have access" in refused["metadata"]["reason"]
    assert rw.call("get_autossl_problems_for_user", username=foreign["user"])["metadata"]["result"] == 0
    assert rw.call("fetchsslinfo", domain=foreign["domain"])["metadata"]["result"] == 0
    assert rw.call("start_autossl_check_for_all_users")["metadata"]["reason"] == "Permission denied"
    assert rw.call("get_autossl_providers")["metadata"]["reason"] == "Permission denied"
    wait_for_certificate(admin_whm, mine["domain"])
    assert admin_whm.ok("fetchsslinfo", domain=foreign["domain"])["data"]["crt"] is None
    # a token without the ssl ACL may not start a check; one with it may
    narrow = rw.ok("api_token_create", token_name="narrow", acl="list-accts")["data"]["token"]
    doc = Whm(whm, token=narrow, user=reseller).call("start_autossl_check_for_one_user", username=mine["user"])
    assert doc["metadata"]["reason"] == "Permission denied"
    wide = rw.ok("api_token_create", token_name="ssl", acl="ssl")["data"]["token"]
    tw = Whm(whm, token=wide, user=reseller)
    problems = tw.ok("get_autossl_problems_for_user", username=mine["user"])["data"]["problems_by_domain"]
    assert problems == []
    assert tw.call("get_autossl_problems_for_user", username=foreign["user"])["metadata"]["result"] == 0


def test_uapi_command_queues_a_check_the_server_runs(whm, admin_whm):
    from .test_whm_commands import _run

    acct = make_account(admin_whm)
    done = _run(whm, "uapi", f"--user={acct['user']}", "--output=json", "SSL", "start_autossl_check")
    assert done.returncode == 0, done.stderr + done.stdout
    assert json.loads(done.stdout)["result"]["status"] == 1
    info = wait_for_certificate(admin_whm, acct["domain"])  # the serving process picked it up
    assert info["user"] == acct["user"]
