"""An assigned certificate, served by a real nginx on loopback: an SNI client sees its serial; the files
are 0600; a pair nginx refuses is refused with its message and the site keeps serving the old one;
without the certificate the site goes back to its self-signed one."""
from __future__ import annotations

import socket
import ssl
from pathlib import Path

import pytest
from cryptography import x509

from polypanel.provision.errors import ApplyFailed
from polypanel.provision.specs import SiteCertificate, SiteSpec

from tests.provision.test_web import dry_applier, real_applier
from tests.tls_certs import issue, make_ca


def served_serial(host: str, port: int) -> int:
    """The serial of the certificate the server presents for ``host`` (SNI), unverified."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname=host) as tls:
            der = tls.getpeercert(binary_form=True)
    return x509.load_der_x509_certificate(der).serial_number


def site(name: str, issued=None) -> SiteSpec:
    cert = SiteCertificate(issued.cert + issued.ca, issued.key) if issued else None
    return SiteSpec(name, unicode_name=name, aliases=(f"www.{name}",), certificate=cert)


def test_nginx_serves_the_assigned_certificate_then_the_self_signed_again(tmp_path, nginx):
    web = real_applier(nginx, tmp_path)
    web.apply([site("alpha.test"), site("bravo.test")])
    self_signed = served_serial("alpha.test", nginx.https_port)

    ca = make_ca()
    first = issue("alpha.test", "www.alpha.test", ca=ca)
    web.apply([site("alpha.test", first)])
    assert served_serial("alpha.test", nginx.https_port) == first.serial
    assert served_serial("bravo.test", nginx.https_port) != first.serial  # SNI picks the site
    files = list(web.assigned_dir("alpha.test").iterdir())
    assert len(files) == 2 and all(f.stat().st_mode & 0o777 == 0o600 for f in files)
    assert web.assigned_dir("alpha.test").stat().st_mode & 0o777 == 0o700

    renewed = issue("alpha.test", "www.alpha.test", kind="rsa", ca=ca)
    web.apply([site("alpha.test", renewed)])
    assert served_serial("alpha.test", nginx.https_port) == renewed.serial
    assert len(list(web.assigned_dir("alpha.test").iterdir())) == 2  # the old pair is gone

    web.apply([site("alpha.test")])
    assert served_serial("alpha.test", nginx.https_port) == self_signed
    web.apply(remove=["alpha.test"])
    assert not web.assigned_dir("alpha.test").exists()


def test_a_pair_nginx_refuses_is_rejected_and_the_old_one_keeps_serving(tmp_path, nginx):
    web = real_applier(nginx, tmp_path)
    good = issue("alpha.test")
    web.apply([site("alpha.test", good)])
    wrong_key = issue("alpha.test")
    broken = SiteSpec("alpha.test", unicode_name="alpha.test", certificate=SiteCertificate(good.cert, wrong_key.key))
    with pytest.raises(ApplyFailed) as failure:
        web.apply([broken])
    assert "key values mismatch" in failure.value.report.rejected["alpha.test"]
    assert served_serial("alpha.test", nginx.https_port) == good.serial
    # the live config still names the served pair, so it was kept
    conf = (nginx.sites_dir / "alpha.test.conf").read_text()
    assert all(str(f) in conf for f in web.assigned_dir("alpha.test").iterdir() if f.suffix == ".crt")


def test_dry_render_names_the_assigned_files_without_lazy_loading(tmp_path):
    web = dry_applier(tmp_path)
    issued = issue("alpha.test")
    web.apply([site("alpha.test", issued)])
    conf = (tmp_path / "sites" / "alpha.test.conf").read_text()
    crt = next(Path(p) for p in web.assigned_dir("alpha.test").iterdir() if p.suffix == ".crt")
    assert f'ssl_certificate "{crt}";' in conf and "$polypanel_lazy_tls" not in conf
    assert crt.read_text() == issued.cert
    assert "key_pem" not in repr(site("alpha.test", issued)) or issued.key not in repr(site("alpha.test", issued))
