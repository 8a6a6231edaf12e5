"""core.autossl over the local CA: what a check issues, renews, keeps and leaves out, its problems,
exclusions and tenancy, the background worker, and the CA files on disk."""
from __future__ import annotations

import dataclasses
import datetime
import os
import stat
import time

import pytest
from cryptography import x509

from polypanel.core import accounts, autossl, certificate_authority, certificates, dns, domains, subscriptions, tls_material
from polypanel.core.certificates import Pool
from polypanel.core.errors import Conflict, Invalid, NotFound
from polypanel.provision.local_ca import LocalCertificateAuthority
from polypanel.store import models as m

from tests.core.conftest import PW
from tests.tls_certs import issue, make_ca


@pytest.fixture(autouse=True)
def real_time(clock):
    clock._now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


@pytest.fixture
def source(panel, tmp_path):
    panel.certificate_source = LocalCertificateAuthority(tmp_path / "autossl", "panel.test")
    return panel.certificate_source


@pytest.fixture
def subs(panel, admin):
    out = {}
    with panel.context(admin) as ctx:
        for tag in ("alpha", "bravo"):
            accounts.create(ctx, role="customer", login=f"cust-{tag}", password=PW)
            sub = subscriptions.create(ctx, domain=f"{tag}.test", owner_login=f"cust-{tag}", password=PW)
            domains.create(ctx, subscription=sub, name=f"shop.{tag}.test", kind="subdomain", parent_name=f"{tag}.test")
            out[tag] = sub.id
    return out


def run_check(panel, sub_id, source):
    with panel.context(panel.admin()) as ctx:
        return {o.domain: o for o in autossl.check(ctx, ctx.session.get(m.Subscription, sub_id), source)}


def served(panel, name):
    with panel.context(panel.admin(), read_only=True) as ctx:
        d = ctx.session.scalar(__import__("sqlalchemy").select(m.Domain).where(m.Domain.ascii_name == name))
        return d.certificate.cert_pem if d.certificate is not None else None


def test_ca_files_are_made_once_and_private(source, tmp_path):
    first = source.cert_pem
    assert stat.S_IMODE(os.stat(tmp_path / "autossl").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(tmp_path / "autossl" / "ca.pem").st_mode) == 0o600
    assert (tmp_path / "autossl" / "ca.crt").read_text() == first
    again = LocalCertificateAuthority(tmp_path / "autossl", "panel.test")
    assert again.cert_pem == first and again.authority().key_pem == source.authority().key_pem
    ca = x509.load_pem_x509_certificate(first.encode())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_check_issues_for_every_site_and_chain_verifies(panel, subs, source):
    outcomes = run_check(panel, subs["alpha"], source)
    assert {k: o.action for k, o in outcomes.items()} == {"alpha.test": "issued", "shop.alpha.test": "issued"}
    pem = served(panel, "alpha.test")
    described = tls_material.describe(pem)
    assert set(described.names) == {"alpha.test", "www.alpha.test"}
    assert source.issued_here(pem) and not source.issued_here(issue("alpha.test").cert)
    leaf = x509.load_pem_x509_certificate(pem.encode())
    leaf.verify_directly_issued_by(x509.load_pem_x509_certificate(source.cert_pem.encode()))
    assert set(tls_material.describe(served(panel, "shop.alpha.test")).names) == {"shop.alpha.test", "www.shop.alpha.test"}
    # a second check keeps what is valid
    assert {o.action for o in run_check(panel, subs["alpha"], source).values()} == {"kept"}
    assert served(panel, "bravo.test") is None  # another account was not touched


def test_renewal_window_and_own_certificate_replaced_in_place(panel, subs, source, clock):
    run_check(panel, subs["alpha"], source)
    before = served(panel, "alpha.test")
    clock._now += datetime.timedelta(days=certificate_authority.LEAF_DAYS - autossl.RENEWAL_DAYS - 2)
    assert run_check(panel, subs["alpha"], source)["alpha.test"].action == "kept"
    clock._now += datetime.timedelta(days=3)
    assert run_check(panel, subs["alpha"], source)["alpha.test"].action == "renewed"
    after = served(panel, "alpha.test")
    assert after != before and tls_material.describe(after).not_after > tls_material.describe(before).not_after
    with panel.context(panel.admin(), read_only=True) as ctx:
        names = [r.name for r in certificates.list_(ctx, Pool(ctx.session.get(m.Subscription, subs["alpha"])))]
    assert sorted(names) == ["autossl-alpha.test", "autossl-shop.alpha.test"]


def test_user_certificate_is_never_replaced_but_self_signed_is(panel, subs, source):
    ca = make_ca()
    theirs = issue("alpha.test", "www.alpha.test", ca=ca, days=3)  # expires within 2 days: defective
    with panel.context(panel.admin()) as ctx:
        sub = ctx.session.get(m.Subscription, subs["alpha"])
        row = certificates.install(ctx, Pool(sub), "mine", cert=theirs.cert, key=theirs.key, ca=theirs.ca)
        certificates.assign(ctx, row, next(d for d in sub.domains if d.ascii_name == "alpha.test"))
        own = tls_material.generate(tls_material.Subject("shop.alpha.test"), self_signed=True, now=ctx.now())
        row2 = certificates.install(ctx, Pool(sub), "selfie", cert=own.cert_pem, key=own.key_pem)
        certificates.assign(ctx, row2, next(d for d in sub.domains if d.ascii_name == "shop.alpha.test"))
    outcomes = run_check(panel, subs["alpha"], source)
    assert outcomes["alpha.test"].action == "kept" and "neither self-signed" in outcomes["alpha.test"].detail
    assert served(panel, "alpha.test").strip() == theirs.cert.strip()
    assert outcomes["shop.alpha.test"].action == "issued" and source.issued_here(served(panel, "shop.alpha.test"))
    # the administrator lets AutoSSL replace defective certificates of other CAs (cPanel's clobber_externally_signed)
    panel.settings = dataclasses.replace(panel.settings, autossl_clobber_externally_signed=True)
    assert run_check(panel, subs["alpha"], source)["alpha.test"].action == "issued"
    assert source.issued_here(served(panel, "alpha.test"))


def test_names_that_do_not_resolve_are_left_off_and_reported(panel, subs, source):
    with panel.context(panel.admin()) as ctx:
        zone = dns.get_zone(ctx, name="alpha.test")
        www = next(r for r in zone.records if r.name == "www.alpha.test")
        dns.delete_record(ctx, www)
        shop = next(r for r in zone.records if r.name == "shop.alpha.test" and r.type == "A")
        dns.update_record(ctx, shop, value="198.51.100.7")
    outcomes = run_check(panel, subs["alpha"], source)
    assert tls_material.describe(served(panel, "alpha.test")).names == ("alpha.test",)
    assert outcomes["shop.alpha.test"].action == "skipped" and served(panel, "shop.alpha.test") is None
    with panel.context(panel.principal_for("cust-alpha"), read_only=True) as ctx:
        found = {p.domain: p.problem for p in autossl.problems(ctx, ctx.session.get(m.Subscription, subs["alpha"]))}
    assert set(found) == {"www.alpha.test", "shop.alpha.test", "www.shop.alpha.test"}
    assert "does not resolve" in found["www.alpha.test"] and "198.51.100.7" in found["shop.alpha.test"]


def test_exclusions_and_tenancy(panel, subs, source):
    with panel.context(panel.principal_for("cust-alpha")) as ctx:
        sub = ctx.session.get(m.Subscription, subs["alpha"])
        assert autossl.add_excluded(ctx, sub, ["WWW.alpha.test", "shop.alpha.test."]) == ["www.alpha.test", "shop.alpha.test"]
        with pytest.raises(Invalid):
            autossl.add_excluded(ctx, sub, ["bravo.test"])
        with pytest.raises(Invalid):
            autossl.add_excluded(ctx, sub, ["not a domain"])
        with pytest.raises(NotFound):
            autossl.excluded(ctx, ctx.session.get(m.Subscription, subs["bravo"]))
        with pytest.raises(NotFound):
            autossl.request(ctx, [ctx.session.get(m.Subscription, subs["bravo"])], source)
    outcomes = run_check(panel, subs["alpha"], source)
    assert tls_material.describe(served(panel, "alpha.test")).names == ("alpha.test",)
    assert outcomes["shop.alpha.test"].action == "skipped" and "excluded" in outcomes["shop.alpha.test"].detail
    assert served(panel, "shop.alpha.test") is None


def test_request_runs_in_the_background_and_refuses_a_second(panel, subs, source):
    panel.workers[autossl.WORKER] = autossl.Worker(panel).wake
    with panel.context(panel.principal_for("cust-alpha")) as ctx:
        sub = ctx.session.get(m.Subscription, subs["alpha"])
        with pytest.raises(Conflict):
            autossl.request(ctx, [sub], None)
        runs = autossl.request(ctx, [sub], source)
        with pytest.raises(Conflict):
            autossl.request(ctx, [sub], source)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with panel.context(panel.admin(), read_only=True) as ctx:
            if autossl.in_progress(ctx, ctx.session.get(m.Subscription, subs["alpha"])) is None:
                break
        time.sleep(0.1)
    with panel.context(panel.admin(), read_only=True) as ctx:
        last = autossl.last_run(ctx, ctx.session.get(m.Subscription, subs["alpha"]))
    assert last.id == runs[0].id and last.status == "done" and "alpha.test: issued" in last.message
    assert source.issued_here(served(panel, "alpha.test"))
