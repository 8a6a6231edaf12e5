"""Names on the real servers: the ones nobody may take, and the ones someone else already holds.

The panel never adopts or changes what it did not create. Two checks guard that, before a
database, a database user, a system user (FTP login) or a mailbox is written to the store:

- reserved names (``root``, ``mysql``, ``postgres``, ``pg_*``, ``sshd``, ...) are refused outright;
- a :class:`NameProbe`, which the provisioning layer registers on the Panel, says whether a
  name already exists on the real server without being the panel's own. Such a name is refused
  with "exists on the server and is not managed by the panel". The appliers check again right
  before they act, so a stranger made in between is never touched either.

Without provisioning attached (or with dry appliers) the probe finds nothing.
"""
from __future__ import annotations

from typing import Protocol

from .errors import AlreadyExists, Invalid

# Accounts the database servers themselves, their packages and their tools use.
RESERVED_DATABASE_USERS = frozenset({
    "root", "mysql", "mariadb.sys", "mysql.sys", "mysql.session", "mysql.infoschema", "debian-sys-maint",
    "admin", "administrator", "postgres", "public", "current_user", "session_user", "current_role", "none",
    "replication", "rdsadmin", "rds_superuser", "azure_superuser", "cloudsqlsuperuser", "pgbouncer",
    "healthchecker", "polypanel",
})
# Databases every MariaDB/MySQL or PostgreSQL server has or needs.
RESERVED_DATABASES = frozenset({
    "mysql", "information_schema", "performance_schema", "sys", "test", "postgres", "template0", "template1",
    "polypanel",
})
# Logins of the operating system and its daemons, and FTP's own anonymous account: never an FTP
# login or a subscription's system user. (Any other login in /etc/passwd is refused by the probe.)
RESERVED_SYSTEM_LOGINS = frozenset({
    "root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy", "www-data",
    "backup", "list", "irc", "gnats", "nobody", "nogroup", "_apt", "messagebus", "sshd", "ftp", "ftpuser",
    "anonymous", "postfix", "dovecot", "dovenull", "bind", "named", "nginx", "apache", "httpd", "mysql",
    "postgres", "polypanel", "admin", "administrator", "halt", "shutdown", "operator", "ntp", "systemd-network",
    "systemd-resolve", "systemd-timesync", "pure-ftpd", "pureftpd", "vmail", "opendkim", "clamav", "redis",
    "memcache", "tss", "uuidd", "tcpdump", "statd", "avahi", "polkitd", "syslog", "landscape", "lxd", "sshd-session",
})
# PostgreSQL reserves roles starting with pg_; MariaDB's own accounts start with "mysql." / "mariadb.".
RESERVED_PREFIXES = ("pg_", "mysql.", "mariadb.")


class NameProbe(Protocol):
    """What exists on the real servers that the panel did not create (True: a stranger holds it)."""

    def foreign_database(self, server_id: int, server_type: str, name: str) -> bool: ...
    def foreign_database_user(self, server_id: int, server_type: str, login: str) -> bool: ...
    def foreign_system_user(self, login: str) -> bool: ...
    def foreign_mailbox(self, address: str) -> bool: ...


class NothingOnServer:
    """The probe of a panel without real appliers: no server, so no strangers."""

    def foreign_database(self, server_id: int, server_type: str, name: str) -> bool:
        return False

    def foreign_database_user(self, server_id: int, server_type: str, login: str) -> bool:
        return False

    def foreign_system_user(self, login: str) -> bool:
        return False

    def foreign_mailbox(self, address: str) -> bool:
        return False


def _reserved(value: str, names: frozenset[str]) -> bool:
    low = value.lower()
    return low in names or low.startswith(RESERVED_PREFIXES)


def check_database_name(value: str, field: str = "name") -> str:
    if _reserved(value, RESERVED_DATABASES):
        raise Invalid(field, f"'{value}' is reserved for the database server")
    return value


def check_database_user(value: str, field: str = "login") -> str:
    if _reserved(value, RESERVED_DATABASE_USERS):
        raise Invalid(field, f"'{value}' is reserved for the database server")
    return value


def check_system_login(value: str, field: str = "login") -> str:
    if value.lower() in RESERVED_SYSTEM_LOGINS or value.lower().startswith("systemd-"):
        raise Invalid(field, f"'{value}' is reserved for the operating system")
    return value


def not_managed(kind: str, name: str) -> AlreadyExists:
    """The error for a name a stranger holds on the server."""
    return AlreadyExists(kind, name, f"The {kind} '{name}' exists on the server and is not managed by the panel")


def apply_prefix(template: str, name: str, *, system_user: str) -> str:
    """``name`` with the per-subscription prefix (panel.ini ``[databases] prefix``, e.g.
    ``{system_user}_``) in front, unless it already starts with it. An empty template: no prefix."""
    if not template:
        return name
    prefix = template.replace("{system_user}", system_user)
    return name if name.startswith(prefix) else prefix + name
