"""Who is acting: every credential kind resolves to one Principal."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Principal:
    actor_id: int  # the account that authenticated
    actor_login: str
    account_id: int  # the account acted as (differs from actor under su / impersonation)
    login: str
    role: str  # role of the effective account: admin | reseller | customer
    method: str = "system"  # password | secret_key | api_token | session | one_time_key | system
    source_ip: str = ""
    api: str = "core"  # core | cli | plesk_rest | plesk_xml | whm | cpanel | ispmgr
    scopes: frozenset[str] = field(default_factory=frozenset)  # empty = everything the role allows
    permissions: frozenset[str] = field(default_factory=frozenset)  # flags granted to the account (authorization.GATED)
    bound_ips: tuple[str, ...] = ()  # the addresses the credential used is bound to; empty = none

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_reseller(self) -> bool:
        return self.role == "reseller"
