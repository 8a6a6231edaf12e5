from __future__ import annotations

from pathlib import Path

import pytest

from polypanel.provision import web as web_module
from polypanel.provision.daemons import NginxDaemon
from polypanel.provision.dry import DryBackend
from polypanel.provision.errors import ApplyFailed
from polypanel.provision.specs import SiteSpec
from polypanel.provision.templates import Templates
from polypanel.provision.web import WebApplier

from .conftest import http_get

SITE = SiteSpec("example.test", unicode_name="example.test", aliases=("www.example.test",))


def real_applier(nginx: NginxDaemon, tmp_path: Path, templates: Templates | None = None) -> WebApplier:
    return WebApplier(
        nginx.sites_dir,
        nginx.backend(),
        vhosts_root=tmp_path / "vhosts",
        state_dir=tmp_path / "web",
        http_port=nginx.http_port,
        https_port=nginx.https_port,
        listen=["127.0.0.1"],
        templates=templates,
    )


def dry_applier(tmp_path: Path, **kwargs) -> WebApplier:
    return WebApplier(
        tmp_path / "sites",
        DryBackend(),
        vhosts_root=tmp_path / "vhosts",
        state_dir=tmp_path / "web",
        http_port=8080,
        https_port=8443,
        listen=["127.0.0.1"],
        **kwargs,
    )


def test_dry_renders_server_block_docroot_and_self_signed_cert(tmp_path):
    web = dry_applier(tmp_path)
    report = web.apply([SITE])
    assert report.changed == ["example.test"] and report.reloaded
    conf = (tmp_path / "sites" / "example.test.conf").read_text()
    assert "server_name example.test www.example.test;" in conf
    assert "listen 127.0.0.1:8080;" in conf and "listen 127.0.0.1:8443 ssl http2;" in conf
    assert f'root "{tmp_path}/vhosts/example.test/httpdocs";' in conf
    assert (tmp_path / "vhosts/example.test/httpdocs/index.html").read_text().count("example.test") >= 1
    assert (tmp_path / "web/certs/example.test.crt").exists()
    assert (tmp_path / "web/certs/example.test.key").stat().st_mode & 0o777 == 0o600


def test_dry_and_real_render_the_same_files(tmp_path, nginx):
    real = real_applier(nginx, tmp_path / "real")
    dry = WebApplier(
        tmp_path / "dry-sites",
        DryBackend(),
        vhosts_root=tmp_path / "real" / "vhosts",
        state_dir=tmp_path / "real" / "web",
        http_port=nginx.http_port,
        https_port=nginx.https_port,
        listen=["127.0.0.1"],
    )
    real.apply([SITE])
    dry.apply([SITE])
    assert (nginx.sites_dir / "example.test.conf").read_text() == (
        tmp_path / "dry-sites" / "example.test.conf"
    ).read_text()


def test_reconcile_is_idempotent_and_removes_strays(tmp_path):
    web = dry_applier(tmp_path)
    other = SiteSpec("other.test")
    first = web.reconcile([SITE, other])
    assert sorted(first.changed) == ["example.test", "other.test"]
    again = web.reconcile([SITE, other])
    assert not again.changed_anything and again.unchanged == 2 and not again.reloaded
    last = web.reconcile([SITE])
    assert last.removed == ["other.test"] and web.keys() == {"example.test"}


def test_invalid_spec_is_rejected_before_any_file(tmp_path):
    web = dry_applier(tmp_path)
    bad = SiteSpec("evil.test", document_root='/srv/x"; include /etc/passwd; "')
    with pytest.raises(ApplyFailed) as caught:
        web.apply([SITE, bad])
    assert set(caught.value.rejected) == {"evil.test"}
    assert caught.value.report.changed == ["example.test"]
    assert not (tmp_path / "sites" / "evil.test.conf").exists()


def test_forwarding_and_php_blocks(tmp_path):
    web = dry_applier(tmp_path)
    web.apply(
        [
            SiteSpec("fwd.test", hosting_type="forwarding", forward_url="https://target.test/", https=False),
            SiteSpec("php.test", php=True, php_fpm_socket="/run/php/php8.2-fpm.sock"),
        ]
    )
    fwd = (tmp_path / "sites" / "fwd.test.conf").read_text()
    assert "return 301 https://target.test$request_uri;" in fwd and "ssl" not in fwd
    php = (tmp_path / "sites" / "php.test.conf").read_text()
    assert "fastcgi_pass unix:/run/php/php8.2-fpm.sock;" in php


@pytest.mark.daemon
def test_site_serves_index_then_suspended_then_gone(tmp_path, nginx):
    web = real_applier(nginx, tmp_path)
    web.apply([SITE])
    status, body = http_get("www.example.test", nginx.http_port)
    assert status == 200 and "example.test" in body
    status, body = http_get("example.test", nginx.https_port, https=True)
    assert status == 200 and "default page" in body

    web.apply([SiteSpec(**{**SITE.__dict__, "status": "suspended"})])
    status, body = http_get("example.test", nginx.http_port)
    assert status == 503 and "suspended" in body

    report = web.apply(remove=["example.test"])
    assert report.removed == ["example.test"] and report.reloaded
    status, _ = http_get("example.test", nginx.http_port)
    assert status == 404  # the default server


@pytest.mark.daemon
def test_broken_template_keeps_previous_config_serving(tmp_path, nginx):
    good = real_applier(nginx, tmp_path)
    good.apply([SITE])
    live = (nginx.sites_dir / "example.test.conf").read_text()

    overrides = tmp_path / "overrides" / "nginx"
    overrides.mkdir(parents=True)
    packaged = (Path(web_module.__file__).parent / "templates/nginx/site.conf.j2").read_text()
    (overrides / "site.conf.j2").write_text(
        packaged.replace(
            "    server_name", '{% if site.name == "example.test" %}    no_such_directive on;\n{% endif %}    server_name'
        )
    )
    bad = real_applier(nginx, tmp_path, templates=Templates(tmp_path / "overrides"))
    other = SiteSpec("other.test")
    with pytest.raises(ApplyFailed) as caught:
        bad.apply([SiteSpec(**{**SITE.__dict__, "status": "suspended"}), other])
    failure = caught.value
    assert "no_such_directive" in failure.rejected["example.test"]
    assert (nginx.sites_dir / "example.test.conf").read_text() == live
    assert "no_such_directive" in (nginx.sites_dir / "example.test.conf.err").read_text()
    # the other site of the batch was fine and went live
    assert failure.report.changed == ["other.test"]
    status, body = http_get("example.test", nginx.http_port)
    assert status == 200 and "default page" in body

    # a later good apply clears the .err
    good.apply([SiteSpec(**{**SITE.__dict__, "status": "suspended"})])
    assert not (nginx.sites_dir / "example.test.conf.err").exists()


@pytest.mark.daemon
def test_concurrent_applies_coalesce_reloads(tmp_path, nginx):
    import threading

    web = real_applier(nginx, tmp_path)
    sites = [SiteSpec(f"s{i}.test") for i in range(8)]
    threads = [threading.Thread(target=web.apply, args=([site],)) for site in sites]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert web.keys() == {site.name for site in sites}
    assert 1 <= web.reload_count <= len(sites)
    for site in sites:
        assert http_get(site.name, nginx.http_port)[0] == 200


@pytest.mark.daemon
def test_own_certificate_is_checked_by_nginx(tmp_path, nginx):
    from polypanel.provision.specs import TlsFiles

    web = real_applier(nginx, tmp_path)
    missing = TlsFiles(str(tmp_path / "missing.crt"), str(tmp_path / "missing.key"))
    with pytest.raises(ApplyFailed) as caught:
        web.apply([SiteSpec("owncert.test", tls=missing)])
    assert "missing.crt" in caught.value.rejected["owncert.test"]
    assert web.keys() == set()
