"""Desired state, as plain frozen dataclasses.

These carry no ORM objects and no clear passwords: the core (or
``provision.desired``) builds them from the store, and every applier renders
them.  Each spec has a ``key``: the name under which an applier knows it and
by which it can be removed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

SiteStatus = Literal["active", "suspended"]
HostingType = Literal["virtual", "forwarding"]
DatabaseType = Literal["mysql", "postgresql"]


@dataclass(frozen=True)
class TlsFiles:
    """PEM files of a certificate (chain first) and its private key."""

    cert_path: str
    key_path: str


@dataclass(frozen=True)
class SiteCertificate:
    """A certificate assigned to a site: the PEM chain (leaf first) and its private key, which the web
    applier writes (mode 0600) where nginx reads them. The key is never part of a repr."""

    chain_pem: str
    key_pem: str = field(repr=False)

    @property
    def fingerprint(self) -> str:
        """Names the files: new material gets new files, so the config changes and nginx reloads."""
        return hashlib.sha256((self.chain_pem + "\0" + self.key_pem).encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class ProtectedSpec:
    """A directory of a site behind HTTP basic authentication: ``path`` relative to the site's
    root (``""`` is all of it), the realm the browser shows, and (login, crypt hash) pairs."""

    path: str
    realm: str
    users: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SiteSpec:
    """One web site: a domain with its aliases, served by one server block.

    ``name`` is the ASCII (punycode) domain name and the key; ``unicode_name``
    is how people write it.  ``aliases`` are ASCII names served by the same
    site: ``www.<name>`` when www is on, and the domain's alias domains.
    An empty ``document_root`` means ``<vhosts_root>/<name>/httpdocs``.
    ``tls=None`` with ``https`` on means the applier makes a self-signed
    certificate for the site, unless ``certificate`` (one assigned to it) is given.
    """

    name: str
    unicode_name: str = ""
    aliases: tuple[str, ...] = ()
    document_root: str = ""
    system_user: str | None = None
    status: SiteStatus = "active"
    hosting_type: HostingType = "virtual"
    forward_url: str | None = None
    php: bool = False
    php_fpm_socket: str | None = None
    https: bool = True
    tls: TlsFiles | None = None
    certificate: SiteCertificate | None = None
    protected: tuple[ProtectedSpec, ...] = ()
    # Performance limits (Plesk's webspace ``performance``): ``rate_kb`` KB/s per connection;
    # ``max_connections`` requests at once over all sites of one ``limit_group`` (a subscription).
    rate_kb: int | None = None
    max_connections: int | None = None
    limit_group: str = ""

    @property
    def key(self) -> str:
        return self.name

    @property
    def server_names(self) -> tuple[str, ...]:
        return (self.name, *(a for a in self.aliases if a != self.name))


@dataclass(frozen=True)
class SoaSpec:
    """SOA fields.  ``serial=None`` lets the DNS applier choose; a given
    serial is a floor, the applier still bumps it when the zone changes."""

    primary_ns: str
    hostmaster: str
    serial: int | None = None
    refresh: int = 10800
    retry: int = 3600
    expire: int = 604800
    minimum: int = 300


@dataclass(frozen=True)
class RecordSpec:
    """One resource record.  ``name`` is relative to the zone (``@`` for the
    apex) or absolute with a trailing dot; ``rdata`` is master-file text
    (``10 mx.example.com.`` for MX; TXT may be given unquoted)."""

    name: str
    type: str
    rdata: str
    ttl: int | None = None


@dataclass(frozen=True)
class ZoneSpec:
    """An authoritative zone; ``name`` is the ASCII zone name without the
    trailing dot."""

    name: str
    soa: SoaSpec
    records: tuple[RecordSpec, ...] = ()
    ttl: int = 3600

    @property
    def key(self) -> str:
        return self.name


@dataclass(frozen=True)
class DatabaseSpec:
    """A customer database.  ``server`` names a configured database server;
    empty means the default server of ``type``."""

    name: str
    type: DatabaseType = "mysql"
    server: str = ""

    @property
    def server_key(self) -> str:
        return self.server or self.type

    @property
    def key(self) -> str:
        return f"database/{self.server_key}/{self.name}"


@dataclass(frozen=True)
class DatabaseUserSpec:
    """A database login.  ``password_hash`` is ``mysql_native_hash(pw)`` for
    MySQL/MariaDB and ``scram_sha256_verifier(pw)`` for PostgreSQL.
    ``databases`` are the names of the databases (on the same server) the
    user gets all privileges on.  ``host`` is the MySQL account host part."""

    login: str
    password_hash: str
    type: DatabaseType = "mysql"
    server: str = ""
    databases: tuple[str, ...] = ()
    host: str = "%"
    # (database, privileges) for the databases of ``databases`` where the user has fewer than all
    # privileges (MySQL/MariaDB names, e.g. ("SELECT", "INSERT")); the others get all privileges.
    privileges: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def server_key(self) -> str:
        return self.server or self.type

    @property
    def key(self) -> str:
        return f"user/{self.server_key}/{self.login}"


@dataclass(frozen=True)
class MailboxSpec:
    """A mailbox.  ``password_hash`` is crypt(3) style (``$6$...``, from
    ``crypt_sha512``), optionally with a Dovecot scheme prefix.  ``maildir``
    is an absolute path under the mail applier's ``mail_root``.  ``aliases``
    are further addresses delivered to this mailbox; ``forwards`` get a copy
    of everything it receives."""

    address: str
    password_hash: str
    maildir: str
    quota_bytes: int | None = None
    aliases: tuple[str, ...] = ()
    forwards: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.address.lower()

    @property
    def domain(self) -> str:
        return self.address.rsplit("@", 1)[-1].lower()


@dataclass(frozen=True)
class FtpUserSpec:
    """A virtual FTP account.  ``uid``/``gid`` may be given directly, or
    looked up from ``system_user``; otherwise the FTP applier's default."""

    login: str
    password_hash: str
    home: str
    uid: int | None = None
    gid: int | None = None
    system_user: str | None = None
    quota_bytes: int | None = None

    @property
    def key(self) -> str:
        return self.login


@dataclass(frozen=True)
class DesiredState:
    """The complete desired state, for a full reconcile."""

    sites: tuple[SiteSpec, ...] = ()
    zones: tuple[ZoneSpec, ...] = ()
    databases: tuple[DatabaseSpec, ...] = ()
    database_users: tuple[DatabaseUserSpec, ...] = ()
    mailboxes: tuple[MailboxSpec, ...] = ()
    ftp_users: tuple[FtpUserSpec, ...] = field(default=())
