"""`polypanel serve` as an admin runs it: first start, listeners, TLS, restart, clean stop."""
import re
import signal
import ssl
import socket

import httpx

from polypanel.server.config import LISTENERS


def test_first_start_prints_generated_password_once_and_it_works(panel_process):
    p = panel_process(admin_password=None, listeners=tuple(LISTENERS))
    p.start()
    out = p.read_output()
    found = re.findall(r"login: admin\s+password: (\S+)", out)
    assert len(found) == 1
    password = found[0]
    assert len(password) >= 12
    # Every listener answers /health without credentials, TLS where it should.
    for name, (_key, _default, tls) in LISTENERS.items():
        r = httpx.get(p.url(name, "/health"), verify=False, timeout=10)
        assert r.status_code == 200 and r.json() == {"status": "ok"}, name
        assert r.url.scheme == ("https" if tls else "http")
    assert p.stop() == 0
    assert "polypanel stopped" in p.read_output()
    # Second start: no new password, the first one still is the admin's.
    p.start()
    assert "password:" not in p.read_output().split("polypanel stopped")[-1]
    r = p.cli("customer", "create", "afterrestart", "--password", "Str0ng-Pass!")
    assert "created" in r.stdout
    p.stop()
    # The printed password is the administrator's (checked against the store the server used).
    from polypanel.auth.authenticator import Authenticator
    from polypanel.server.runtime import open_runtime

    rt = open_runtime(p.data_dir, database_url=p.database_url)
    assert Authenticator(rt.panel).password("root", password).is_admin
    rt.panel.engine.dispose()


def test_self_signed_certificate_names_host_and_loopback(panel_process):
    p = panel_process().start()
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", p.ports["plesk_https"])) as raw, ctx.wrap_socket(raw) as tls:
        der = tls.getpeercert(binary_form=True)
    from cryptography import x509

    cert = x509.load_der_x509_certificate(der)
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "127.0.0.1" in [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]
    assert (p.data_dir / "tls" / "panel.key").stat().st_mode & 0o077 == 0


def test_restart_keeps_data_and_sigint_stops_cleanly(panel_process):
    p = panel_process().start()
    p.cli("customer", "create", "keeper", "--password", "Str0ng-Pass!", "--email", "k@keeper.test")
    p.cli("subscription", "create", "keeper.test", "--owner", "keeper")
    assert p.stop(signal.SIGINT) == 0
    p.start()
    listing = p.cli("domain", "list", "--json").stdout
    assert "keeper.test" in listing
    assert "keeper" in p.cli("customer", "list").stdout


def test_listener_port_zero_turns_it_off(panel_process):
    p = panel_process(listeners=("plesk_https",)).start()
    assert p.ports["plesk_http"] == 0
    assert httpx.get(p.url("plesk_https", "/health"), verify=False).status_code == 200


def test_head_requests_work_over_http2_and_http1(panel_process):
    """A HEAD answer carries no body: over HTTP/2 a body would be a protocol error for the client."""
    import shutil
    import subprocess

    assert shutil.which("curl"), "curl is installed by scripts/install.sh"
    p = panel_process(listeners=("plesk_https",)).start()
    for version in ("--http2", "--http1.1"):
        for path in ("/health", "/api/v2/openapi.json"):
            out = subprocess.run(["curl", "-sk", version, "--head", "-o", "/dev/null", "-w", "%{http_code} %{http_version}",
                                  p.url("plesk_https", path)], capture_output=True, text=True, timeout=30)
            assert out.stdout.split()[0] == "200", (version, path, out.stdout, out.stderr)
    assert p.stop() == 0
