"""The plain-value lists (core/hosting_views.py, core/service_views.py) hold, for every kind of caller,
the same objects with the same values as the ORM services and their rules (tenancy, effective status,
reseller, limits, main domain), over a store of several tenants."""
from __future__ import annotations

import pytest

from polypanel.core import (accounts, databases, dns, domains, ftp, hosting_accounts, hosting_views, mail, plans,
                            service_views, subscriptions, webspaces)
from polypanel.core.errors import NotFound

PASSWORD = "Views-Passw0rd!4"
CALLERS = ("admin", "vres1", "vres2", "vcust1", "vcust2", "vcust3")


@pytest.fixture
def store(panel, admin):
    with panel.context(admin) as ctx:
        plans.create(ctx, name="vplan", limits={"max_databases": 3, "disk_space_mb": 500})
        r1 = accounts.create(ctx, role="reseller", login="vres1", password=PASSWORD)
        r2 = accounts.create(ctx, role="reseller", login="vres2", password=PASSWORD)
        c1 = accounts.create(ctx, role="customer", login="vcust1", password=PASSWORD, email="c1@example.test")
        c2 = accounts.create(ctx, role="customer", login="vcust2", password=PASSWORD, owner_login="vres1")
        c3 = accounts.create(ctx, role="customer", login="vcust3", password=PASSWORD, owner_login="vres2")
        s1 = subscriptions.create(ctx, domain="vcust1.example", owner_id=c1.id, plan_name="vplan",
                                  limits={"max_databases": 9})
        s2 = subscriptions.create(ctx, domain="vcust2.example", owner_id=c2.id)
        subscriptions.create(ctx, domain="vcust2-b.example", owner_id=c2.id, status="suspended")
        s3 = subscriptions.create(ctx, domain="vcust3.example", owner_id=c3.id)
        subscriptions.create(ctx, domain="vres1-own.example", owner_id=r1.id)
        subscriptions.create(ctx, domain="vadmin-own.example", owner_id=admin.account_id)
        domains.create(ctx, subscription=s1, name="blog.vcust1.example", kind="subdomain")
        domains.create(ctx, subscription=s1, name="vcust1-alias.example", kind="alias")
        domains.create(ctx, subscription=s2, name="vcust2-addon.example", kind="addon", hosting_type="none")
        mail.create(ctx, domain=domains.get(ctx, name="vcust1.example"), name="info", password=PASSWORD,
                    forwards=["x@example.net"], quota_mb=100)
        mail.create(ctx, domain=domains.get(ctx, name="vcust3.example"), name="post", password=PASSWORD)
        databases.create(ctx, subscription=s1, name="vdbone")
        databases.create(ctx, subscription=s3, name="vdbtwo", type="postgresql")
        ftp.create(ctx, subscription=s2, login="vftpone", password=PASSWORD, home="/pub")
        extra = plans.create(ctx, name="vextra", kind=plans.ADDON, limits={"max_databases": 2, "max_mailboxes": -1})
        subscriptions.attach_addon(ctx, s1, extra)  # add-on limits add to the plan's (Plesk)
        accounts.set_status(ctx, r2, "suspended")
    return panel


def _caller(panel, who):
    return panel.admin() if who == "admin" else panel.principal_for(who)


@pytest.mark.parametrize("who", CALLERS)
def test_subscription_views_match_the_orm_rules(store, who):
    with store.context(_caller(store, who), read_only=True) as ctx:
        subs = subscriptions.list_(ctx)
        views = hosting_views.subscriptions(ctx)
        assert [v.id for v in views] == [s.id for s in subs]
        assert subs or who == "vres2"  # a suspended reseller still sees its customers' hosting
        for sub, v in zip(subs, views):
            assert (v.guid, v.system_user, v.status, v.owner_id, v.owner_login, v.owner_email) == \
                (sub.guid, sub.system_user, sub.status, sub.owner_id, sub.owner.login, sub.owner.email)
            assert v.effective_status == webspaces.effective_status(sub)
            seller = hosting_accounts.reseller_of(sub)
            assert (v.reseller_id, v.reseller_login, v.reseller_role) == \
                ((seller.id, seller.login, seller.role) if seller else (None, "", ""))
            assert v.plan_name == (sub.plan.name if sub.plan else None)
            merged = {**(sub.plan.limits if sub.plan else {}), **(sub.limits or {})}
            assert v.limits == {key: webspaces.limit(sub, key) for key in merged}
            for key in ("max_databases", "disk_space_mb", "max_mailboxes"):
                assert v.limit(key) == webspaces.limit(sub, key)
            main = webspaces.main_domain(sub)
            assert (v.main_domain_id, v.main_domain, v.main_domain_name) == (main.id, main.ascii_name, main.name)
            assert (v.ip_address, v.created_at) == (sub.ip.address if sub.ip else None, sub.created_at)
            assert hosting_views.subscription(ctx, system_user=sub.system_user) == v
            assert hosting_views.subscription(ctx, domain=main.name.upper()) == v
            assert hosting_views.first_subscriptions(ctx)[sub.owner_id].id == \
                subscriptions.list_(ctx, owner_id=sub.owner_id)[0].id


def test_a_view_shows_the_suspensions_and_limits_it_is_meant_to(store):
    with store.context(store.admin(), read_only=True) as ctx:
        by_domain = {v.main_domain: v for v in hosting_views.subscriptions(ctx)}
    assert by_domain["vcust3.example"].effective_status == "suspended"  # its reseller is suspended
    assert by_domain["vcust2-b.example"].effective_status == "suspended"
    assert by_domain["vcust1.example"].limit("max_databases") == 9 + 2  # own value plus the add-on's
    assert by_domain["vcust1.example"].limits["max_databases"] == 11
    assert by_domain["vcust2.example"].effective_status == "active"
    assert by_domain["vcust1.example"].own_limits["max_databases"] == 9 and by_domain["vcust1.example"].limit(
        "disk_space_mb") == 500
    assert (by_domain["vcust2.example"].reseller_login, by_domain["vres1-own.example"].reseller_login) == ("vres1",
                                                                                                          "vres1")


@pytest.mark.parametrize("who", CALLERS)
def test_another_tenants_subscription_is_not_found(store, who):
    with store.context(store.admin(), read_only=True) as ctx:
        everyone = {s.system_user for s in subscriptions.list_(ctx)}
    with store.context(_caller(store, who), read_only=True) as ctx:
        mine = {s.system_user for s in subscriptions.list_(ctx)}
        for user in everyone - mine:
            with pytest.raises(NotFound):
                hosting_views.subscription(ctx, system_user=user)
        with pytest.raises(NotFound):
            hosting_views.subscription(ctx, domain="not a domain!")
        with pytest.raises(NotFound):
            hosting_views.subscription(ctx, id=999999)


@pytest.mark.parametrize("who", CALLERS)
def test_domain_views_match_the_orm(store, who):
    with store.context(_caller(store, who), read_only=True) as ctx:
        rows = domains.list_(ctx)
        views = hosting_views.domains(ctx)
        assert [v.id for v in views] == [d.id for d in rows]
        for d, v in zip(rows, views):
            assert (v.name, v.ascii_name, v.kind, v.parent_id, v.hosting_type, v.document_root, v.status) == \
                (d.name, d.ascii_name, d.kind, d.parent_id, d.hosting_type, d.document_root, d.status)
            assert v.php_enabled == bool((d.php or {}).get("enabled", True))
            assert (v.subscription_id, v.subscription_status, v.owner_login, v.ip_address) == \
                (d.subscription_id, d.subscription.status, d.subscription.owner.login, d.subscription.ip.address)
            assert hosting_views.domain_of(d) == v
        kinds = ("main", "addon")
        assert [v.id for v in hosting_views.domains(ctx, kinds=kinds)] == [d.id for d in domains.list_(ctx, kinds=kinds)]


@pytest.mark.parametrize("who", CALLERS)
def test_service_views_match_the_orm(store, who):
    with store.context(_caller(store, who), read_only=True) as ctx:
        assert [(z.id, z.name, z.status, z.owner_login) for z in service_views.zones(ctx)] == \
            [(z.id, z.name, z.status, z.domain.subscription.owner.login) for z in dns.list_zones(ctx)]
        assert [(d.id, d.name, d.type, d.subscription_id, d.owner_login) for d in service_views.databases(ctx)] == \
            [(d.id, d.name, d.type, d.subscription_id, d.subscription.owner.login) for d in databases.list_(ctx)]
        boxes = mail.list_(ctx)
        assert [(m.id, m.address, m.quota_mb, m.enabled, m.forwards, m.owner_login) for m in service_views.mailboxes(ctx)] \
            == [(m.id, f"{m.local_part}@{m.domain.ascii_name}", m.quota_mb, m.enabled, m.forwards,
                 m.domain.subscription.owner.login) for m in boxes]
        assert [service_views.mailbox_of(m) for m in boxes] == service_views.mailboxes(ctx)
        assert [(u.id, u.login, u.home, u.owner_login) for u in service_views.ftp_users(ctx)] == \
            [(u.id, u.login, u.home, u.subscription.owner.login) for u in ftp.list_(ctx)]
    if who == "admin":  # the lists are not empty, so the comparisons above compared something
        with store.context(store.admin(), read_only=True) as ctx:
            assert all((service_views.zones(ctx), service_views.databases(ctx), service_views.mailboxes(ctx),
                        service_views.ftp_users(ctx)))
