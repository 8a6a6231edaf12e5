"""What the core needs to know about the server it runs on (filled from panel.ini by the server)."""
from __future__ import annotations

import socket
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DatabaseServerSetting:
    type: str  # mysql | postgresql
    host: str
    port: int
    is_default: bool = True


@dataclass(frozen=True)
class CoreSettings:
    hostname: str = field(default_factory=lambda: socket.getfqdn() or "localhost")
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
