"""The utilities act as their caller through the core services, so they never do more than the
caller's REST or XML calls could: run as a reseller or a customer, they see and change only what
that account may (the REST gateway itself is the administrator's; these tests call the utilities
directly, as another dialect sharing them would)."""
import io
from contextlib import contextmanager

import pytest

from polypanel.core import accounts, subscriptions
from polypanel.dialects.plesk_cli import UTILITIES


class State:
    def __init__(self, panel, principal):
        self.panel, self.principal, self.environ = panel, principal, {}

    @contextmanager
    def context(self):
        with self.panel.context(self.principal) as ctx:
            yield ctx


def run(state, utility, *args):
    out, err = io.StringIO(), io.StringIO()
    code = UTILITIES[utility](state, list(args), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def tenants(panel, admin):
    with panel.context(admin) as ctx:
        accounts.create(ctx, role="reseller", login="resa", password="Resell3r-Pass!", email="r@example.com")
        accounts.create(ctx, role="customer", login="custa", password="Cust0mer-Pass!", email="a@example.com",
                        owner_login="resa")
        accounts.create(ctx, role="customer", login="custb", password="Cust0mer-Pass!", email="b@example.com")
        subscriptions.create(ctx, domain="a.example", owner_login="custa")
        subscriptions.create(ctx, domain="b.example", owner_login="custb")
    return {login: State(panel, panel.principal_for(login)) for login in ("resa", "custa", "custb")}


def test_a_reseller_sees_and_changes_only_its_customers(tenants):
    res = tenants["resa"]
    assert run(res, "subscription", "--list")[1].split() == ["a.example"]
    assert run(res, "customer", "--list")[1].split() == ["custa"]
    code, _out, err = run(res, "subscription", "--info", "b.example")
    assert code == 1 and "getting info" in err
    assert run(res, "subscription", "--webspace-off", "b.example")[0] == 1
    assert run(res, "customer", "--remove", "custb")[0] == 1
    assert run(res, "dns", "--add", "b.example", "-a", "x", "-ip", "192.0.2.1")[0] == 1
    assert run(res, "subscription", "--webspace-off", "a.example")[0] == 0


def test_a_customer_cannot_manage_accounts_plans_or_the_server(tenants):
    cust = tenants["custa"]
    assert run(cust, "customer", "--create", "newc", "-name", "N", "-passwd", "Cust0mer-Pass!")[0] == 1
    assert run(cust, "service_plan", "--create", "Mine")[0] == 1
    assert run(cust, "server_pref", "--update", "-hostname", "evil.example")[0] == 1
    assert run(cust, "extension", "--install", "evil")[0] == 1
    assert run(cust, "subscription", "--remove", "a.example")[0] == 1  # customers may not delete subscriptions
    assert run(cust, "admin", "--get-login-link", "-user", "custb")[0] == 1
    assert run(cust, "mail", "--create", "me@b.example", "-passwd", "Mail-Passw0rd!")[0] == 1
    assert run(cust, "mail", "--create", "me@a.example", "-passwd", "Mail-Passw0rd!")[0] == 0
    assert run(cust, "subscription", "--list")[1].split() == ["a.example"]
