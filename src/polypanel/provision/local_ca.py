"""The panel's local certificate authority on disk: AutoSSL's certificate source.

The CA is made once, on first use, under ``DATA_DIR/autossl`` (mode 0700): ``ca.pem`` holds the
CA certificate and its private key (mode 0600), ``ca.crt`` the CA certificate alone (0644), the file
to give to browsers and clients that should trust the sites' AutoSSL certificates. Two processes
making it at once agree on one: the first to link its file in place wins, the other reads it.
"""
from __future__ import annotations

import datetime
import os
import threading
from pathlib import Path

from polypanel.core import certificate_authority, tls_material
from polypanel.provision.staging import write_file_atomic

MODULE_NAME = "PolypanelLocalCA"
DISPLAY_NAME = "polypanel local certificate authority"


class LocalCertificateAuthority:
    module_name = MODULE_NAME
    display_name = DISPLAY_NAME
    validity_days = certificate_authority.LEAF_DAYS
    max_domains = certificate_authority.MAX_NAMES

    def __init__(self, directory: str | os.PathLike[str], hostname: str = "localhost"):
        self.directory = Path(directory)
        self.hostname = hostname
        self._lock = threading.Lock()
        self._authority: certificate_authority.Authority | None = None

    @property
    def bundle_path(self) -> Path:
        return self.directory / "ca.pem"

    @property
    def cert_path(self) -> Path:
        return self.directory / "ca.crt"

    def authority(self) -> certificate_authority.Authority:
        with self._lock:
            if self._authority is None:
                self._authority = self._load() or self._create()
            return self._authority

    def _load(self) -> certificate_authority.Authority | None:
        try:
            text = self.bundle_path.read_text(encoding="ascii")
        except FileNotFoundError:
            return None
        cert_end = text.index("-----END CERTIFICATE-----") + len("-----END CERTIFICATE-----")
        return certificate_authority.Authority(cert_pem=text[:cert_end].strip() + "\n", key_pem=text[cert_end:].strip() + "\n")

    def _create(self) -> certificate_authority.Authority:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.directory, 0o700)
        now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        made = certificate_authority.create(f"polypanel AutoSSL CA ({self.hostname})", now)
        tmp = self.directory / f".ca.pem.tmp-{os.getpid()}-{threading.get_ident()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(made.cert_pem + made.key_pem)
        try:
            os.link(tmp, self.bundle_path)  # fails when another process made one first
        except FileExistsError:
            os.unlink(tmp)
            return self._load()
        os.unlink(tmp)
        write_file_atomic(self.cert_path, made.cert_pem.encode("ascii"), 0o644)
        return made

    @property
    def cert_pem(self) -> str:
        return self.authority().cert_pem

    def issue(self, names: list[str], now: datetime.datetime) -> tls_material.Material:
        return certificate_authority.issue(self.authority(), names, now, days=self.validity_days)

    def issued_here(self, cert_pem: str) -> bool:
        if self._authority is None and not self.bundle_path.exists():
            return False  # no CA yet: nothing came from it (and asking makes none)
        return certificate_authority.issued_by(self.authority(), cert_pem)
