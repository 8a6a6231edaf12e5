"""core.certificates and core.tls_material: what is refused before anything is stored, pools and their
tenancy, assigning (names, wildcards, validity), removal while in use, and the cascade."""
from __future__ import annotations

import datetime
import shutil
import subprocess
import tempfile

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa
from sqlalchemy import func, select

from polypanel.core import accounts, cascade, certificates, domains, subscriptions, tls_material, webspaces
from polypanel.core.certificates import Pool
from polypanel.core.errors import AlreadyExists, Conflict, Invalid, NotFound
from polypanel.store import models as m

from tests.core.conftest import PW
from tests.tls_certs import issue, key_pem, make_ca


@pytest.fixture(autouse=True)
def real_time(clock):
    clock._now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


@pytest.fixture
def tenants(panel, admin):
    out = {}
    with panel.context(admin) as ctx:
        for tag in ("alpha", "bravo"):
            accounts.create(ctx, role="customer", login=f"cust-{tag}", password=PW)
            sub = subscriptions.create(ctx, domain=f"{tag}.test", owner_login=f"cust-{tag}", password=PW)
            domains.create(ctx, subscription=sub, name=f"shop.{tag}.test", kind="subdomain", parent_name=f"{tag}.test")
            out[tag] = sub.id
    return out


def _sub(ctx, sub_id):
    return ctx.session.get(m.Subscription, sub_id)


def count(panel) -> int:
    with panel.context(panel.admin(), read_only=True) as ctx:
        return ctx.session.scalar(select(func.count()).select_from(m.Certificate))


# -- what tls_material refuses -------------------------------------------------------------------

def test_valid_material_is_normalised_and_chain_split():
    ca = make_ca()
    good = issue("alpha.test", ca=ca)
    material = tls_material.check(cert=good.cert + good.ca, key=good.key)
    assert material.cert_pem.count("BEGIN CERTIFICATE") == 1 and material.ca_pem.count("BEGIN CERTIFICATE") == 1
    assert "BEGIN PRIVATE KEY" in material.key_pem


@pytest.mark.parametrize("case, part", [
    ("garbage cert", "certificate"), ("garbage key", "private_key"), ("mismatch", "private_key"),
    ("huge cert", "certificate"), ("huge key", "private_key"), ("rsa 1024", "private_key"), ("dsa", "private_key"),
    ("sha1", "certificate"), ("encrypted key", "private_key"), ("garbage ca", "ca_certificate"),
    ("csr of another key", "csr"),
])
def test_bad_material_is_refused_naming_the_part(case, part):
    good = issue("alpha.test")
    other = issue("alpha.test")
    cert, key, ca, csr = good.cert, good.key, None, None
    if case == "garbage cert":
        cert = "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n"
    elif case == "garbage key":
        key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
    elif case == "mismatch":
        key = other.key
    elif case == "huge cert":
        cert = "-----BEGIN CERTIFICATE-----\n" + "A" * (1024 * 1024) + "\n-----END CERTIFICATE-----\n"
    elif case == "huge key":
        key = "A" * (1024 * 1024)
    elif case == "rsa 1024":
        weak = issue("alpha.test", kind="rsa", bits=1024)
        cert, key = weak.cert, weak.key
    elif case == "dsa":
        key = key_pem(dsa.generate_private_key(2048))
    elif case == "sha1":
        cert, key = sha1_signed()
    elif case == "encrypted key":
        loaded = serialization.load_pem_private_key(good.key.encode(), None)
        key = loaded.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                   serialization.BestAvailableEncryption(b"secret")).decode()
    elif case == "garbage ca":
        ca = "-----BEGIN CERTIFICATE-----\nZm9v\n-----END CERTIFICATE-----\n"
    elif case == "csr of another key":
        csr = tls_material.generate(tls_material.Subject("alpha.test")).csr_pem
    with pytest.raises(Invalid) as e:
        tls_material.check(cert=cert, key=key, ca=ca, csr=csr)
    assert e.value.field == part


def sha1_signed() -> tuple[str, str]:
    """cryptography no longer signs with SHA-1; openssl still does."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["openssl", "req", "-x509", "-sha1", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{tmp}/k",
                        "-out", f"{tmp}/c", "-subj", "/CN=alpha.test", "-days", "30"], check=True, capture_output=True)
        return open(f"{tmp}/c").read(), open(f"{tmp}/k").read()


def test_wildcards_cover_one_label_only():
    names = ("*.alpha.test", "alpha.test")
    assert tls_material.covers(names, "shop.alpha.test") and tls_material.covers(names, "ALPHA.test.")
    assert not tls_material.covers(("*.alpha.test",), "alpha.test")
    assert not tls_material.covers(names, "a.shop.alpha.test")
    assert not tls_material.covers(names, "alpha.test.evil")


def test_generate_makes_key_csr_and_optionally_a_self_signed_certificate():
    subject = tls_material.Subject("alpha.test", country="de", organization="Alpha", email="a@alpha.test")
    plain = tls_material.generate(subject)
    assert plain.cert_pem == "" and "CERTIFICATE REQUEST" in plain.csr_pem
    assert tls_material.check(key=plain.key_pem, csr=plain.csr_pem, require_cert=False).csr_pem
    signed = tls_material.generate(subject, bits=2048, self_signed=True)
    described = tls_material.describe(signed.cert_pem)
    assert described.names == ("alpha.test",) and described.self_signed and described.subject["countryName"] == "DE"
    with pytest.raises(Invalid):
        tls_material.generate(subject, bits=1024)
    with pytest.raises(Invalid):
        tls_material.generate(tls_material.Subject("not a domain"))


# -- pools, tenancy ------------------------------------------------------------------------------

def test_install_list_and_tenancy(panel, admin, tenants):
    good = issue("alpha.test", "*.alpha.test")
    with panel.context(panel.principal_for("cust-alpha")) as ctx:
        row = certificates.install(ctx, Pool(_sub(ctx, tenants["alpha"])), "Alpha cert", cert=good.cert, key=good.key)
        with pytest.raises(AlreadyExists):
            certificates.install(ctx, Pool(_sub(ctx, tenants["alpha"])), "Alpha cert", cert=good.cert, key=good.key)
        cert_id = row.id
    with panel.context(panel.principal_for("cust-bravo")) as ctx:
        assert certificates.list_(ctx) == []
        with pytest.raises(NotFound):
            certificates.get_by_id(ctx, cert_id)
        foreign_sub = _sub(ctx, tenants["alpha"])
        with pytest.raises(NotFound):
            certificates.list_(ctx, Pool(foreign_sub))
        with pytest.raises(NotFound):
            certificates.install(ctx, Pool(foreign_sub), "planted", cert=good.cert, key=good.key)
        # Handed tenant A's rows directly, every write still refuses.
        foreign = ctx.session.get(m.Certificate, cert_id)
        own_domain = webspaces.main_domain(_sub(ctx, tenants["bravo"]))
        for write in (lambda: certificates.remove(ctx, foreign), lambda: certificates.update(ctx, foreign, name="x"),
                      lambda: certificates.assign(ctx, foreign, own_domain),
                      lambda: certificates.assign(ctx, foreign, webspaces.main_domain(foreign_sub)),
                      lambda: certificates.unassign(ctx, webspaces.main_domain(foreign_sub))):
            with pytest.raises(NotFound):
                write()
        # The server pool is the administrator's.
        with pytest.raises(NotFound):
            certificates.install(ctx, Pool(None), "server", cert=good.cert, key=good.key)
    with panel.context(admin) as ctx:
        assert [r.name for r in certificates.list_(ctx)] == ["Alpha cert"]
        certificates.install(ctx, Pool(None), "Alpha cert", cert=good.cert, key=good.key)  # another pool, same name
        assert len(certificates.list_(ctx, Pool(None))) == 1
    with panel.context(panel.principal_for("cust-alpha")) as ctx:
        assert [r.name for r in certificates.list_(ctx)] == ["Alpha cert"]  # never the server pool


def test_bad_material_stores_nothing(panel, tenants):
    good, other = issue("alpha.test"), issue("alpha.test")
    with pytest.raises(Invalid):
        with panel.context(panel.principal_for("cust-alpha")) as ctx:
            certificates.install(ctx, Pool(_sub(ctx, tenants["alpha"])), "bad", cert=good.cert, key=other.key)
    assert count(panel) == 0


# -- assigning ------------------------------------------------------------------------------------

def test_assign_checks_names_validity_and_pool(panel, admin, tenants):
    wildcard = issue("*.alpha.test")
    apex = issue("alpha.test", "www.alpha.test")
    expired = issue("alpha.test", days=10, start_days_ago=20)
    with panel.context(panel.principal_for("cust-alpha")) as ctx:
        sub = _sub(ctx, tenants["alpha"])
        main = webspaces.main_domain(sub)
        shop = domains.get(ctx, name="shop.alpha.test")
        wild = certificates.install(ctx, Pool(sub), "wild", cert=wildcard.cert, key=wildcard.key)
        with pytest.raises(Invalid, match="not valid for alpha.test"):
            certificates.assign(ctx, wild, main)  # a wildcard does not cover the apex
        certificates.assign(ctx, wild, shop)
        old = certificates.install(ctx, Pool(sub), "old", cert=expired.cert, key=expired.key)  # the pool keeps it
        with pytest.raises(Invalid, match="expired"):
            certificates.assign(ctx, old, main)
        pending = certificates.install(ctx, Pool(sub), "pending", key=apex.key)
        with pytest.raises(Invalid, match="signed certificate"):
            certificates.assign(ctx, pending, main)
        # the signed certificate arrives: update completes the entry, then it serves
        certificates.update(ctx, pending, cert=apex.cert)
        certificates.assign(ctx, pending, main)
        assert main.certificate_id == pending.id and main.provision_status == "pending"
        assert any(j.service == "web" and j.target == "alpha.test" for j in ctx.jobs)
        with pytest.raises(Conflict, match="used by"):
            certificates.remove(ctx, pending)
        # a renewal that no longer covers a served name is refused
        with pytest.raises(Invalid, match="not valid for alpha.test"):
            other = issue("other.test")
            certificates.update(ctx, pending, cert=other.cert, key=other.key)
        assert certificates.unassign(ctx, main) is True and main.certificate_id is None
        certificates.remove(ctx, pending)
    with panel.context(admin) as ctx:
        server = certificates.install(ctx, Pool(None), "server", cert=apex.cert, key=apex.key)
        certificates.assign(ctx, server, domains.get(ctx, name="alpha.test"))  # the admin's pool serves any site
        bravo_cert = certificates.install(ctx, Pool(_sub(ctx, tenants["bravo"])), "b", cert=apex.cert, key=apex.key)
        with pytest.raises(NotFound, match="not in the pool"):
            certificates.assign(ctx, bravo_cert, domains.get(ctx, name="alpha.test"))


def test_a_renewal_from_the_same_ca_keeps_the_chain(panel, tenants):
    ca, other_ca = make_ca(), make_ca("Other CA")
    first = issue("alpha.test", ca=ca)
    with panel.context(panel.principal_for("cust-alpha")) as ctx:
        row = certificates.install(ctx, Pool(_sub(ctx, tenants["alpha"])), "c", cert=first.cert, key=first.key,
                                   ca=first.ca)
        renewed = issue("alpha.test", ca=ca)
        certificates.update(ctx, row, cert=renewed.cert, key=renewed.key)
        assert row.ca_pem == first.ca and row.cert_pem == renewed.cert
        moved = issue("alpha.test", ca=other_ca)
        certificates.update(ctx, row, cert=moved.cert, key=moved.key)
        assert row.ca_pem == ""
        certificates.update(ctx, row, ca=moved.ca)
        assert row.ca_pem == moved.ca and row.cert_pem == moved.cert


def test_subscription_deletion_takes_its_pool(panel, admin, tenants):
    good = issue("alpha.test")
    with panel.context(admin) as ctx:
        sub = _sub(ctx, tenants["alpha"])
        row = certificates.install(ctx, Pool(sub), "a", cert=good.cert, key=good.key)
        certificates.assign(ctx, row, webspaces.main_domain(sub))
        certificates.install(ctx, Pool(_sub(ctx, tenants["bravo"])), "b", cert=good.cert, key=good.key)
    with panel.context(admin) as ctx:
        cascade.delete_subscription(ctx, _sub(ctx, tenants["alpha"]))
    assert count(panel) == 1
