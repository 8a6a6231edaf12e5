"""Certificates for tests: a key and a certificate for some names, self-signed or signed by a test CA."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID


@dataclass
class Issued:
    cert: str
    key: str
    ca: str = ""
    serial: int = 0


def _key(kind: str, bits: int):
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=bits)
    return ec.generate_private_key(ec.SECP256R1())


def key_pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def issue(*names: str, kind: str = "ec", bits: int = 2048, days: int = 90, start_days_ago: int = 1,
          ca: tuple | None = None, hash_=None, san: bool = True) -> Issued:
    """A certificate for ``names``; signed by ``ca`` (a (cert, key) pair from ``make_ca``) or self-signed."""
    key = _key(kind, bits)
    now = datetime.datetime.now(datetime.timezone.utc)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    issuer_name, signer = (ca[0].subject, ca[1]) if ca else (subject, key)
    serial = x509.random_serial_number()
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer_name).public_key(key.public_key())
               .serial_number(serial).not_valid_before(now - datetime.timedelta(days=start_days_ago))
               .not_valid_after(now - datetime.timedelta(days=start_days_ago) + datetime.timedelta(days=days)))
    if san:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
    cert = builder.sign(signer, hash_ or hashes.SHA256())
    chain = ca[0].public_bytes(serialization.Encoding.PEM).decode() if ca else ""
    return Issued(cert.public_bytes(serialization.Encoding.PEM).decode(), key_pem(key), chain, serial)


def make_ca(name: str = "Polypanel Test CA"):
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.timezone.utc)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return cert, key


def sign_csr(csr_pem: str, ca: tuple, days: int = 90) -> str:
    """The certificate a CA (from ``make_ca``) issues for a signing request, with the request's names."""
    request = x509.load_pem_x509_csr(csr_pem.encode())
    now = datetime.datetime.now(datetime.timezone.utc)
    san = request.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    cert = (x509.CertificateBuilder().subject_name(request.subject).issuer_name(ca[0].subject)
            .public_key(request.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(san, critical=False).sign(ca[1], hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode()
