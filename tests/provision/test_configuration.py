from __future__ import annotations

import configparser

import pytest

from polypanel.provision.configuration import build_provisioning
from polypanel.provision.dry import DryBackend
from polypanel.provision.errors import ConfigError
from polypanel.provision.ports import free_port
from polypanel.provision.specs import DesiredState, RecordSpec, SiteSpec, SoaSpec, ZoneSpec

from .conftest import http_get, require_binary

ALL_DRY = {s: {"applier": "dry"} for s in ("web", "dns", "databases", "mail", "ftp")}


def test_all_dry(tmp_path):
    provisioning = build_provisioning(ALL_DRY, tmp_path)
    assert provisioning.backends == {"web": "dry", "dns": "dry", "db": "dry+dry", "mail": "dry", "ftp": "dry"}
    assert isinstance(provisioning.web.backend, DryBackend)
    assert provisioning.daemons == []
    reports = provisioning.reconcile(DesiredState(sites=(SiteSpec("a.test"),)))
    assert reports["web"].changed == ["a.test"]
    assert (tmp_path / "nginx" / "sites" / "a.test.conf").exists()


def test_configparser_sections_and_bad_values(tmp_path):
    ini = configparser.ConfigParser()
    ini.read_string("[web]\napplier = dry\nhttp_port = 18080\nlisten = 127.0.0.1, ::1\n[dns]\napplier = dry\n")
    provisioning = build_provisioning(ini, tmp_path)
    assert provisioning.web.http_port == 18080 and provisioning.web.listen == ["127.0.0.1:", "[::1]:"]
    with pytest.raises(ConfigError):
        build_provisioning({**ALL_DRY, "web": {"applier": "apache"}}, tmp_path)
    with pytest.raises(ConfigError):
        build_provisioning({**ALL_DRY, "dns": {"applier": "knot"}}, tmp_path)
    with pytest.raises(ConfigError):
        build_provisioning({**ALL_DRY, "web": {"applier": "dry", "http_port": "eighty"}}, tmp_path)


def test_auto_falls_back_to_dry_with_a_warning(tmp_path, caplog):
    sections = {**ALL_DRY, "web": {"applier": "auto", "nginx": "/nonexistent/nginx"}}
    provisioning = build_provisioning(sections, tmp_path)
    assert provisioning.backends["web"] == "dry"
    assert any("[web]" in w for w in provisioning.warnings)
    assert "dry applier" in caplog.text


def test_auto_database_server_unreachable_is_dry(tmp_path):
    sections = {**ALL_DRY, "databases": {"mysql_url": f"mysql://root@127.0.0.1:{free_port()}", "postgresql_url": ""}}
    provisioning = build_provisioning(sections, tmp_path)
    assert provisioning.backends["db"] == "dry+dry"
    assert provisioning.warnings


@pytest.mark.daemon
def test_supervised_stand_in_serves_site_and_zone(tmp_path):
    require_binary("nginx", "named", "named-checkconf", "rndc")
    import dns.message
    import dns.query

    http, https, dns_port = free_port(), free_port(), free_port()
    sections = {
        **ALL_DRY,
        "web": {"applier": "auto", "http_port": str(http), "https_port": str(https), "listen": "127.0.0.1"},
        "dns": {"applier": "bind", "port": str(dns_port), "listen": "127.0.0.1"},
    }
    with build_provisioning(sections, tmp_path) as provisioning:
        assert provisioning.backends["web"] == "nginx" and provisioning.backends["dns"] == "bind"
        zone = ZoneSpec("stand.test", SoaSpec("ns.stand.test.", "admin@stand.test"), (
            RecordSpec("@", "NS", "ns"), RecordSpec("ns", "A", "127.0.0.1"), RecordSpec("@", "A", "127.0.0.1"),
        ))  # fmt: skip
        reports = provisioning.reconcile(DesiredState(sites=(SiteSpec("stand.test"),), zones=(zone,)))
        assert reports["web"].changed == ["stand.test"] and reports["dns"].changed == ["stand.test"]
        assert http_get("stand.test", http)[0] == 200
        assert http_get("stand.test", https, https=True)[0] == 200
        answer = dns.query.udp(dns.message.make_query("stand.test.", "A"), "127.0.0.1", port=dns_port, timeout=2)
        assert answer.answer[0][0].to_text() == "127.0.0.1"
        again = provisioning.reconcile(DesiredState(sites=(SiteSpec("stand.test"),), zones=(zone,)))
        assert not any(report.changed_anything for report in again.values())
    assert all(not daemon.running for daemon in provisioning.daemons)
