from __future__ import annotations

from dataclasses import dataclass

import pytest

from polypanel.core import accounts, databases, dns, domains, ftp, mail, subscriptions, webspaces
from polypanel.auth import keys

PW = "Str0ng-Pass!"


@dataclass
class Tenant:
    reseller: object
    customer: object
    subscription_id: int
    domain: str
    zone_record_id: int
    mailbox_id: int
    database_id: int
    db_user_id: int
    ftp_login: str
    key: str


def make_tenant(panel, admin, tag: str) -> Tenant:
    with panel.context(admin) as ctx:
        res = accounts.create(ctx, role="reseller", login=f"res-{tag}", password=PW, email=f"r@{tag}.test")
    rp = panel.principal_for(f"res-{tag}")
    with panel.context(rp) as ctx:
        cust = accounts.create(ctx, role="customer", login=f"cust-{tag}", password=PW)
        sub = subscriptions.create(ctx, domain=f"{tag}.test", owner_login=f"cust-{tag}", password=PW)
        main = webspaces.main_domain(sub)
        zone = dns.get_zone(ctx, name=main.name)
        rec = dns.add_record(ctx, zone, type="TXT", host="_acme-challenge", value="token")
        mb = mail.create(ctx, domain=main, name="info", password=PW)
        db = databases.create(ctx, subscription=sub, name=f"db_{tag}")
        dbu = databases.create_user(ctx, subscription=sub, login=f"u_{tag}", password=PW, database=db)
        f = ftp.create(ctx, subscription=sub, login=f"ftp-{tag}", password=PW)
    cp = panel.principal_for(f"cust-{tag}")
    with panel.context(cp) as ctx:
        _row, key = keys.create(ctx, description=tag)
    return Tenant(res, cust, sub.id, f"{tag}.test", rec.id, mb.id, db.id, dbu.id, f.login, key)


@pytest.fixture
def world(panel, admin):
    return {"a": make_tenant(panel, admin, "alpha"), "b": make_tenant(panel, admin, "bravo")}
