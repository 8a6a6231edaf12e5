"""plesk bin certificate through the CLI gateway, over HTTPS: the PEM text as the file options' values
(the gateway reads no file of the server), Plesk's --list table, assignment, and hostile input."""
from tests.tls_certs import issue, make_ca

from .cli import cli, fails, ok
from .fixtures import unique


def test_create_list_assign_update_remove(admin_api, world):
    ca = make_ca()
    good = issue(world.domain, f"www.{world.domain}", ca=ca)
    name = f"Site Certificate {unique()}"
    assert ok(admin_api, "certificate", "--create", name, "-domain", world.domain, "-key-file", good.key,
              "-cert-file", good.cert, "-cacert-file", good.ca) == f"SUCCESS: Creation of certificate '{name}' completed.\n"
    table = ok(admin_api, "certificate", "--list", "-domain", world.domain).splitlines()
    assert table[0].split() == ["CSR", "Priv", "Cert", "CA", "Name", "Used"]
    assert table[1].split() == ["N", "Y", "Y", "Y", *name.split(), "0"]
    assert fails(admin_api, "certificate", "--create", name, "-domain", world.domain, "-key-file", good.key,
                 "-cert-file", good.cert).startswith("An error occurred during certificate creation:")

    assert ok(admin_api, "certificate", "--assign-cert", name, "-domain", world.domain) == \
        f"SUCCESS: The certificate '{name}' is assigned to '{world.domain}'.\n"
    assert ok(admin_api, "certificate", "--list", "-domain", world.domain).splitlines()[1].split()[-1] == "1"
    domain = admin_api.get(f"/domains/{world.domain_id}").json()
    assert domain["provisioning"]["status"] in ("ok", "pending")
    assert "is used by" in fails(admin_api, "certificate", "--remove", name, "-domain", world.domain)

    renewed = issue(world.domain, ca=ca)
    ok(admin_api, "certificate", "--update", name, "-domain", world.domain, "-key-file", renewed.key,
       "-cert-file", renewed.cert, "-new-name", f"{name} 2")
    ok(admin_api, "certificate", "--unassign-cert", "-domain", world.domain)
    assert ok(admin_api, "certificate", "--remove", f"{name} 2", "-domain", world.domain) == \
        f"SUCCESS: Removal of '{name} 2' completed.\n"
    assert len(ok(admin_api, "certificate", "--list", "-domain", world.domain).splitlines()) == 1


def test_server_pool_and_refusals(admin_api, world):
    good = issue(world.domain)
    name = unique("server")
    ok(admin_api, "certificate", "-c", name, "-admin", "-key-file", good.key, "-cert-file", good.cert)
    assert name in ok(admin_api, "certificate", "-l", "-admin")
    assert name not in ok(admin_api, "certificate", "-l", "-domain", world.domain)
    ok(admin_api, "certificate", "--assign-cert", name, "-admin", "-domain", world.domain)
    assert "not supported" in fails(admin_api, "certificate", "--assign-cert", name, "-admin", "-ip", "127.0.0.1")
    other = issue("elsewhere.example")
    ok(admin_api, "certificate", "-c", f"{name}x", "-admin", "-key-file", other.key, "-cert-file", other.cert)
    assert "is not valid for" in fails(admin_api, "certificate", "--assign-cert", f"{name}x", "-admin",
                                       "-domain", world.domain)
    ok(admin_api, "certificate", "--unassign-cert", "-domain", world.domain)
    ok(admin_api, "certificate", "-r", name, "-admin")
    ok(admin_api, "certificate", "-r", f"{name}x", "-admin")


def test_hostile_input_gets_the_utilitys_error_never_a_500(admin_api, world):
    good, other = issue(world.domain), issue(world.domain)
    base = ["--create", unique("c"), "-domain", world.domain]
    cases = {
        "not read": ["-key-file", "/etc/passwd", "-cert-file", good.cert],
        "mismatch": ["-key-file", other.key, "-cert-file", good.cert],
        "garbage": ["-key-file", good.key, "-cert-file", "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----"],
        "large": ["-key-file", good.key, "-cert-file", "-----BEGIN CERTIFICATE-----\n" + "A" * 70000],
        "no key": ["-cert-file", good.cert],
        "no pool": ["-key-file", good.key, "-cert-file", good.cert, "-domain", "missing.example"],
    }
    expected = {"not read": "does not read files", "mismatch": "do not match", "garbage": "not a valid PEM",
                "large": "too long", "no key": "-key-file is required", "no pool": "error"}
    for case, extra in cases.items():
        args = base + extra if case != "no pool" else ["--create", unique("c")] + extra
        err = fails(admin_api, "certificate", *args)
        assert expected[case] in err, (case, err)
    out = cli(admin_api, "certificate", "--list")
    assert out["code"] == 1 and "-domain" in out["stderr"]
    r = admin_api.post("/cli/certificate/call", json={"params": ["--create", "x", "-cert-file", "A" * 1_100_000]})
    assert r.status_code in (400, 413) and r.headers["content-type"].startswith("application/json")
    assert len(ok(admin_api, "certificate", "--list", "-domain", world.domain).splitlines()) == 1


def test_site_update_certificate_name(admin_api, world):
    good = issue(world.domain)
    name = unique("c")
    ok(admin_api, "certificate", "-c", name, "-domain", world.domain, "-key-file", good.key, "-cert-file", good.cert)
    ok(admin_api, "site", "-u", world.domain, "-certificate-name", name)
    assert ok(admin_api, "certificate", "-l", "-domain", world.domain).splitlines()[1].split()[-1] == "1"
    assert "is not found" in fails(admin_api, "domain", "--update", world.domain, "-certificate-name", "nosuch")
    ok(admin_api, "domain", "--update", world.domain, "-certificate-name", "")
    assert ok(admin_api, "certificate", "-l", "-domain", world.domain).splitlines()[1].split()[-1] == "0"
