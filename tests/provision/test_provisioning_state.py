"""The state an API shows for an object: the job runner's outcome, per object.

A record that slipped into the store before the core refused such values is left out of its
zone, named on the record, and the rest of the zone applies; an FTP user the daemon's rules
refuse shows the tool's reason on that user only."""
from __future__ import annotations

from sqlalchemy import select

from polypanel.core import dns as core_dns
from polypanel.core import ftp as core_ftp
from polypanel.core import provisioning_state, subscriptions
from polypanel.store.models import DnsRecord, DnsZone, Domain, FtpUser

from .test_jobs import DRY, PASSWORD, new_customer_with_site, stack  # noqa: F401 - the fixture


def test_a_bad_record_is_shown_on_that_record_and_the_rest_of_the_zone_applies(stack, tmp_path):
    panel, runner = stack(DRY)
    new_customer_with_site(panel, "rec.test")
    with panel.context(panel.admin()) as ctx:  # as an older panel stored it, past today's checks
        zone = ctx.session.scalar(select(DnsZone).where(DnsZone.name == "rec.test"))
        zone.records.append(DnsRecord(name="bad.rec.test", type="TXT", value='"q"\nevil IN A 6.6.6.6', opt=""))
        core_dns.bump(ctx, zone)
    with panel.context(panel.admin()) as ctx:
        good = core_dns.add_record(ctx, core_dns.get_zone(ctx, name="rec.test"), type="A", host="good",
                                   value="192.0.2.77")
        good_id = good.id
    text = (tmp_path / "state/named/zones/rec.test.zone").read_text()
    assert "192.0.2.77" in text and "evil" not in text
    with panel.context(panel.admin()) as ctx:
        zone = core_dns.get_zone(ctx, name="rec.test")
        bad = next(r for r in zone.records if r.name == "bad.rec.test")
        state = provisioning_state.of_record(bad)
        assert state.status == "error" and state.message.startswith("skipped record bad.rec.test. TXT: ")
        assert provisioning_state.of_record(core_dns.get_record(ctx, good_id)).status == "ok"
        domain = ctx.session.scalar(select(Domain).where(Domain.ascii_name == "rec.test"))
        assert provisioning_state.of_domain(domain).status == "error"
        assert "dns: skipped record bad.rec.test. TXT" in provisioning_state.of_domain(domain).message
        core_dns.delete_record(ctx, bad)
    with panel.context(panel.admin()) as ctx:
        domain = ctx.session.scalar(select(Domain).where(Domain.ascii_name == "rec.test"))
        assert provisioning_state.of_domain(domain) == provisioning_state.State("ok")
        core_dns.add_record(ctx, core_dns.get_zone(ctx, name="rec.test"), type="A", host="later", value="192.0.2.78")
    assert "192.0.2.78" in (tmp_path / "state/named/zones/rec.test.zone").read_text()


def test_an_ftp_user_the_daemon_refuses_shows_why_and_the_others_stay_ok(stack):
    panel, runner = stack(DRY)
    new_customer_with_site(panel, "ftp.test")
    with panel.context(panel.admin()) as ctx:
        sub = subscriptions.get(ctx, name="ftp.test")
        core_ftp.create(ctx, subscription=sub, login="goodftp", password=PASSWORD)
        core_ftp.create(ctx, subscription=sub, login="spaceftp", password=PASSWORD, home="/httpdocs/my dir")
    with panel.context(panel.admin()) as ctx:
        users = {u.login: u for u in ctx.session.scalars(select(FtpUser))}
        refused = provisioning_state.of_ftp_user(users["spaceftp"])
        assert refused.status == "error" and "home must be an absolute path without spaces" in refused.message
        assert provisioning_state.of_ftp_user(users["goodftp"]).status == "ok"
