"""The panel's own certificate authority, as cryptography: a CA key and self-signed CA certificate
made once, leaf certificates it issues for a site's names, and whether a certificate came from it.

Nothing here touches files: where the CA's key lives (the data directory, mode 0600) is the
server's business (``provision/local_ca.py``); AutoSSL (``core/autossl.py``) asks for certificates.

A certificate from this authority is trusted by whoever trusts the panel's CA certificate (a
browser does not, out of the box): it gives every site of the box a certificate that verifies
against one root the administrator can distribute, and renews itself, as AutoSSL does with a
public CA. No domain control validation happens: the CA vouches for the names the panel serves.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from . import tls_material

CA_DAYS = 3650
LEAF_DAYS = 90  # as AutoSSL's providers issue (VALIDITY_PERIOD 7776000 s)
MAX_NAMES = 100


@dataclass(frozen=True)
class Authority:
    cert_pem: str
    key_pem: str = field(repr=False)

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.cert_pem.encode("ascii"))

    def private_key(self):
        return serialization.load_pem_private_key(self.key_pem.encode("ascii"), password=None)


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def create(common_name: str, now: datetime.datetime) -> Authority:
    """A new CA: an ECDSA P-256 key and a self-signed certificate valid for ``CA_DAYS``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "polypanel"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64])])
    start = now - datetime.timedelta(days=1)
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(ski, critical=False)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode("ascii")
    return Authority(cert_pem=_pem(cert), key_pem=key_pem)


def issue(authority: Authority, names: list[str], now: datetime.datetime, *, days: int = LEAF_DAYS,
          bits: int = 2048) -> tls_material.Material:
    """A new RSA key and a certificate for ``names`` (the first is the subject's CN), signed by the CA."""
    if not names or len(names) > MAX_NAMES:
        raise ValueError(f"1 to {MAX_NAMES} names")
    names = [tls_material.host_name(n, "domains") for n in names]
    ca_cert = authority.certificate
    ca_key = authority.private_key()
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    start = now - datetime.timedelta(hours=1)
    end = min(start + datetime.timedelta(days=days), ca_cert.not_valid_after_utc.replace(tzinfo=None))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0][:64])])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in dict.fromkeys(names)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode("ascii")
    return tls_material.Material(cert_pem=_pem(cert), ca_pem=authority.cert_pem, key_pem=key_pem)


def issued_by(authority: Authority, cert_pem: str) -> bool:
    """Whether ``cert_pem`` was signed by this CA (issuer name and signature both checked)."""
    if not cert_pem:
        return False
    try:
        cert = tls_material.leaf(cert_pem)
    except ValueError:
        return False
    ca_cert = authority.certificate
    if cert.issuer != ca_cert.subject:
        return False
    public = ca_cert.public_key()
    try:
        if isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(cert.signature_hash_algorithm))
        else:
            public.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), cert.signature_hash_algorithm)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
