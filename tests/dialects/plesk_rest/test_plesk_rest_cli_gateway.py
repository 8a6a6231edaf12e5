"""The CLI gateway over HTTPS: the utilities it lists, their reference, who may call it, bad calls."""
import pytest

from tests.conftest import ADMIN_PASSWORD

from .cli import cli, fails
from .fixtures import client, unique

UTILITIES = ["admin", "certificate", "customer", "database", "dns", "domain", "domalias", "extension", "ftpsubaccount", "ip_pool",
             "mail", "reseller", "secret_key", "server_pref", "service_plan", "site", "subdomain", "subscription"]


def test_the_gateway_lists_the_utilities(admin_api):
    assert admin_api.get("/cli/commands").json() == UTILITIES


@pytest.mark.parametrize("utility", UTILITIES)
def test_each_utility_has_a_reference_and_a_help(admin_api, utility):
    ref = admin_api.get(f"/cli/{utility}/ref").json()
    assert set(ref) == {"allowed_commands", "allowed_options"} and ref["allowed_commands"]
    assert all(c.startswith("-") for c in ref["allowed_commands"]) and all(o.startswith("-") for o in ref["allowed_options"])
    out = cli(admin_api, utility, "--help")
    assert out["code"] == 0 and out["stdout"].startswith(f"Usage: plesk bin {utility} ")
    for command in ref["allowed_commands"]:
        assert command in out["stdout"]


def test_subscription_reference_names_the_options_integrators_use(admin_api):
    ref = admin_api.get("/cli/subscription/ref").json()
    assert {"--create", "-c", "--info", "--list", "--update", "--webspace-off", "--webspace-on", "--remove",
            "--switch-subscription"} <= set(ref["allowed_commands"])
    assert {"-owner", "-service-plan", "-ip", "-login", "-passwd"} <= set(ref["allowed_options"])


def test_unknown_utilities_commands_and_options(admin_api):
    r = admin_api.get("/cli/no_such_tool/ref")
    assert r.status_code == 404 and r.json()["message"] == "Command is not found"
    assert admin_api.post("/cli/no_such_tool/call", json={"params": []}).status_code == 404
    assert "Unknown command: --bogus" in fails(admin_api, "subscription", "--bogus")
    assert "Unknown option: -bogus" in fails(admin_api, "subscription", "--info", "x.example", "-bogus", "1")
    assert "needs a value" in fails(admin_api, "subscription", "--create", "x.example", "-owner")
    assert "is not specified" in fails(admin_api, "subscription", "--info")
    assert cli(admin_api, "subscription")["code"] == 1  # no command: the usage, on stderr


def test_bad_bodies_are_400(admin_api):
    assert admin_api.post("/cli/subscription/call").status_code == 400  # the body is required
    assert admin_api.post("/cli/subscription/call", json={"params": "--list"}).status_code == 400
    assert admin_api.post("/cli/subscription/call", json={"params": [1]}).status_code == 400
    assert admin_api.post("/cli/subscription/call", json={"params": ["--list"], "env": {"A": 1}}).status_code == 400
    assert admin_api.post("/cli/subscription/call", json={"params": ["x"] * 201}).status_code == 400


def test_only_the_administrator_may_use_the_gateway(plesk, admin_api):
    login = unique("gw")
    assert admin_api.post("/clients", json={"name": "G", "login": login, "password": "Cust0mer-Pass!",
                                            "email": f"{login}@example.com", "type": "reseller"}).status_code == 201
    with client(plesk, auth=(login, "Cust0mer-Pass!")) as api:
        for r in (api.get("/cli/commands"), api.get("/cli/subscription/ref"),
                  api.post("/cli/subscription/call", json={"params": ["--list"]}),
                  api.post("/cli/admin/call", json={"params": ["--get-login-link", "-user", "admin"]})):
            assert r.status_code == 403
    with client(plesk, auth=("admin", "wrong-password"), source_ip="127.0.0.51") as api:
        assert api.post("/cli/subscription/call", json={"params": ["--list"]}).status_code == 401
    with client(plesk, auth=("admin", ADMIN_PASSWORD)) as api:
        assert api.post("/cli/subscription/call", json={"params": ["--list"]}).status_code == 200
