import io
import re

import pytest
from click.testing import CliRunner

from polypanel.cli.context import CliState
from polypanel.cli.main import cli
from polypanel.dialects.plesk_cli.secret_key import secret_key as plesk_secret_key

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@pytest.fixture
def run(tmp_path, fresh_database_url):
    url = fresh_database_url()
    runner = CliRunner()

    def invoke(*args, ok=True):
        result = runner.invoke(cli, ["--data-dir", str(tmp_path / "var"), "--database-url", url, *args])
        if ok:
            assert result.exit_code == 0, (result.output, result.exception)
        return result

    invoke.url = url
    invoke.data_dir = tmp_path / "var"
    return invoke


def test_customer_lifecycle(run):
    assert "created" in run("customer", "create", "jdoe", "--password", "Str0ng-Pass!", "--email", "j@doe.test").output
    assert "jdoe" in run("customer", "list").output
    assert '"email": "j@doe.test"' in run("customer", "show", "jdoe").output
    run("customer", "update", "jdoe", "--status", "suspended")
    assert "suspended" in run("customer", "list", "--json").output
    bad = run("customer", "create", "jdoe", "--password", "Str0ng-Pass!", ok=False)
    assert bad.exit_code != 0
    run("customer", "delete", "jdoe")
    assert "jdoe" not in run("customer", "list").output


def test_reseller_subscription_domain_dns(run):
    run("reseller", "create", "res", "--password", "Str0ng-Pass!")
    run("customer", "create", "cust", "--password", "Str0ng-Pass!", "--owner", "res")
    run("subscription", "create", "shop.test", "--owner", "cust")
    run("domain", "create", "blog.shop.test", "--subscription", "shop.test", "--kind", "subdomain")
    assert "blog.shop.test" in run("domain", "list").output
    run("dns", "add", "shop.test", "TXT", "_acme-challenge", "token-value")
    listing = run("dns", "list", "shop.test", "--json").output
    assert "_acme-challenge.shop.test." in listing and "token-value" in listing


def test_secret_key_create_prints_only_the_key(run):
    out = run("secret-key", "create", "--ip-address", "203.0.113.2,203.0.113.3", "--description", "billing").stdout
    assert UUID.match(out.strip()), out
    listing = run("secret-key", "list", "--json").output
    assert "203.0.113.2,203.0.113.3" in listing and out.strip() not in listing


def test_plesk_bin_secret_key(run):
    state = CliState(data_dir=str(run.data_dir), database_url=run.url)
    out, err = io.StringIO(), io.StringIO()
    assert plesk_secret_key(state, ["-c", "-ip-address", "192.0.2.7", "-description", "script"], out, err) == 0
    key = out.getvalue().strip()
    assert UUID.match(key)
    out = io.StringIO()
    assert plesk_secret_key(state, ["-l"], out, err) == 0
    assert "192.0.2.7" in out.getvalue() and "script" in out.getvalue()
    out = io.StringIO()
    assert plesk_secret_key(state, ["-d", "-key", key], out, err) == 0
    err = io.StringIO()
    assert plesk_secret_key(state, ["-d", "-key", key], io.StringIO(), err) == 1
    assert "Key does not exist" in err.getvalue()
    assert plesk_secret_key(state, ["-c", "-ip-address", "not-an-ip"], io.StringIO(), err) == 1


def test_unblock(run):
    from polypanel.server.runtime import open_runtime

    run("customer", "list")
    rt = open_runtime(run.data_dir, database_url=run.url)
    from polypanel.core.errors import AuthFailed

    for i in range(15):  # from 15 addresses, as "root": the administrator's account is blocked
        with pytest.raises(AuthFailed):
            rt.env.auth.password("root", "wrong", ip=f"192.0.2.{i + 1}")
    for _ in range(4):
        with pytest.raises(AuthFailed):
            rt.env.auth.password("admin", "wrong", ip="192.0.2.1")  # the 5th from this address: blocked too
    listing = run("unblock", "--list").output
    assert "login  admin" in listing and "ip     192.0.2.1" in listing
    assert "1 block(s) lifted" in run("unblock", "--login", "root").output  # the alias names the account
    assert "1 block(s) lifted" in run("unblock", "--ip", "192.0.2.1").output
    assert "(none)" in run("unblock", "--list").output
    assert "192.0.2.0/24 is trusted" in run("unblock", "--allow", "192.0.2.0/24").output
    assert "trusted  192.0.2.0/24" in run("unblock", "--list").output
    assert run("unblock", "--allow", "not-an-address", ok=False).exit_code != 0
    assert "1 trusted address(es) removed" in run("unblock", "--disallow", "192.0.2.0/24").output
    assert "(none)" in run("unblock", "--list").output
    rt.panel.engine.dispose()


def test_domain_provision_status_until_applied(run):
    (run.data_dir).mkdir(parents=True, exist_ok=True)
    (run.data_dir / "panel.ini").write_text("".join(f"[{s}]\napplier = dry\n" for s in ("web", "dns", "databases", "mail", "ftp")))
    run("customer", "create", "prov", "--password", "Str0ng-Pass!")
    run("subscription", "create", "prov.test", "--owner", "prov")
    # Nothing has applied it yet (no panel is serving): the domain says so.
    assert '"provision_status": "pending"' in run("domain", "show", "prov.test").output
    out = run("reconcile").output
    assert "web: 1 changed" in out
    assert '"provision_status": "ok"' in run("domain", "show", "prov.test").output
    assert "web: 0 changed" in run("reconcile").output


def test_failed_apply_is_listed_with_the_tools_message(run):
    from polypanel.core import dns
    from polypanel.server.runtime import open_runtime
    from polypanel.store.models import DnsRecord

    run.data_dir.mkdir(parents=True, exist_ok=True)
    (run.data_dir / "panel.ini").write_text("".join(f"[{s}]\napplier = dry\n" for s in ("web", "dns", "databases", "mail", "ftp")))
    run("customer", "create", "broken", "--password", "Str0ng-Pass!")
    run("subscription", "create", "broken.test", "--owner", "broken")
    run("reconcile")
    assert "(none)" in run("jobs", "--failed").output
    # A record the core would refuse, written behind its back, makes the zone check fail.
    rt = open_runtime(run.data_dir, database_url=run.url)
    with rt.panel.context(rt.panel.admin()) as ctx:
        zone = dns.get_zone(ctx, name="broken.test")
        zone.records.append(DnsRecord(name="broken.test", type="MX", value="mail.broken.test", opt="not-a-number"))
        dns.bump(ctx, zone)
    rt.panel.engine.dispose()
    out = run("reconcile", ok=False)
    assert out.exit_code == 1
    listing = run("jobs", "--failed", "--json").output
    assert '"target": "broken.test"' in listing and '"service": "dns"' in listing and '"status": "failed"' in listing
