"""AutoSSL and the SSL key functions over HTTPS against a real server: UAPI start_autossl_check (in the
background, its outcome seen through is_autossl_check_in_progress, list_certs, installed_hosts and
get_autossl_problems), the excluded domains, a user's own certificate kept, generate_key,
generate_csr, list_csrs; another account sees and changes nothing; hostile input gets cPanel errors."""
from __future__ import annotations

import time

from cryptography import x509

from tests.dialects.whm.fixtures import unique
from tests.tls_certs import issue, make_ca, sign_csr

from .fixtures import PASSWORD, CPanelClient


def wait_done(cp: CPanelClient, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cp.ok("SSL", "is_autossl_check_in_progress") == 0:
            return
        time.sleep(0.2)
    raise AssertionError("the AutoSSL check did not finish")


def run_autossl(cp: CPanelClient) -> None:
    doc = cp.uapi("SSL", "start_autossl_check")
    assert doc["status"] == 1 and doc["data"] is None and doc["errors"] is None, doc
    wait_done(cp)


def ca_of(best: dict) -> x509.Certificate:
    return x509.load_pem_x509_certificate(best["cab"].encode())


def test_autossl_issues_installs_and_chain_verifies(cp, account):
    domain = account["domain"]
    run_autossl(cp)
    certs = cp.ok("SSL", "list_certs")
    assert len(certs) == 1 and certs[0]["domains"] == [domain, f"www.{domain}"]
    assert certs[0]["is_self_signed"] == 0 and certs[0]["issuer.organizationName"] == "polypanel"
    hosts = cp.ok("SSL", "installed_hosts")
    assert [h["servername"] for h in hosts] == [domain] and hosts[0]["certificate"]["is_autossl"] == 1
    best = cp.ok("SSL", "fetch_best_for_domain", domain=domain)
    leaf = x509.load_pem_x509_certificate(best["crt"].encode())
    ca = ca_of(best)
    leaf.verify_directly_issued_by(ca)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert cp.ok("SSL", "get_autossl_problems") == []
    # a second check keeps the valid certificate
    run_autossl(cp)
    assert cp.ok("SSL", "fetch_best_for_domain", domain=domain)["crt"] == best["crt"]


def test_exclusions_shape_and_effect(cp, account):
    domain = account["domain"]
    assert cp.ok("SSL", "get_autossl_excluded_domains") == []
    assert cp.ok("SSL", "add_autossl_excluded_domains", domains=f"WWW.{domain}") is None
    assert cp.ok("SSL", "get_autossl_excluded_domains") == [{"excluded_domain": f"www.{domain}"}]
    run_autossl(cp)
    assert cp.ok("SSL", "list_certs")[0]["domains"] == [domain]
    assert cp.ok("SSL", "remove_autossl_excluded_domains", domains=f"www.{domain}") is None
    assert cp.ok("SSL", "get_autossl_excluded_domains") == []
    run_autossl(cp)  # the certificate misses a name now eligible: a new one covers both
    best = cp.ok("SSL", "fetch_best_for_domain", domain=domain)
    assert sorted(x509.load_pem_x509_certificate(best["crt"].encode()).extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)) == sorted([domain, f"www.{domain}"])
    assert len(cp.ok("SSL", "list_certs")) == 1  # AutoSSL's superseded certificate is gone
    assert cp.ok("SSL", "set_autossl_excluded_domains", domains=f"{domain},www.{domain}") is None
    assert len(cp.ok("SSL", "get_autossl_excluded_domains")) == 2
    assert cp.ok("SSL", "set_autossl_excluded_domains") is None
    assert cp.ok("SSL", "get_autossl_excluded_domains") == []


def test_names_that_do_not_resolve_are_reported(cp, account):
    domain = account["domain"]
    records = cp.api2("ZoneEdit", "fetchzone_records", domain=domain, name=f"www.{domain}.", type="CNAME")["data"]
    assert len(records) == 1
    removed = cp.api2("ZoneEdit", "remove_zone_record", domain=domain, line=str(records[0]["line"]))
    assert removed["data"][0]["result"]["status"] == 1, removed
    run_autossl(cp)
    problems = cp.ok("SSL", "get_autossl_problems")
    assert [p["domain"] for p in problems] == [f"www.{domain}"]
    assert "does not resolve" in problems[0]["problem"] and problems[0]["time"].endswith("Z")
    assert cp.ok("SSL", "list_certs")[0]["domains"] == [domain]


def test_user_certificate_is_kept(cp, account):
    domain = account["domain"]
    theirs = issue(domain, f"www.{domain}", ca=make_ca())
    cp.ok("SSL", "install_ssl", method="POST", domain=domain, cert=theirs.cert, key=theirs.key, cabundle=theirs.ca)
    run_autossl(cp)
    best = cp.ok("SSL", "fetch_best_for_domain", domain=domain)
    assert best["crt"].strip() == theirs.cert.strip()
    assert cp.ok("SSL", "installed_hosts")[0]["certificate"]["is_autossl"] == 0


def test_another_account_sees_and_changes_nothing(whm, admin_whm, cp, account):
    domain = account["domain"]
    cp.ok("SSL", "add_autossl_excluded_domains", domains=f"www.{domain}")
    other_user = unique("cp")[:10]
    admin_whm.ok("createacct", username=other_user, domain=f"{other_user}.example", password=PASSWORD)
    other = CPanelClient(whm, user=other_user, password=PASSWORD)
    assert other.ok("SSL", "get_autossl_excluded_domains") == []
    refused = other.uapi("SSL", "add_autossl_excluded_domains", domains=domain)
    assert refused["status"] == 0 and "not a domain of the account" in refused["errors"][0]
    assert other.uapi("SSL", "remove_autossl_excluded_domains", domains=f"www.{domain}")["status"] == 1
    assert cp.ok("SSL", "get_autossl_excluded_domains") == [{"excluded_domain": f"www.{domain}"}]
    run_autossl(other)
    assert [c["domains"][0] for c in other.ok("SSL", "list_certs")] == [f"{other_user}.example"]
    assert cp.ok("SSL", "list_certs") == [] and other.ok("SSL", "get_autossl_problems") == []


def test_hostile_exclusions_get_cpanel_errors(cp, account):
    cases = [({}, "domains"), ({"domains": "not a domain!"}, "invalid"), ({"domains": "a" * 70000}, "too long"),
             ({"domains": ",".join(f"d{i}.example" for i in range(1200))}, "at most"),
             ({"domains": "example.com"}, "not a domain of the account")]
    for params, words in cases:
        r = cp.http.post("/execute/SSL/add_autossl_excluded_domains", data=params)
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json"), r.text[:200]
        doc = r.json()
        assert doc["status"] == 0 and words in doc["errors"][0], (params.keys(), doc)
    assert cp.ok("SSL", "get_autossl_excluded_domains") == []


def test_generate_key_csr_and_install_the_signed_certificate(cp, account):
    domain = account["domain"]
    key = cp.ok("SSL", "generate_key", keytype="ecdsa-prime256v1", friendly_name="My Key")
    assert key["friendly_name"] == "My Key" and key["key_algorithm"] == "id-ecPublicKey"
    assert key["ecdsa_curve_name"] == "prime256v1" and key["modulus"] is None and "PRIVATE KEY" in key["text"]
    rsa = cp.ok("SSL", "generate_key", keysize="2048")
    assert rsa["modulus_length"] == 2048 and rsa["key_algorithm"] == "rsaEncryption"
    assert {k["id"] for k in cp.ok("SSL", "list_keys")} == {key["id"], rsa["id"]}
    csr = cp.ok("SSL", "generate_csr", domains=f"{domain},www.{domain}", countryName="US", stateOrProvinceName="Texas",
                localityName="Houston", organizationName="Org", emailAddress=f"me@{domain}", key_id=key["id"])
    assert csr["commonName"] == domain and csr["domains"] == [domain, f"www.{domain}"]
    assert csr["friendly_name"] == domain and "CERTIFICATE REQUEST" in csr["text"]
    request = x509.load_pem_x509_csr(csr["text"].encode())
    assert request.is_signature_valid
    listed = cp.ok("SSL", "list_csrs")
    assert [c["id"] for c in listed] == [csr["id"]] and "text" not in listed[0]
    assert len(cp.ok("SSL", "list_keys")) == 2  # the CSR's key is listed once
    # a CA signs the request; the certificate is installed without its key (found in the storage)
    ca = make_ca()
    signed = sign_csr(csr["text"], ca)
    installed = cp.ok("SSL", "install_ssl", method="POST", domain=domain, cert=signed)
    assert installed["key_id"] == key["id"] and installed["working_domains"] == [domain, f"www.{domain}"]
    assert cp.ok("SSL", "fetch_best_for_domain", domain=domain)["crt"].strip() == signed.strip()


def test_hostile_key_and_csr_input(cp, account):
    domain = account["domain"]
    key = cp.ok("SSL", "generate_key")
    base = {"domains": domain, "countryName": "US", "stateOrProvinceName": "TX", "localityName": "Houston",
            "organizationName": "Org", "key_id": key["id"]}
    cases = [("generate_key", {"keytype": "dsa-1024"}, "keytype"), ("generate_key", {"keysize": "1024"}, "keysize"),
             ("generate_key", {"keytype": "rsa-2048", "keysize": "2048"}, "both"),
             ("generate_key", {"friendly_name": key["friendly_name"]}, "already in use"),
             ("generate_csr", {**base, "key_id": "nope"}, "could not find a key"),
             ("generate_csr", {**base, "countryName": "USA"}, "countryName"),
             ("generate_csr", {**base, "domains": "bad domain!"}, "invalid"),
             ("generate_csr", {k: v for k, v in base.items() if k != "localityName"}, "localityName"),
             ("generate_csr", {**base, "organizationName": "x" * 500}, "organizationName")]
    for func, params, words in cases:
        r = cp.http.post(f"/execute/SSL/{func}", data=params)
        assert r.status_code == 200, r.text[:200]
        doc = r.json()
        assert doc["status"] == 0 and words in doc["errors"][0], (func, params, doc)
    assert cp.ok("SSL", "list_csrs") == [] and len(cp.ok("SSL", "list_keys")) == 1
