"""plesk bin customer and plesk bin reseller through the CLI gateway, over HTTPS."""
import pytest

from .cli import fails, ok
from .fixtures import unique


@pytest.mark.parametrize("role", ["customer", "reseller"])
def test_create_info_list_update_on_off_remove(admin_api, role):
    login = unique(role[:3])
    out = ok(admin_api, role, "--create", login, "-name", "Cli Person", "-passwd", "Cli-Passw0rd!",
             "-email", f"{login}@example.com", "-company", "Poly", "-country", "DE")
    assert out == f"SUCCESS: Creation of {role} '{login}' completed.\n"
    client = next(c for c in admin_api.get("/clients").json() if c["login"] == login)
    assert (client["type"], client["company"], client["email"]) == (role, "Poly", f"{login}@example.com")
    info = ok(admin_api, role, "--info", login)
    assert f"Login:" in info and login in info and "Cli Person" in info and "Status:" in info
    assert login in ok(admin_api, role, "--list").split()
    assert ok(admin_api, role, "--update", login, "-name", "New Name", "-phone", "+49 1") == \
        f"SUCCESS: Update of {role} '{login}' completed.\n"
    assert admin_api.get(f"/clients/{client['id']}").json()["name"] == "New Name"
    ok(admin_api, role, "--off", login)
    assert admin_api.get(f"/clients/{client['id']}").json()["status"] != 0
    ok(admin_api, role, "--on", login)
    assert admin_api.get(f"/clients/{client['id']}").json()["status"] == 0
    new_login = unique("ren")
    ok(admin_api, role, "--update", login, "-new_login", new_login)
    assert admin_api.get(f"/clients/{client['id']}").json()["login"] == new_login
    assert ok(admin_api, role, "--remove", new_login) == f"SUCCESS: Removal of '{new_login}' completed.\n"
    assert admin_api.get(f"/clients/{client['id']}").status_code == 404


def test_a_customer_of_a_reseller(admin_api):
    reseller, customer = unique("res"), unique("cus")
    ok(admin_api, "reseller", "--create", reseller, "-name", "R", "-passwd", "Resell3r-Pass!", "-email", "r@example.com")
    ok(admin_api, "customer", "--create", customer, "-name", "C", "-passwd", "Cust0mer-Pass!", "-email", "c@example.com",
       "-owner", reseller)
    assert f"{reseller}" in ok(admin_api, "customer", "--info", customer)
    assert "Unknown option: -owner" in fails(admin_api, "reseller", "--create", unique("r"), "-owner", reseller)
    ok(admin_api, "reseller", "--remove", reseller)  # with its customers
    assert "An error occurred during customer getting info" in fails(admin_api, "customer", "--info", customer)


def test_refusals(admin_api, world):
    assert "exists" in fails(admin_api, "customer", "--create", world.login, "-name", "X", "-passwd", "Cust0mer-Pass!")
    assert fails(admin_api, "customer", "--create", unique("w"), "-name", "X", "-passwd", "weak")
    assert fails(admin_api, "customer", "--create", "bad login!", "-name", "X", "-passwd", "Cust0mer-Pass!")
    assert fails(admin_api, "customer", "--create", unique("e"), "-name", "X", "-passwd", "Cust0mer-Pass!",
                 "-email", "not-an-email")
    assert fails(admin_api, "reseller", "--info", world.login)  # a customer is not a reseller
    assert fails(admin_api, "customer", "--remove", "admin")
    assert fails(admin_api, "customer", "--off", "nobody-such")
