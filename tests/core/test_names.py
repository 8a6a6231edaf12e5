"""One owner per host name: a name inside (or holding) another customer's domain is refused."""
import pytest

from polypanel.core import accounts, dns, domains, subscriptions
from polypanel.core.errors import AlreadyExists

PW = "Str0ng-Pass!"


@pytest.fixture
def two(panel, admin):
    with panel.context(admin) as ctx:
        res = accounts.create(ctx, role="reseller", login="res-n", password=PW)
    with panel.context(panel.principal_for("res-n")) as ctx:
        accounts.create(ctx, role="customer", login="alice", password=PW)
        subscriptions.create(ctx, domain="zeta.test", owner_login="alice")
        subscriptions.create(ctx, domain="other-a.test", owner_login="alice")
    with panel.context(admin) as ctx:
        accounts.create(ctx, role="customer", login="bob", password=PW)
        subscriptions.create(ctx, domain="bob.test", owner_login="bob")
    return res


def _bob_sub(ctx):
    return subscriptions.get(ctx, name="bob.test")


@pytest.mark.parametrize("who", ["bob", "admin"])
@pytest.mark.parametrize("name,kind", [("www.zeta.test", "addon"), ("shop.zeta.test", "addon"),
                                       ("mail.zeta.test", "alias"), ("a.b.zeta.test", "parked")])
def test_a_name_inside_another_customers_domain_is_refused(panel, admin, two, who, name, kind):
    actor = admin if who == "admin" else panel.principal_for("bob")
    with pytest.raises(AlreadyExists, match="belongs to another customer"):
        with panel.context(actor) as ctx:
            domains.create(ctx, subscription=_bob_sub(ctx), name=name, kind=kind)
    with pytest.raises(AlreadyExists, match="belongs to another customer"):
        with panel.context(admin) as ctx:
            subscriptions.create(ctx, domain=name, owner_login="bob")
    with panel.context(admin) as ctx:
        assert domains.list_(ctx, name=name) == []


def test_a_deeper_name_inside_another_customers_domain_is_refused(panel, admin, two):
    with panel.context(admin) as ctx:
        subscriptions.create(ctx, domain="zeta.test.example", owner_login="bob")  # only looks alike: allowed
        domains.create(ctx, subscription=subscriptions.get(ctx, name="zeta.test"), name="deep.shop.zeta.test",
                       kind="subdomain")
    with pytest.raises(AlreadyExists, match="inside shop.zeta.test|inside zeta.test"):
        with panel.context(admin) as ctx:
            domains.create(ctx, subscription=_bob_sub(ctx), name="shop.zeta.test", kind="addon")


def test_the_reverse_a_domain_above_another_customers_domain_is_refused(panel, admin, two):
    with panel.context(admin) as ctx:
        subscriptions.create(ctx, domain="shop.omega.test", owner_login="bob")
    for actor in (admin, panel.principal_for("alice")):
        with pytest.raises(AlreadyExists, match="A name below omega.test belongs to another customer"):
            with panel.context(actor) as ctx:
                domains.create(ctx, subscription=subscriptions.get(ctx, name="zeta.test"), name="omega.test",
                               kind="addon")
    with pytest.raises(AlreadyExists, match="A name below omega.test belongs to another customer"):
        with panel.context(admin) as ctx:
            subscriptions.create(ctx, domain="omega.test", owner_login="alice")
    with panel.context(admin) as ctx:  # Bob himself may
        subscriptions.create(ctx, domain="omega.test", owner_login="bob")


def test_the_owner_chain_may_use_its_own_names_in_any_of_its_subscriptions(panel, admin, two):
    other = None
    with panel.context(panel.principal_for("alice")) as ctx:
        other = subscriptions.get(ctx, name="other-a.test")
        d = domains.create(ctx, subscription=other, name="www2.zeta.test", kind="addon")
        assert d.ascii_name == "www2.zeta.test"
    with panel.context(panel.principal_for("res-n")) as ctx:
        domains.create(ctx, subscription=subscriptions.get(ctx, name="other-a.test"), name="x.zeta.test", kind="alias")
    with panel.context(admin) as ctx:
        domains.create(ctx, subscription=subscriptions.get(ctx, name="zeta.test"), name="y.zeta.test", kind="subdomain")
        assert {d.ascii_name for d in domains.list_(ctx, subscription_id=other.id)} >= {"www2.zeta.test", "x.zeta.test"}


def test_a_record_named_for_another_customers_older_domain_is_refused(panel, admin, two, monkeypatch):
    from polypanel.core import names

    with monkeypatch.context() as m:  # a name taken before the rule existed
        m.setattr(names, "check_available", lambda *a: None)
        with panel.context(admin) as ctx:
            domains.create(ctx, subscription=_bob_sub(ctx), name="legacy.zeta.test", kind="addon")
    with pytest.raises(AlreadyExists, match="belongs to another customer's domain legacy.zeta.test"):
        with panel.context(panel.principal_for("alice")) as ctx:
            dns.add_record(ctx, dns.get_zone(ctx, name="zeta.test"), type="A", host="x.legacy", value="192.0.2.9")
    with panel.context(panel.principal_for("alice")) as ctx:  # her other names stay hers
        dns.add_record(ctx, dns.get_zone(ctx, name="zeta.test"), type="A", host="x.shop", value="192.0.2.9")
