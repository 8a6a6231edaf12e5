import pytest

from polypanel.core import accounts, dns, subscriptions, validation
from polypanel.core.errors import AlreadyExists, Invalid

PW = "Str0ng-Pass!"


@pytest.mark.parametrize("name", ["", "a", "-bad.test", "bad-.test", "under_score.test", "x" * 64 + ".test",
                                  "1.2.3.4", "spaces here.test", "a..b.test"])
def test_bad_domain_names(name):
    with pytest.raises(Invalid):
        validation.domain_name(name)


def test_idn_is_stored_both_ways():
    assert validation.domain_name("Bücher.Example.") == ("bücher.example", "xn--bcher-kva.example")
    assert validation.domain_name("xn--bcher-kva.example") == ("bücher.example", "xn--bcher-kva.example")


@pytest.mark.parametrize("pw", ["short1A", "alllowercase", "ALLUPPER123", "12345678"])
def test_weak_passwords_refused(panel, admin, pw):
    with pytest.raises(Invalid) as e:
        with panel.context(admin) as ctx:
            accounts.create(ctx, role="customer", login="weak", password=pw)
    assert e.value.field == "password"


@pytest.mark.parametrize("login", ["", "has space", "-dash", "root", "x" * 65, "é"])
def test_bad_logins(panel, admin, login):
    with pytest.raises(Invalid):
        with panel.context(admin) as ctx:
            accounts.create(ctx, role="customer", login=login, password=PW)


def test_duplicate_login_case_insensitive(panel, admin):
    with panel.context(admin) as ctx:
        accounts.create(ctx, role="customer", login="John", password=PW)
    with pytest.raises(AlreadyExists):
        with panel.context(admin) as ctx:
            accounts.create(ctx, role="customer", login="john", password=PW)


def test_bad_email(panel, admin):
    with pytest.raises(Invalid) as e:
        with panel.context(admin) as ctx:
            accounts.create(ctx, role="customer", login="mailless", password=PW, email="not-an-email")
    assert e.value.field == "email"


@pytest.mark.parametrize("rtype,host,value,opt", [
    ("A", "www2", "999.1.1.1", ""),
    ("AAAA", "v6", "not-v6", ""),
    ("MX", "", "mail.x.test", "high"),
    ("SRV", "_sip._tcp", "sip.x.test", "10 5"),
    ("CNAME", "www", "other.test.", ""),  # www already has a CNAME
    ("BOGUS", "x", "y", ""),
    ("A", "outside.other.", "192.0.2.1", ""),
    ("TXT", "t", "", ""),
])
def test_bad_dns_records(panel, admin, rtype, host, value, opt):
    with panel.context(admin) as ctx:
        accounts.create(ctx, role="customer", login="dnsc", password=PW)
        subscriptions.create(ctx, domain="x.test", owner_login="dnsc")
    with panel.context(admin) as ctx:
        zone = dns.get_zone(ctx, name="x.test")
        serial, records = zone.serial, sorted((r.name, r.type, r.value) for r in zone.records)
    with pytest.raises(Invalid):
        with panel.context(admin) as ctx:
            dns.add_record(ctx, dns.get_zone(ctx, name="x.test"), type=rtype, host=host, value=value, opt=opt)
    with panel.context(admin) as ctx:
        zone = dns.get_zone(ctx, name="x.test")
        # The refused record left the zone as it was: same records, same serial.
        assert zone.serial == serial and sorted((r.name, r.type, r.value) for r in zone.records) == records
        assert len(records) == 12


def test_dns_record_forms_and_serial(panel, admin, clock):
    with panel.context(admin) as ctx:
        accounts.create(ctx, role="customer", login="dnsc", password=PW)
        subscriptions.create(ctx, domain="x.test", owner_login="dnsc")
    with panel.context(admin) as ctx:
        zone = dns.get_zone(ctx, name="x.test")
        first = zone.serial
        assert first == 2026010100
        mx = dns.add_record(ctx, zone, type="mx", host="@", value="mx2", opt="20")
        assert (mx.type, mx.name, mx.value, mx.opt) == ("MX", "x.test", "mx2.x.test", "20")
        srv = dns.add_record(ctx, zone, type="SRV", host="_sip._tcp", value="sip.example.net.", opt="10 5 5060")
        assert srv.name == "_sip._tcp.x.test" and srv.value == "sip.example.net"
        assert zone.serial == first + 2
    clock.advance(days=1)
    with panel.context(admin) as ctx:
        zone = dns.get_zone(ctx, name="x.test")
        dns.add_record(ctx, zone, type="TXT", host="_acme-challenge", value="abc")
        assert zone.serial == 2026010200


@pytest.mark.parametrize("field,length", [("country", 3), ("locale", 17), ("phone", 65), ("postal_code", 33), ("name", 256)])
def test_profile_fields_longer_than_the_store_holds_are_refused(panel, admin, field, length):
    with pytest.raises(Invalid) as e:
        with panel.context(admin) as ctx:
            accounts.create(ctx, role="customer", login="longish", password=PW, **{field: "x" * length})
    assert e.value.field == field
    with panel.context(admin) as ctx:
        assert [a.login for a in accounts.list_(ctx)] == ["admin"]


def test_dns_template_shapes_new_zones_only(panel, admin):
    from polypanel.core import dns_template
    from polypanel.core.errors import Forbidden

    with panel.context(admin) as ctx:
        accounts.create(ctx, role="customer", login="tpl", password=PW)
        subscriptions.create(ctx, domain="before.test", owner_login="tpl")
        row = dns_template.add(ctx, type="TXT", host="_verify", value="site=<domain>")
        assert row.host == "_verify.<domain>"
        spf = next(r for r in dns_template.list_(ctx) if r.value.startswith("v=spf1"))
        dns_template.delete(ctx, spf.id)
        subscriptions.create(ctx, domain="after.test", owner_login="tpl")
    with panel.context(admin) as ctx:
        after = {(r.type, r.name, r.value) for r in dns.get_zone(ctx, name="after.test").records}
        before = {(r.type, r.name, r.value) for r in dns.get_zone(ctx, name="before.test").records}
    assert ("TXT", "_verify.after.test", "site=after.test") in after
    assert ("TXT", "after.test", "v=spf1 +a +mx -all") not in after
    assert ("TXT", "before.test", "v=spf1 +a +mx -all") in before  # existing zones keep their records
    with pytest.raises(Invalid):
        with panel.context(admin) as ctx:
            dns_template.add(ctx, type="A", host="x", value="not-an-ip")
    with pytest.raises(Forbidden):
        with panel.context(panel.principal_for("tpl")) as ctx:
            dns_template.add(ctx, type="A", host="x", value="192.0.2.3")
