"""SSL over HTTPS against a real server: UAPI install_ssl, list_certs, list_keys, installed_hosts,
fetch_best_for_domain, delete_ssl, delete_cert; API 2 installssl (certbot-dns-cpanel's call); WHM
installssl and fetch_ssl_vhosts; another account's certificate and key stay invisible; hostile input."""
from __future__ import annotations

from tests.dialects.whm.fixtures import unique
from tests.tls_certs import issue, make_ca

from .fixtures import PASSWORD, CPanelClient

CERT_KEYS = {"created", "domains", "ecdsa_curve_name", "ecdsa_public", "friendly_name", "id", "is_self_signed",
             "issuer.commonName", "issuer.organizationName", "key_algorithm", "modulus", "modulus_length",
             "not_after", "not_before", "serial", "signature_algorithm", "subject.commonName", "validation_type"}


def test_install_list_fetch_delete(cp, account):
    domain = account["domain"]
    ca = make_ca()
    good = issue(domain, f"www.{domain}", kind="rsa", ca=ca)
    data = cp.ok("SSL", "install_ssl", method="POST", domain=domain, cert=good.cert, key=good.key, cabundle=good.ca)
    assert data["status"] == 1 and data["domain"] == domain and data["user"] == account["user"]
    assert data["working_domains"] == [domain, f"www.{domain}"] and data["warning_domains"] == []
    assert data["cert_id"].startswith(domain.replace(".", "_") + "_") and data["key_id"]

    certs = cp.ok("SSL", "list_certs")
    assert len(certs) == 1 and set(certs[0]) == CERT_KEYS
    cert = certs[0]
    assert cert["id"] == data["cert_id"] and cert["domains"] == [domain, f"www.{domain}"]
    assert cert["serial"] == format(good.serial, "x") and cert["key_algorithm"] == "rsaEncryption"
    assert cert["modulus_length"] == 2048 and cert["is_self_signed"] == 0 and isinstance(cert["not_after"], int)
    keys = cp.ok("SSL", "list_keys")
    assert [k["id"] for k in keys] == [data["key_id"]] and "text" not in keys[0]

    hosts = cp.ok("SSL", "installed_hosts")
    assert [h["servername"] for h in hosts] == [domain]
    assert hosts[0]["certificate"]["id"] == data["cert_id"] and hosts[0]["certificate_text"].startswith("-----BEGIN")
    best = cp.ok("SSL", "fetch_best_for_domain", domain=domain)
    assert best["crt"].strip() == good.cert.strip() and "PRIVATE KEY" in best["key"] and "CERTIFICATE" in best["cab"]

    # the same certificate again, without its key: taken from the account's storage
    again = cp.ok("SSL", "install_ssl", method="POST", domain=domain, cert=good.cert)
    assert again["cert_id"] == data["cert_id"] and len(cp.ok("SSL", "list_certs")) == 1

    refused = cp.uapi("SSL", "delete_cert", id=data["cert_id"])
    assert refused["status"] == 0 and "used by" in refused["errors"][0]
    assert cp.ok("SSL", "delete_ssl", domain=domain) is None
    assert cp.ok("SSL", "installed_hosts") == []
    assert cp.uapi("SSL", "delete_ssl", domain=domain)["status"] == 0
    assert cp.ok("SSL", "delete_cert", id=data["cert_id"]) is None
    assert cp.ok("SSL", "list_certs") == []


def test_api2_installssl_as_certbot_calls_it(cp, account):
    domain = account["domain"]
    good = issue(domain)
    result = cp.api2("SSL", "installssl", domain=domain, crt=good.cert, key=good.key, cabundle="")
    assert result["data"][0]["result"] == 1 and domain in result["data"][0]["output"]
    bad = cp.api2("SSL", "installssl", domain=domain, crt=good.cert, key=issue(domain).key, cabundle="")
    assert bad["data"] == [{"result": 0, "output": "Certificate and key do not match."}]


def test_another_account_sees_and_touches_nothing(whm, admin_whm, cp, account):
    domain = account["domain"]
    good = issue(domain)
    data = cp.ok("SSL", "install_ssl", method="POST", domain=domain, cert=good.cert, key=good.key)
    other_user = unique("cp")[:10]
    admin_whm.ok("createacct", username=other_user, domain=f"{other_user}.example", password=PASSWORD)
    other = CPanelClient(whm, user=other_user, password=PASSWORD)
    assert other.ok("SSL", "list_certs") == [] and other.ok("SSL", "list_keys") == []
    assert other.ok("SSL", "installed_hosts") == []
    for func, params in (("fetch_best_for_domain", {"domain": domain}), ("delete_ssl", {"domain": domain}),
                         ("delete_cert", {"id": data["cert_id"]}),
                         ("install_ssl", {"domain": domain, "cert": good.cert, "key": good.key})):
        doc = other.uapi("SSL", func, **params)
        assert doc["status"] == 0 and "PRIVATE KEY" not in str(doc), (func, doc)
    # its own domain: the certificate does not cover it, and the key is not in its storage
    doc = other.uapi("SSL", "install_ssl", domain=f"{other_user}.example", cert=good.cert)
    assert doc["status"] == 0
    assert cp.ok("SSL", "installed_hosts")[0]["servername"] == domain


def test_hostile_input_gets_cpanel_errors(cp, account):
    domain = account["domain"]
    good, other = issue(domain), issue(domain)
    cases = [({}, "No 'cert' argument specified."),
             ({"cert": good.cert, "key": other.key}, "Certificate and key do not match."),
             ({"cert": "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----", "key": good.key}, "invalid"),
             ({"cert": good.cert, "key": "garbage"}, "invalid"),
             ({"cert": "A" * 900_000, "key": good.key}, "")]
    for params, words in cases:
        r = cp.http.post("/execute/SSL/install_ssl", data={"domain": domain, **params})
        assert r.status_code in (200, 413) and r.headers["content-type"].startswith("application/json"), r.text[:200]
        doc = r.json()
        assert doc.get("status") == 0 or doc.get("cpanelresult"), doc
        if words:
            assert words in doc["errors"][0], doc
    assert cp.ok("SSL", "list_certs") == []


def test_whm_installssl_and_fetch_ssl_vhosts(admin_whm, account):
    domain = account["domain"]
    good = issue(domain, f"www.{domain}")
    doc = admin_whm.ok("installssl", domain=domain, crt=good.cert, key=good.key, cab="")
    assert doc["data"]["domain"] == domain and doc["data"]["user"] == account["user"] and "cert_id" not in doc["data"]
    vhosts = admin_whm.ok("fetch_ssl_vhosts")["data"]["vhosts"]
    mine = [v for v in vhosts if v["servername"] == domain]
    assert len(mine) == 1 and mine[0]["crt"]["serial"] == format(good.serial, "x")
    assert mine[0]["user"] == account["user"] and mine[0]["crt"]["encryption_algorithm"] == "id-ecPublicKey"
    bad = admin_whm.call("installssl", domain=domain, crt=good.cert, key=issue(domain).key)
    assert bad["metadata"]["result"] == 0 and bad["metadata"]["reason"] == "Certificate and key do not match."
    missing = admin_whm.call("installssl", domain="nowhere.example", crt=good.cert, key=good.key)
    assert missing["metadata"]["result"] == 0
