from __future__ import annotations

import datetime
from pathlib import Path

import dns.message
import dns.query
import dns.rdatatype
import pytest

from polypanel.provision.daemons import NamedDaemon
from polypanel.provision.dns import DnsApplier, check_zones_in_process
from polypanel.provision.dry import DryBackend
from polypanel.provision.errors import ApplyFailed
from polypanel.provision.specs import RecordSpec, SoaSpec, ZoneSpec
from polypanel.provision.zonefile import next_serial

TODAY = datetime.date(2025, 3, 14)
RECORDS = (
    RecordSpec("@", "NS", "ns1.example.test."),
    RecordSpec("ns1", "A", "192.0.2.53"),
    RecordSpec("@", "A", "192.0.2.10"),
    RecordSpec("www", "CNAME", "@"),
    RecordSpec("@", "MX", "10 mail.example.test."),
    RecordSpec("mail", "A", "192.0.2.25", ttl=600),
)
ZONE = ZoneSpec("example.test", SoaSpec("ns1.example.test.", "hostmaster@example.test"), RECORDS)


def with_records(zone: ZoneSpec, *extra: RecordSpec) -> ZoneSpec:
    return ZoneSpec(zone.name, zone.soa, zone.records + extra, zone.ttl)


def ask(named: NamedDaemon, name: str, rdtype: str) -> list[str]:
    query = dns.message.make_query(name, rdtype)
    response = dns.query.udp(query, "127.0.0.1", port=named.port, timeout=2)
    return sorted(rr.to_text() for rrset in response.answer for rr in rrset)


def real_applier(named: NamedDaemon) -> DnsApplier:
    return DnsApplier(named.zones_dir, named.backend(), today=lambda: TODAY)


def test_serial_rules():
    assert next_serial(None, today=TODAY) == 2025031400
    assert next_serial(2025031400, today=TODAY) == 2025031401
    assert next_serial(2024123199, today=TODAY) == 2025031400
    assert next_serial(2025031599, today=TODAY) == 2025031600  # a serial from the future still grows
    assert next_serial(2025031400, floor=2030010100, today=TODAY) == 2030010100


def test_dry_zone_file_is_standard_master_format(tmp_path):
    applier = DnsApplier(tmp_path / "zones", DryBackend(check_zones_in_process), today=lambda: TODAY)
    applier.apply([with_records(ZONE, RecordSpec("_acme-challenge", "TXT", 'tok "en"'))])
    text = (tmp_path / "zones" / "example.test.zone").read_text()
    assert "$ORIGIN example.test." in text
    assert "IN\tSOA\tns1.example.test. hostmaster.example.test. (" in text
    assert "2025031400 ; serial" in text
    assert '_acme-challenge\t\tIN\tTXT\t"tok \\"en\\""' in text
    conf = (tmp_path / "zones" / "zones.conf").read_text()
    assert f'zone "example.test" {{\n\ttype primary;\n\tfile "{tmp_path}/zones/example.test.zone";' in conf


def test_serial_bumps_only_on_change(tmp_path):
    applier = DnsApplier(tmp_path / "zones", DryBackend(), today=lambda: TODAY)
    applier.apply([ZONE])
    assert applier.serial("example.test") == 2025031400
    again = applier.reconcile([ZONE])
    assert not again.changed_anything and applier.serial("example.test") == 2025031400
    applier.apply([with_records(ZONE, RecordSpec("new", "A", "192.0.2.1"))])
    assert applier.serial("example.test") == 2025031401


def test_a_bad_record_is_left_out_and_reported_and_the_rest_of_the_zone_applies(tmp_path):
    applier = DnsApplier(tmp_path / "zones", DryBackend(check_zones_in_process), today=lambda: TODAY)
    applier.apply([ZONE])
    with pytest.raises(ApplyFailed) as caught:
        applier.apply([with_records(ZONE, RecordSpec("bad", "A", "300.1.2.3"), RecordSpec("good", "A", "192.0.2.77"))])
    assert caught.value.rejected["example.test"].startswith("skipped record bad.example.test. A: ")
    text = (tmp_path / "zones" / "example.test.zone").read_text()
    assert "300.1.2.3" not in text and "192.0.2.77" in text
    assert caught.value.report.changed == ["example.test"]
    # once the bad record is gone, the zone applies cleanly
    report = applier.apply([with_records(ZONE, RecordSpec("good", "A", "192.0.2.77"))])
    assert report.rejected == {} and "192.0.2.77" in (tmp_path / "zones" / "example.test.zone").read_text()


@pytest.mark.parametrize("rtype,rdata", [
    ("TXT", '"a"\n$INCLUDE /etc/shadow'),
    ("TXT", '"q"\nevil IN A 6.6.6.6'),
    ("TXT", '"a" ; comment'),
    ("TXT", '"unterminated'),
    ("MX", "10 mail.example.test. extra"),
])
def test_record_injection_is_refused(tmp_path, rtype, rdata):
    applier = DnsApplier(tmp_path / "zones", DryBackend(), today=lambda: TODAY)
    with pytest.raises(ApplyFailed) as caught:
        applier.apply([with_records(ZONE, RecordSpec("x", rtype, rdata))])
    assert caught.value.rejected["example.test"].startswith(f"skipped record x.example.test. {rtype}: ")
    text = (tmp_path / "zones" / "example.test.zone").read_text()
    assert "INCLUDE" not in text and "evil" not in text and "comment" not in text and "\nx\t" not in text
    assert "192.0.2.10" in text


@pytest.mark.daemon
def test_zone_served_txt_visible_right_after_apply(named):
    applier = real_applier(named)
    applier.apply([ZONE])
    assert ask(named, "example.test.", "A") == ["192.0.2.10"]
    assert ask(named, "example.test.", "MX") == ["10 mail.example.test."]
    assert "192.0.2.10" in ask(named, "www.example.test.", "A")

    report = applier.apply([with_records(ZONE, RecordSpec("_acme-challenge", "TXT", "dns-01-token"))])
    assert report.changed == ["example.test"] and report.reloaded
    assert ask(named, "_acme-challenge.example.test.", "TXT") == ['"dns-01-token"']
    assert ask(named, "example.test.", "SOA")[0].split()[2] == "2025031401"


@pytest.mark.daemon
def test_rejected_zone_keeps_previous_zone_serving(named):
    applier = real_applier(named)
    other = ZoneSpec("other.test", ZONE.soa, (RecordSpec("@", "NS", "ns1.example.test."),))
    applier.apply([ZONE])
    broken = with_records(ZONE, RecordSpec("www", "A", "192.0.2.99"))  # beside www's CNAME
    with pytest.raises(ApplyFailed) as caught:
        applier.apply([broken, other])
    message = caught.value.rejected["example.test"]
    assert "CNAME and other data" in message
    assert caught.value.report.changed == ["other.test"]
    assert (named.zones_dir / "example.test.zone.err").read_text().count("192.0.2.99") == 1
    assert applier.serial("example.test") == 2025031400
    assert ask(named, "example.test.", "A") == ["192.0.2.10"]
    assert ask(named, "other.test.", "NS") == ["ns1.example.test."]


@pytest.mark.daemon
def test_removed_zone_is_no_longer_served(named):
    applier = real_applier(named)
    applier.apply([ZONE])
    report = applier.reconcile([])
    assert report.removed == ["example.test"]
    response = dns.query.udp(dns.message.make_query("example.test.", "A"), "127.0.0.1", port=named.port, timeout=2)
    assert response.rcode() != 0 and not response.answer
    assert "example.test" not in (named.zones_dir / "zones.conf").read_text()


@pytest.mark.daemon
def test_zone_transfer_allowed_to_secondary(named):
    applier = DnsApplier(named.zones_dir, named.backend(), allow_transfer=["127.0.0.1"], today=lambda: TODAY)
    applier.apply([ZONE])
    import dns.zone

    zone = dns.zone.from_xfr(dns.query.xfr("127.0.0.1", "example.test.", port=named.port, timeout=5))
    assert zone.get_rdataset("mail", dns.rdatatype.A)[0].to_text() == "192.0.2.25"


def test_named_checkconf_validates_real_tool(tmp_path):
    from .conftest import require_binary

    require_binary("named-checkconf")
    from polypanel.provision.bind import BindBackend

    applier = DnsApplier(Path(tmp_path / "zones"), BindBackend(rndc=["true"]), today=lambda: TODAY)
    applier.apply([ZONE])
    with pytest.raises(ApplyFailed) as caught:
        applier.apply([ZoneSpec("lonely.test", ZONE.soa, (RecordSpec("@", "A", "192.0.2.1"),))])
    assert "NS" in caught.value.rejected["lonely.test"]


@pytest.mark.daemon
def test_dry_and_real_render_the_same_zone_files(tmp_path, named):
    real = real_applier(named)
    dry = DnsApplier(tmp_path / "dry-zones", DryBackend(check_zones_in_process), today=lambda: TODAY)
    real.apply([ZONE])
    dry.apply([ZONE])
    assert (named.zones_dir / "example.test.zone").read_text() == (tmp_path / "dry-zones" / "example.test.zone").read_text()


@pytest.mark.daemon
def test_a_bad_record_does_not_block_its_zone_on_a_real_server(named):
    applier = real_applier(named)
    applier.apply([ZONE])
    with pytest.raises(ApplyFailed) as caught:
        applier.apply([with_records(ZONE, RecordSpec("bad", "TXT", '"q"\nevil IN A 6.6.6.6'),
                                    RecordSpec("good", "A", "192.0.2.77"))])
    assert "skipped record bad.example.test. TXT" in caught.value.rejected["example.test"]
    assert ask(named, "good.example.test.", "A") == ["192.0.2.77"]
    assert ask(named, "evil.example.test.", "A") == []


@pytest.mark.daemon
def test_a_zone_the_server_refuses_is_reported_and_takes_changes_again_once_fixed(named):
    applier = real_applier(named)
    applier.apply([ZONE])
    clash = RecordSpec("www", "A", "192.0.2.99")  # passes the record check, the server refuses the zone
    with pytest.raises(ApplyFailed) as caught:
        applier.apply([with_records(ZONE, clash)])
    assert "CNAME and other data" in caught.value.rejected["example.test"]
    with pytest.raises(ApplyFailed):  # while it stays, the zone keeps its last good version
        applier.apply([with_records(ZONE, clash, RecordSpec("later", "A", "192.0.2.78"))])
    assert ask(named, "later.example.test.", "A") == []
    report = applier.apply([with_records(ZONE, RecordSpec("later", "A", "192.0.2.78"))])
    assert report.rejected == {} and report.changed == ["example.test"]
    assert ask(named, "later.example.test.", "A") == ["192.0.2.78"]
