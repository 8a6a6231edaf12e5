"""listaccts and accountsummary read plain values (core.hosting_views); the account object they make
is the one the ORM rows give, field for field, for every kind of caller and account."""
from __future__ import annotations

import pytest

from polypanel.core import accounts, hosting_views, ips, plans, subscriptions
from polypanel.dialects.whm.accounts_view import account, account_of_view

PASSWORD = "Whm-View-Passw0rd!"


@pytest.fixture
def store(panel, admin):
    with panel.context(admin) as ctx:
        plans.create(ctx, name="wvplan", limits={"max_databases": 3, "disk_space_mb": 500, "traffic_mb": 100})
        r1 = accounts.create(ctx, role="reseller", login="wvres1", password=PASSWORD)
        c1 = accounts.create(ctx, role="customer", login="wvcust1", password=PASSWORD, email="c1@example.test")
        c2 = accounts.create(ctx, role="customer", login="wvcust2", password=PASSWORD, owner_login="wvres1")
        subscriptions.create(ctx, domain="wvcust1.example", owner_id=c1.id, plan_name="wvplan",
                             limits={"max_databases": 9})
        subscriptions.create(ctx, domain="wvcust2.example", owner_id=c2.id, status="suspended")
        subscriptions.create(ctx, domain="wvres1.example", owner_id=r1.id)
        subscriptions.create(ctx, domain="wvadmin.example", owner_id=admin.account_id)
        extra = plans.create(ctx, name="wvextra", kind=plans.ADDON, limits={"max_databases": 2})
        subscriptions.attach_addon(ctx, subscriptions.get(ctx, name="wvcust1.example"), extra)
        accounts.set_status(ctx, c1, "suspended")
        assert ips.list_(ctx)
    return panel


@pytest.mark.parametrize("who", ["admin", "wvres1", "wvcust1", "wvcust2"])
@pytest.mark.parametrize("v1", [True, False])
def test_the_view_gives_the_orm_account_object(store, who, v1):
    caller = store.admin() if who == "admin" else store.principal_for(who)
    with store.context(caller, read_only=True) as ctx:
        subs = subscriptions.list_(ctx)
        views = hosting_views.subscriptions(ctx)
        assert subs and [v.id for v in views] == [s.id for s in subs]
        for sub, view in zip(subs, views):
            if sub.addons:
                assert account(sub, "/", uid_of={})["maxsql"] == "11"  # 9 of its own + 2 of the add-on
            assert account_of_view(view, "/var/www/vhosts", v1=v1, uid_of={}) == \
                account(sub, "/var/www/vhosts", v1=v1, uid_of={})
