"""Every write service of the core, called by another tenant on tenant A's objects: refused, store unchanged.

The object is handed to the write function as loaded without any tenancy filter (as a dialect with a
careless lookup would), so the write function's own check is what is tested, not the lookup's. Each row
of the table is run as:
- tenant B's customer and tenant B's reseller: NotFound or Forbidden, and not one row of the store changes;
- tenant A's reseller (the owner chain): the same call works and changes the store, so the row can fail.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from polypanel.core import accounts, cascade, databases, dns, domains, ftp, mail, subscriptions, webspaces
from polypanel.core.errors import Forbidden, NotFound
from polypanel.store import models as m

from tests.core.conftest import PW

# Tables whose rows make up a tenant's objects (the audit log and the job queue are not compared).
TABLES = [m.Account, m.Subscription, m.Domain, m.DnsZone, m.DnsRecord, m.Mailbox, m.Database, m.DatabaseUser,
          m.FtpUser]


def snapshot(panel) -> dict:
    with panel.context(panel.admin(), read_only=True) as ctx:
        out = {}
        for model in TABLES:
            cols = [c.key for c in model.__table__.columns]
            rows = ctx.session.execute(select(*[getattr(model, c) for c in cols])).all()
            out[model.__tablename__] = sorted((tuple(map(repr, r)) for r in rows))
        return out


class Objects:
    """Tenant A's objects, loaded in the caller's session without any tenancy filter."""

    def __init__(self, ctx, t):
        s = ctx.session
        self.customer = s.get(m.Account, t.customer.id)
        self.reseller = s.get(m.Account, t.reseller.id)
        self.sub = s.get(m.Subscription, t.subscription_id)
        self.main = webspaces.main_domain(self.sub)
        self.addon = s.scalar(select(m.Domain).where(m.Domain.subscription_id == t.subscription_id,
                                                     m.Domain.kind == "addon"))
        self.zone = s.scalar(select(m.DnsZone).where(m.DnsZone.domain_id == self.main.id))
        self.record = s.get(m.DnsRecord, t.zone_record_id)
        self.mailbox = s.get(m.Mailbox, t.mailbox_id)
        self.database = s.get(m.Database, t.database_id)
        self.db_user = s.get(m.DatabaseUser, t.db_user_id)
        self.ftp_user = s.scalar(select(m.FtpUser).where(m.FtpUser.login == t.ftp_login))


# name -> the write, on tenant A's objects
WRITES = {
    # create, in or for tenant A
    "account create": lambda ctx, o: accounts.create(ctx, role="customer", login="stolen", password=PW,
                                                     owner_login=o.reseller.login),
    "subscription create": lambda ctx, o: subscriptions.create(ctx, domain="planted.test", owner_login=o.customer.login),
    "domain create (add-on)": lambda ctx, o: domains.create(ctx, subscription=o.sub, name="planted-addon.test"),
    "domain create (subdomain)": lambda ctx, o: domains.create(ctx, subscription=o.sub, name="evil." + o.main.name,
                                                               kind="subdomain"),
    "domain create (alias)": lambda ctx, o: domains.create(ctx, subscription=o.sub, name="planted-alias.test",
                                                           kind="alias"),
    "dns record create": lambda ctx, o: dns.add_record(ctx, o.zone, type="A", host="evil", value="192.0.2.66"),
    "mailbox create": lambda ctx, o: mail.create(ctx, domain=o.main, name="evil", password=PW),
    "database create": lambda ctx, o: databases.create(ctx, subscription=o.sub, name="db_planted"),
    "database user create": lambda ctx, o: databases.create_user(ctx, subscription=o.sub, login="u_planted",
                                                                 password=PW, database=o.database),
    "ftp user create": lambda ctx, o: ftp.create(ctx, subscription=o.sub, login="ftp-planted", password=PW),
    # change
    "account update": lambda ctx, o: accounts.update(ctx, o.customer, name="Hijacked", password="N3w-Passw0rd!"),
    "account suspend": lambda ctx, o: accounts.set_status(ctx, o.customer, "suspended"),
    "subscription update": lambda ctx, o: subscriptions.update(ctx, o.sub, password="N3w-Passw0rd!",
                                                               description="hijacked"),
    "domain update": lambda ctx, o: domains.update(ctx, o.main, description="hijacked",
                                                   hosting_type="standard_forwarding", forward_url="https://evil.example/"),
    "dns record update": lambda ctx, o: dns.update_record(ctx, o.record, value="hijacked"),
    "mailbox update": lambda ctx, o: mail.update(ctx, o.mailbox, password="N3w-Passw0rd!", forwards=["x@evil.example"]),
    "database user update": lambda ctx, o: databases.update_user(ctx, o.db_user, password="N3w-Passw0rd!"),
    "ftp user update": lambda ctx, o: ftp.update(ctx, o.ftp_user, password="N3w-Passw0rd!", home="/httpdocs"),
    # delete
    "account delete": lambda ctx, o: cascade.delete_account(ctx, o.customer),
    "subscription delete": lambda ctx, o: cascade.delete_subscription(ctx, o.sub),
    "domain delete (main)": lambda ctx, o: cascade.delete_domain(ctx, o.main),
    "domain delete (add-on)": lambda ctx, o: cascade.delete_domain(ctx, o.addon),
    "dns record delete": lambda ctx, o: dns.delete_record(ctx, o.record),
    "mailbox delete": lambda ctx, o: mail.delete(ctx, o.mailbox),
    "database delete": lambda ctx, o: databases.delete(ctx, o.database),
    "database user delete": lambda ctx, o: databases.delete_user(ctx, o.db_user),
    "ftp user delete": lambda ctx, o: ftp.delete(ctx, o.ftp_user),
}


@pytest.fixture
def tenants(panel, world):
    # An add-on domain beside the main one, so that deleting a non-main domain is covered too.
    with panel.context(panel.principal_for(world["a"].reseller.login)) as ctx:
        domains.create(ctx, subscription=subscriptions.get(ctx, id=world["a"].subscription_id), name="alpha-addon.test")
    return world


def login_of(world, who: str) -> str:
    tag, role = who.split(":")
    return world[tag].customer.login if role == "customer" else world[tag].reseller.login


@pytest.mark.parametrize("write", sorted(WRITES))
def test_another_tenant_cannot_write(panel, tenants, write):
    before = snapshot(panel)
    for who in ("b:customer", "b:reseller"):
        with pytest.raises((NotFound, Forbidden)):
            with panel.context(panel.principal_for(login_of(tenants, who))) as ctx:
                WRITES[write](ctx, Objects(ctx, tenants["a"]))
        assert snapshot(panel) == before, who


@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_owners_reseller_can(panel, tenants, write):
    before = snapshot(panel)
    with panel.context(panel.principal_for(login_of(tenants, "a:reseller"))) as ctx:
        WRITES[write](ctx, Objects(ctx, tenants["a"]))
    assert snapshot(panel) != before


def test_a_refused_write_reads_like_a_missing_object(panel, tenants):
    """The refusal does not tell that the object exists: the same error as for a lookup of a missing one."""
    bc = panel.principal_for(login_of(tenants, "b:customer"))
    with pytest.raises(NotFound) as foreign:
        with panel.context(bc) as ctx:
            databases.delete(ctx, Objects(ctx, tenants["a"]).database)
    with pytest.raises(NotFound) as missing:
        with panel.context(bc) as ctx:
            databases.get(ctx, 999999)
    assert foreign.value.kind == missing.value.kind
