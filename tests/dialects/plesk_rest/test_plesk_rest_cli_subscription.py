"""plesk bin subscription through /api/v2/cli/subscription/call, over HTTPS, as the SDKs call it."""
from .cli import fails, ok
from .fixtures import unique


def _customer(api) -> str:
    login = unique("sc")
    assert api.post("/clients", json={"name": "Sub Owner", "login": login, "password": "Cust0mer-Pass!",
                                      "email": f"{login}@example.com", "type": "customer"}).status_code == 201
    return login


def _plan(api, name=None) -> str:
    name = name or unique("Plan ")
    ok(api, "service_plan", "--create", name, "-max_box", "5")
    return name


def test_create_info_list_update_remove(admin_api):
    owner, plan, name, user = _customer(admin_api), _plan(admin_api), f"{unique('sub')}.example", unique("u")
    out = ok(admin_api, "subscription", "--create", name, "-owner", owner, "-service-plan", plan, "-ip", "127.0.0.1",
             "-login", user, "-passwd", "Sys-Passw0rd!")
    assert out == f"SUCCESS: Creation of domain '{name}' completed.\n"
    domain = admin_api.get("/domains", params={"name": name}).json()[0]
    assert admin_api.get(f"/domains/{domain['id']}/client").json()["login"] == owner
    info = ok(admin_api, "subscription", "--info", name)
    for line in (f"Domain name:", name, f"({owner})", plan, "127.0.0.1", user, "OK"):
        assert line in info
    assert name in ok(admin_api, "subscription", "--list").split("\n")
    assert ok(admin_api, "subscription", "-l").split("\n") == ok(admin_api, "subscription", "--list").split("\n")
    assert ok(admin_api, "subscription", "--update", name, "-max_db", "3", "-description", "cli") == \
        f"SUCCESS: Update of domain '{name}' completed.\n"
    info = ok(admin_api, "subscription", "--info", name)
    assert "Limit max_databases:" in info and "cli" in info
    assert ok(admin_api, "subscription", "--remove", name) == f"SUCCESS: Removal of '{name}' completed.\n"
    assert admin_api.get("/domains", params={"name": name}).json() == []
    assert "An error occurred during subscription getting info" in fails(admin_api, "subscription", "--info", name)


def test_webspace_off_and_on_suspend_and_activate(admin_api, world):
    assert ok(admin_api, "subscription", "--webspace-off", world.domain) == ""
    assert admin_api.get(f"/domains/{world.domain_id}/status").json() == {"status": "suspended"}
    assert "Suspended" in ok(admin_api, "subscription", "--info", world.domain)
    assert ok(admin_api, "subscription", "--webspace-on", world.domain) == ""
    assert admin_api.get(f"/domains/{world.domain_id}/status").json() == {"status": "active"}


def test_switch_subscription_to_another_plan(admin_api, world):
    plan = _plan(admin_api)
    out = ok(admin_api, "subscription", "--switch-subscription", world.domain, "-service-plan", plan)
    assert out == f"SUCCESS: Update of domain '{world.domain}' completed.\n"
    assert f"Service plan:" in (info := ok(admin_api, "subscription", "--info", world.domain)) and plan in info
    assert "-service-plan is required" in fails(admin_api, "subscription", "--switch-subscription", world.domain)
    assert "not" in fails(admin_api, "subscription", "--switch-subscription", world.domain, "-service-plan", "No such")


def test_the_password_may_come_from_psa_password(admin_api):
    owner, name = _customer(admin_api), f"{unique('env')}.example"
    ok(admin_api, "subscription", "--create", name, "-owner", owner, "-login", unique("e"), "-passwd", "",
       env={"PSA_PASSWORD": "Env-Passw0rd!"})
    ok(admin_api, "subscription", "--remove", name)


def test_refusals(admin_api, world):
    err = fails(admin_api, "subscription", "--create", world.domain, "-owner", world.login)
    assert err.startswith("An error occurred during subscription creation: ") and "exists" in err
    refused = [f"{unique('x')}.example" for _ in range(4)]
    assert fails(admin_api, "subscription", "--create", refused[0], "-owner", "nobody-such")
    assert fails(admin_api, "subscription", "--create", refused[1], "-service-plan", "No such plan")
    assert fails(admin_api, "subscription", "--create", refused[2], "-ip", "203.0.113.99")
    assert "password" in fails(admin_api, "subscription", "--create", refused[3], "-login", unique("w"),
                               "-passwd", "weak")
    assert fails(admin_api, "subscription", "--create", "not a domain")
    assert fails(admin_api, "subscription", "--update", world.domain, "-max_db", "many")
    for command in ("--info", "--remove", "--webspace-off", "--webspace-on", "--update"):
        assert fails(admin_api, "subscription", command, f"{unique('none')}.example")
    assert not set(refused) & set(ok(admin_api, "subscription", "--list").split())  # nothing was made
