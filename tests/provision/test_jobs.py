"""End to end through the core: services queue jobs, the runner applies them
to real nginx, named and MariaDB, and what the API created really serves."""

from __future__ import annotations

import uuid

import dns.message
import dns.query
import pymysql
import pytest
from sqlalchemy import select

from polypanel.core import accounts, bootstrap, cascade, databases, subscriptions
from polypanel.core import dns as core_dns
from polypanel.core import mail as core_mail
from polypanel.core.panel import Panel
from polypanel.core.settings import CoreSettings
from polypanel.provision.configuration import build_provisioning
from polypanel.provision.desired import DesiredLayout, DesiredReader
from polypanel.provision.jobs import JobRunner
from polypanel.provision.ports import free_port
from polypanel.store.engine import make_engine
from polypanel.store.models import Domain, ProvisionJob

from tests.installed import require_server

from .conftest import http_get, require_binary

PASSWORD = "Cust0mer-Passw0rd!x"


@pytest.fixture
def stack(tmp_path, fresh_database_url):
    """A panel over a fresh store, its provisioning (dry unless a test asks
    for daemons) and a runner hooked into the panel as a job sink."""
    made = {}

    def make(sections: dict) -> tuple[Panel, JobRunner]:
        vhosts = tmp_path / "vhosts"
        engine = make_engine(fresh_database_url())
        settings = CoreSettings(hostname="panel.test", vhosts_root=str(vhosts), ip_addresses=("127.0.0.1",))
        panel = Panel(engine, settings)
        bootstrap.ensure(panel, "Adm1n-Passw0rd!")
        provisioning = build_provisioning(sections, tmp_path / "state")
        provisioning.start()
        made["engine"], made["provisioning"] = engine, provisioning
        runner = JobRunner.for_panel(panel, provisioning)
        assert runner.layout == DesiredLayout(str(vhosts), str(tmp_path / "state" / "vmail"))
        panel.job_sinks.append(runner.sink(timeout=60))
        return panel, runner

    yield make
    if "provisioning" in made:
        made["provisioning"].stop()
        made["engine"].dispose()


def new_customer_with_site(panel: Panel, domain: str):
    with panel.context(panel.admin()) as ctx:
        login = f"c{uuid.uuid4().hex[:8]}"
        accounts.create(ctx, role="customer", login=login, password=PASSWORD)
        return subscriptions.create(ctx, domain=domain, owner_login=login)


def jobs_by_status(panel: Panel) -> dict[str, int]:
    with panel.sessions() as session:
        counts: dict[str, int] = {}
        for job in session.scalars(select(ProvisionJob)):
            counts[job.status] = counts.get(job.status, 0) + 1
        return counts


DRY = {s: {"applier": "dry"} for s in ("web", "dns", "databases", "mail", "ftp")}


def test_dry_jobs_render_site_zone_and_mailbox(stack, tmp_path):
    panel, runner = stack(DRY)
    sub = new_customer_with_site(panel, "shop.test")
    assert (tmp_path / "state/nginx/sites/shop.test.conf").exists()
    zone_text = (tmp_path / "state/named/zones/shop.test.zone").read_text()
    assert "MX\t10 mail.shop.test." in zone_text and "v=spf1 +a +mx -all" in zone_text
    with panel.context(panel.admin()) as ctx:
        domain = ctx.session.scalar(select(Domain).where(Domain.ascii_name == "shop.test"))
        core_mail.create(ctx, domain=domain, name="info", password=PASSWORD, quota_mb=10, forwards=["boss@example.org"])
    passwd = (tmp_path / "state/mail/dovecot.passwd").read_text()
    assert passwd.startswith("info@shop.test:{SHA512-CRYPT}$6$")
    assert "info@shop.test info@shop.test, boss@example.org" in (tmp_path / "state/mail/virtual_aliases").read_text()
    assert jobs_by_status(panel) == {"done": jobs_by_status(panel)["done"]}
    with panel.sessions() as session:
        assert session.scalar(select(Domain.provision_status).where(Domain.ascii_name == "shop.test")) == "ok"

    # a full reconcile from the store changes nothing
    reports = runner.reconcile()
    assert not any(report.changed_anything for report in reports.values()), reports

    with panel.context(panel.admin()) as ctx:
        cascade.delete_subscription(ctx, ctx.session.merge(sub))
    assert not (tmp_path / "state/nginx/sites/shop.test.conf").exists()
    assert not (tmp_path / "state/named/zones/shop.test.zone").exists()
    assert "info@shop.test" not in (tmp_path / "state/mail/dovecot.passwd").read_text()


def test_recover_requeues_interrupted_jobs(stack):
    panel, runner = stack(DRY)
    with panel.sessions.begin() as session:
        session.add(ProvisionJob(service="web", target="gone.test", status="running", created_at=runner.clock()))
    assert runner.recover() == 1
    outcomes = runner.run_pending()
    assert [(o.target, o.status) for o in outcomes] == [("gone.test", "done")]


@pytest.mark.daemon
def test_customer_site_zone_and_database_really_serve(stack, tmp_path):
    require_binary("nginx", "named", "named-checkconf", "rndc")
    try:
        pymysql.connect(host="127.0.0.1", port=3306, user="root", password="", connect_timeout=3).close()
    except pymysql.MySQLError as exc:
        require_server("MariaDB at 127.0.0.1:3306", exc)
    http, https, dns_port = free_port(), free_port(), free_port()
    panel, runner = stack(
        {
            **DRY,
            "web": {"applier": "nginx", "http_port": str(http), "https_port": str(https), "listen": "127.0.0.1"},
            "dns": {"applier": "bind", "port": str(dns_port), "listen": "127.0.0.1"},
            "databases": {"applier": "real", "mysql_url": "mysql://root@127.0.0.1:3306", "postgresql_url": ""},
        }
    )

    def ask(name: str, rdtype: str) -> list[str]:
        response = dns.query.udp(dns.message.make_query(name, rdtype), "127.0.0.1", port=dns_port, timeout=2)
        return sorted(rr.to_text() for rrset in response.answer for rr in rrset if rrset.rdtype == dns.rdatatype.from_text(rdtype))

    sub = new_customer_with_site(panel, "bÿcher.test")  # an IDN
    ascii_name = "xn--bcher-2va.test"
    status, body = http_get(f"www.{ascii_name}", http)
    assert status == 200 and "bÿcher.test" in body
    assert ask(f"{ascii_name}.", "A") == ["127.0.0.1"]
    assert ask(f"{ascii_name}.", "MX") == [f"10 mail.{ascii_name}."]

    with panel.context(panel.admin()) as ctx:
        zone = core_dns.get_zone(ctx, name=ascii_name)
        core_dns.add_record(ctx, zone, type="TXT", host="_acme-challenge", value="dns-01-token")
    assert ask(f"_acme-challenge.{ascii_name}.", "TXT") == ['"dns-01-token"']

    db_name, login = f"pp_test_{uuid.uuid4().hex[:8]}", f"pp_test_{uuid.uuid4().hex[:8]}"
    with panel.context(panel.admin()) as ctx:
        subscription = ctx.session.merge(sub)
        database = databases.create(ctx, subscription=subscription, name=db_name)
        databases.create_user(ctx, subscription=subscription, login=login, password=PASSWORD, database=database)
    connection = pymysql.connect(host="127.0.0.1", port=3306, user=login, password=PASSWORD, database=db_name)
    connection.close()
    assert jobs_by_status(panel).keys() == {"done"}

    with panel.context(panel.admin()) as ctx:
        cascade.delete_subscription(ctx, ctx.session.merge(sub))
    assert http_get(ascii_name, http)[0] == 404
    assert ask(f"{ascii_name}.", "A") == []
    with pytest.raises(pymysql.err.OperationalError):
        pymysql.connect(host="127.0.0.1", port=3306, user=login, password=PASSWORD)
    assert db_name not in {row[0] for row in _root_query("SHOW DATABASES")}
    with panel.sessions() as session:
        assert DesiredReader(session, runner.layout).state().sites == ()


def _root_query(statement: str) -> list[tuple]:
    connection = pymysql.connect(host="127.0.0.1", port=3306, user="root", password="")
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return list(cursor.fetchall())
    finally:
        connection.close()


def test_done_jobs_are_pruned_after_a_week_failed_ones_kept(panel, admin, clock, tmp_path):
    """The jobs table does not grow without end: finished jobs go after seven days."""
    from sqlalchemy import select

    from polypanel.core import accounts as core_accounts, subscriptions as core_subscriptions
    from polypanel.provision import build_provisioning
    from polypanel.provision.jobs import JobRunner
    from polypanel.store.models import ProvisionJob

    dry = {s: {"applier": "dry"} for s in ("web", "dns", "databases", "mail", "ftp")}
    runner = JobRunner.for_panel(panel, build_provisioning(dry, tmp_path / "state"))
    with panel.context(admin) as ctx:
        core_accounts.create(ctx, role="customer", login="pruned", password="Str0ng-Pass!")
        core_subscriptions.create(ctx, domain="pruned.test", owner_login="pruned")
    assert runner.run_pending() and runner.run_pending() == []
    with panel.sessions() as s:
        first = {j.id for j in s.scalars(select(ProvisionJob))}
        s.add(ProvisionJob(service="dns", target="gone.test", status="failed", error="x", created_at=clock.now(),
                           finished_at=clock.now()))
        s.commit()
    clock.advance(days=8)
    with panel.context(admin) as ctx:
        core_subscriptions.update(ctx, core_subscriptions.get(ctx, name="pruned.test"), description="later")
    runner.run_pending()
    with panel.sessions() as s:
        left = list(s.scalars(select(ProvisionJob)))
    assert first and not first & {j.id for j in left}
    assert {(j.target, j.status) for j in left} >= {("gone.test", "failed"), ("pruned.test", "done")}
