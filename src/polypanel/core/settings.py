"""What the core needs to know about the server it runs on (filled from panel.ini by the server)."""
from __future__ import annotations

import socket
from dataclasses import dataclass, field


LOCAL_NAMES = ("localhost", "localhost.localdomain", "localhost6", "localhost6.localdomain6")


def machine_fqdn() -> str:
    """This machine's fully qualified name, as ``hostname -f`` gives it; else its host name."""
    name = socket.gethostname()
    candidates = []
    try:
        candidates.append(socket.getaddrinfo(name, None, flags=socket.AI_CANONNAME)[0][3])
    except (OSError, IndexError):
        pass
    candidates += [socket.getfqdn(), name]
    for candidate in candidates:
        if candidate and candidate.lower() not in LOCAL_NAMES:
            return candidate.lower()
    return "localhost"


@dataclass(frozen=True)
class DatabaseServerSetting:
    type: str  # mysql | postgresql
    host: str
    port: int
    is_default: bool = True


@dataclass(frozen=True)
class CoreSettings:
    hostname: str = field(default_factory=machine_fqdn)
    vhosts_root: str = "/var/www/vhosts"
    ip_addresses: tuple[str, ...] = ("127.0.0.1",)
    nameservers: tuple[str, ...] = ()  # empty: ns1/ns2.<domain>
    database_servers: tuple[DatabaseServerSetting, ...] = (
        DatabaseServerSetting("mysql", "127.0.0.1", 3306),
        DatabaseServerSetting("postgresql", "127.0.0.1", 5432),
    )
    apply_timeout: float = 30.0
    database_prefix: str = ""  # [databases] prefix, e.g. "{system_user}_": put before database and user names
    password_strength: str = "strong"  # minimum strength of account passwords: see validation.PASSWORD_STRENGTHS
    # [autossl] clobber_externally_signed: AutoSSL may replace a defective certificate from another CA (core/autossl.py)
    autossl_clobber_externally_signed: bool = False
    autossl_enabled: bool = True  # [autossl] enabled: the server attaches AutoSSL's certificate source
