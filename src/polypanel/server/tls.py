"""The panel's own TLS certificate: self-signed on first start, for the host name and 127.0.0.1."""
from __future__ import annotations

import datetime
import ipaddress
import os
import socket
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def self_signed(hostname: str, ips: list[str], days: int = 3650) -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname[:64]),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "polypanel")])
    alt = [x509.DNSName(hostname), x509.DNSName("localhost")]
    alt += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def ensure_certificate(data_dir: Path, hostname: str | None = None) -> tuple[Path, Path]:
    """The panel's certificate and key (made on first start); the directory 0700, both files 0600."""
    tls_dir = Path(data_dir) / "tls"
    cert_path, key_path = tls_dir / "panel.crt", tls_dir / "panel.key"
    tls_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not (cert_path.exists() and key_path.exists()):
        cert, key = self_signed(hostname or socket.getfqdn() or "localhost", ["127.0.0.1", "::1"])
        _write_private(key_path, key)
        _write_private(cert_path, cert)
    for path, mode in ((tls_dir, 0o700), (key_path, 0o600), (cert_path, 0o600)):
        if path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)  # fix what an older version or an admin's copy left readable
    return cert_path, key_path
