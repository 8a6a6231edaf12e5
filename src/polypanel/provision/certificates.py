"""Self-signed certificates for sites that have none of their own."""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from polypanel.provision.staging import write_file_atomic

VALID_DAYS = 3650


def ensure_self_signed(cert_path: str | os.PathLike[str], key_path: str | os.PathLike[str], names: Sequence[str]) -> bool:
    """Make sure ``cert_path``/``key_path`` hold a valid self-signed
    certificate for exactly ``names``; True when one was (re)generated."""
    cert_file, key_file = Path(cert_path), Path(key_path)
    if key_file.exists() and _covers(cert_file, names):
        return False
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.timezone.utc)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0][:64])])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    cert_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.parent.mkdir(parents=True, exist_ok=True)
    write_file_atomic(key_file, key_pem, 0o600)
    write_file_atomic(cert_file, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    return True


def _covers(cert_file: Path, names: Sequence[str]) -> bool:
    try:
        cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, x509.ExtensionNotFound):
        return False
    remaining = cert.not_valid_after_utc - datetime.datetime.now(datetime.timezone.utc)
    return set(san.get_values_for_type(x509.DNSName)) == set(names) and remaining.days > 30
