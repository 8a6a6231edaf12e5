"""Every object kind: the owner sees it, its reseller sees it, the other tenant gets the same
"not found" it would get for an object that does not exist."""
from __future__ import annotations

import pytest

from polypanel.auth import keys
from polypanel.core import accounts, cascade, databases, dns, domains, ftp, mail, subscriptions
from polypanel.core.errors import Forbidden, NotFound

GETTERS = {
    "account": (lambda ctx, t: accounts.get(ctx, login=t.customer.login), lambda ctx: accounts.get(ctx, login="nobody-here")),
    "subscription": (lambda ctx, t: subscriptions.get(ctx, id=t.subscription_id), lambda ctx: subscriptions.get(ctx, id=999999)),
    "domain": (lambda ctx, t: domains.get(ctx, name=t.domain), lambda ctx: domains.get(ctx, name="missing.test")),
    "dns zone": (lambda ctx, t: dns.get_zone(ctx, name=t.domain), lambda ctx: dns.get_zone(ctx, name="missing.test")),
    "dns record": (lambda ctx, t: dns.get_record(ctx, t.zone_record_id), lambda ctx: dns.get_record(ctx, 999999)),
    "mailbox": (lambda ctx, t: mail.get(ctx, id=t.mailbox_id), lambda ctx: mail.get(ctx, id=999999)),
    "database": (lambda ctx, t: databases.get(ctx, t.database_id), lambda ctx: databases.get(ctx, 999999)),
    "database user": (lambda ctx, t: databases.get_user(ctx, t.db_user_id), lambda ctx: databases.get_user(ctx, 999999)),
    "ftp user": (lambda ctx, t: ftp.get(ctx, login=t.ftp_login), lambda ctx: ftp.get(ctx, login="missing-ftp")),
    "secret key": (lambda ctx, t: keys.get(ctx, t.key), lambda ctx: keys.get(ctx, "00000000-0000-0000-0000-000000000000")),
}


def principal(panel, world, who):
    if who == "admin":
        return panel.admin()
    tag, role = who.split(":")
    t = world[tag]
    return panel.principal_for(t.customer.login if role == "customer" else t.reseller.login)


@pytest.mark.parametrize("kind", sorted(GETTERS))
@pytest.mark.parametrize("who,sees", [("admin", True), ("a:reseller", True), ("a:customer", True),
                                      ("b:reseller", False), ("b:customer", False)])
def test_object_visibility(panel, world, kind, who, sees):
    get_own, get_missing = GETTERS[kind]
    with panel.context(principal(panel, world, who)) as ctx:
        if sees:
            assert get_own(ctx, world["a"]) is not None
        else:
            with pytest.raises(NotFound) as foreign:
                get_own(ctx, world["a"])
            with pytest.raises(NotFound) as missing:
                get_missing(ctx)
            # The refusal reads like a missing object: same type, same kind.
            assert type(foreign.value) is type(missing.value)
            assert foreign.value.kind == missing.value.kind


@pytest.mark.parametrize("who", ["b:reseller", "b:customer"])
def test_lists_hide_other_tenants(panel, world, who):
    with panel.context(principal(panel, world, who)) as ctx:
        names = {d.ascii_name for d in domains.list_(ctx)}
        assert "alpha.test" not in names and "bravo.test" in names
        assert "cust-alpha" not in {a.login for a in accounts.list_(ctx)}
        assert all(s.id != world["a"].subscription_id for s in subscriptions.list_(ctx))
        assert world["a"].database_id not in {d.id for d in databases.list_(ctx)}
        assert world["a"].ftp_login not in {f.login for f in ftp.list_(ctx)}
        assert "alpha.test" not in {z.name for z in dns.list_zones(ctx)}
        assert all(k.description != "alpha" for k in keys.list_(ctx))


def test_reseller_cannot_change_other_resellers_customer(panel, world):
    rb = principal(panel, world, "b:reseller")
    with pytest.raises(NotFound):
        with panel.context(rb) as ctx:
            accounts.update(ctx, accounts.get(ctx, login="cust-alpha"), name="hijacked")
    with pytest.raises(NotFound):
        with panel.context(rb) as ctx:
            accounts.create(ctx, role="customer", login="stolen", password="Str0ng-Pass!", owner_login="res-alpha")
    with panel.context(panel.admin()) as ctx:
        assert accounts.get(ctx, login="cust-alpha").name == "cust-alpha"
        with pytest.raises(NotFound):
            accounts.get(ctx, login="stolen")


def test_customer_cannot_create_accounts_or_touch_its_reseller(panel, world):
    cp = principal(panel, world, "a:customer")
    with pytest.raises(Forbidden):
        with panel.context(cp) as ctx:
            accounts.create(ctx, role="customer", login="child", password="Str0ng-Pass!")
    with pytest.raises(NotFound):
        with panel.context(cp) as ctx:
            accounts.get(ctx, login="res-alpha")


def test_customer_cannot_add_records_to_foreign_zone(panel, world):
    cp = principal(panel, world, "b:customer")
    with pytest.raises(NotFound):
        with panel.context(cp) as ctx:
            dns.add_record(ctx, dns.get_zone(ctx, name="alpha.test"), type="A", host="evil", value="192.0.2.66")


def test_deleting_a_reseller_removes_its_whole_tree(panel, world):
    with panel.context(panel.admin()) as ctx:
        cascade.delete_account(ctx, accounts.get(ctx, login="res-alpha"))
    with panel.context(panel.admin()) as ctx:
        assert {a.login for a in accounts.list_(ctx)} == {"admin", "res-bravo", "cust-bravo"}
        assert {d.ascii_name for d in domains.list_(ctx)} == {"bravo.test"}
        assert {z.name for z in dns.list_zones(ctx)} == {"bravo.test"}
        assert [d.name for d in databases.list_(ctx)] == ["db_bravo"]
