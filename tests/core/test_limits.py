import pytest

from polypanel.core import accounts, databases, domains, ftp, mail, plans, subscriptions, webspaces
from polypanel.core.errors import LimitExceeded

PW = "Str0ng-Pass!"


@pytest.fixture
def small_sub(panel, admin):
    with panel.context(admin) as ctx:
        plans.create(ctx, name="Small", limits={"max_domains": 2, "max_subdomains": 1, "max_mailboxes": 1,
                                                 "max_databases": 1, "max_ftp_users": 1, "max_aliases": 0})
        accounts.create(ctx, role="customer", login="small", password=PW)
        sub = subscriptions.create(ctx, domain="small.test", owner_login="small", plan_name="Small")
    return sub.id


def test_plan_limits_hold_for_every_kind(panel, admin, small_sub):
    with panel.context(admin) as ctx:
        sub = subscriptions.get(ctx, id=small_sub)
        domains.create(ctx, subscription=sub, name="second.test")  # the main domain counts: 2 of 2
    cases = [
        lambda ctx, sub: domains.create(ctx, subscription=sub, name="third.test"),
        lambda ctx, sub: domains.create(ctx, subscription=sub, name="alias.test", kind="alias"),
    ]
    for case in cases:
        with pytest.raises(LimitExceeded) as e:
            with panel.context(admin) as ctx:
                case(ctx, subscriptions.get(ctx, id=small_sub))
        assert "at most" in e.value.message
    with panel.context(admin) as ctx:
        sub = subscriptions.get(ctx, id=small_sub)
        domains.create(ctx, subscription=sub, name="a.small.test", kind="subdomain")
        mail.create(ctx, domain=webspaces.main_domain(sub), name="one", password=PW)
        databases.create(ctx, subscription=sub, name="smalldb")
        ftp.create(ctx, subscription=sub, login="smallftp", password=PW)
    second = [
        lambda ctx, sub: domains.create(ctx, subscription=sub, name="b.small.test", kind="subdomain"),
        lambda ctx, sub: mail.create(ctx, domain=webspaces.main_domain(sub), name="two", password=PW),
        lambda ctx, sub: databases.create(ctx, subscription=sub, name="smalldb2"),
        lambda ctx, sub: ftp.create(ctx, subscription=sub, login="smallftp2", password=PW),
    ]
    for case in second:
        with pytest.raises(LimitExceeded):
            with panel.context(admin) as ctx:
                case(ctx, subscriptions.get(ctx, id=small_sub))
    # Nothing of the refused calls was stored.
    with panel.context(admin) as ctx:
        names = {d.ascii_name for d in domains.list_(ctx)}
        assert names == {"small.test", "second.test", "a.small.test"}
        assert len(mail.list_(ctx)) == 1 and len(databases.list_(ctx)) == 1 and len(ftp.list_(ctx)) == 1


def test_subscription_limit_overrides_plan(panel, admin, small_sub):
    with panel.context(admin) as ctx:
        sub = subscriptions.get(ctx, id=small_sub)
        subscriptions.update(ctx, sub, limits={"max_mailboxes": 3})
        main = webspaces.main_domain(sub)
        for n in range(3):
            mail.create(ctx, domain=main, name=f"box{n}", password=PW)
    with pytest.raises(LimitExceeded):
        with panel.context(admin) as ctx:
            mail.create(ctx, domain=webspaces.main_domain(subscriptions.get(ctx, id=small_sub)), name="box4", password=PW)


def test_reseller_customer_and_subscription_limits(panel, admin):
    with panel.context(admin) as ctx:
        accounts.create(ctx, role="reseller", login="tiny", password=PW, limits={"max_customers": 1, "max_subscriptions": 1})
    rp = panel.principal_for("tiny")
    with panel.context(rp) as ctx:
        accounts.create(ctx, role="customer", login="c1", password=PW)
        subscriptions.create(ctx, domain="c1.test", owner_login="c1")
    with pytest.raises(LimitExceeded):
        with panel.context(rp) as ctx:
            accounts.create(ctx, role="customer", login="c2", password=PW)
    with pytest.raises(LimitExceeded):
        with panel.context(rp) as ctx:
            subscriptions.create(ctx, domain="c1-second.test", owner_login="c1")


def test_limits_kept_on_a_customer_are_taken_by_any_door_that_opens_its_hosting(panel, admin):
    from polypanel.core import customer_limits
    from polypanel.core.errors import Forbidden, Invalid

    with panel.context(admin) as ctx:
        plans.create(ctx, name="Kept", limits={"max_databases": 4})
        acc = accounts.create(ctx, role="customer", login="later", password=PW)
        customer_limits.keep(ctx, acc, limits={"max_mailboxes": 0}, plan_name="Kept")
        with pytest.raises(Invalid):
            customer_limits.keep(ctx, acc, limits={"max_customers": 3})
    with pytest.raises(Forbidden):
        with panel.context(panel.principal_for("later")) as ctx:
            customer_limits.keep(ctx, accounts.get(ctx, login="later"), limits={"max_mailboxes": 9})
    with panel.context(admin) as ctx:  # as the Plesk or WHM API would open it
        sub = subscriptions.create(ctx, domain="later.test", owner_login="later")
        assert (sub.plan.name, webspaces.limit(sub, "max_mailboxes"), webspaces.limit(sub, "max_databases")) == ("Kept", 0, 4)
        with pytest.raises(LimitExceeded):
            mail.create(ctx, domain=webspaces.main_domain(sub), name="one", password=PW)
