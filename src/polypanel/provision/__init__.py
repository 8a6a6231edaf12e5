"""Desired state -> real config (nginx sites, DNS zones, databases, mail and
FTP accounts), applied safely.

The public surface:

- specs: ``SiteSpec``, ``TlsFiles``, ``ZoneSpec``, ``SoaSpec``, ``RecordSpec``,
  ``DatabaseSpec``, ``DatabaseUserSpec``, ``MailboxSpec``, ``FtpUserSpec``,
  ``DesiredState``
- password hashes: ``mysql_native_hash``, ``scram_sha256_verifier``, ``crypt_sha512``
- appliers (``apply(upsert, remove)``, ``reconcile(desired)``, ``keys()``):
  ``WebApplier``, ``DnsApplier``, ``DatabaseApplier``, ``MailApplier``, ``FtpApplier``
- ``build_provisioning(panel_ini_sections, state_dir) -> Provisioning``
- results and errors: ``ApplyReport``, ``ProvisionError`` and its subclasses
"""

from polypanel.provision.configuration import build_provisioning
from polypanel.provision.databases import DatabaseApplier
from polypanel.provision.dns import DnsApplier
from polypanel.provision.errors import (
    ApplyFailed,
    ConfigError,
    DaemonError,
    DatabaseError,
    ProvisionError,
    ReloadFailed,
    SpecInvalid,
    ValidationFailed,
)
from polypanel.provision.ftp import FtpApplier
from polypanel.provision.mail import MailApplier
from polypanel.core.password_hashes import crypt_sha512, mysql_native_hash, scram_sha256_verifier
from polypanel.provision.provisioning import Provisioning
from polypanel.provision.report import ApplyReport
from polypanel.provision.specs import (
    DatabaseSpec,
    DatabaseUserSpec,
    DesiredState,
    FtpUserSpec,
    MailboxSpec,
    RecordSpec,
    SiteSpec,
    SoaSpec,
    TlsFiles,
    ZoneSpec,
)
from polypanel.provision.web import WebApplier

__all__ = [
    "ApplyFailed", "ApplyReport", "ConfigError", "DaemonError", "DatabaseApplier", "DatabaseError",
    "DatabaseSpec", "DatabaseUserSpec", "DesiredState", "DnsApplier", "FtpApplier", "FtpUserSpec",
    "MailApplier", "MailboxSpec", "ProvisionError", "Provisioning", "RecordSpec", "ReloadFailed",
    "SiteSpec", "SoaSpec", "SpecInvalid", "TlsFiles", "ValidationFailed", "WebApplier", "ZoneSpec",
    "build_provisioning", "crypt_sha512", "mysql_native_hash", "scram_sha256_verifier",
]  # fmt: skip
