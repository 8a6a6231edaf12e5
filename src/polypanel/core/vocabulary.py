"""The core's words, defined once: kinds of domain, DNS record types, and provisioning targets.

Every layer (core, provisioning, the dialects) takes these names from here, so "which kinds are
sites" or "which record types hold a host name" cannot differ between two places.
"""
from __future__ import annotations

from dataclasses import dataclass

# --- domains -------------------------------------------------------------------------------------

DOMAIN_KINDS = ("main", "addon", "subdomain", "alias", "parked")
SITE_KINDS = ("main", "addon", "subdomain")  # served as a site of their own
ALIAS_KINDS = ("alias", "parked")  # other names of a site
WEBSPACE_KINDS = ("main", "addon")  # counted as domains of a subscription
ZONE_KINDS = ("main", "addon", "alias", "parked")  # get a DNS zone of their own; subdomains live in their parent's

# --- DNS -----------------------------------------------------------------------------------------

RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "NS", "TXT", "SRV", "PTR", "CAA", "TLSA", "DS", "HTTPS", "SOA")
# Record types whose value is a host name (written absolute, with a trailing dot, in zone files).
HOST_VALUE_TYPES = frozenset({"CNAME", "NS", "MX", "SRV", "PTR", "DNAME"})

# --- provisioning jobs ---------------------------------------------------------------------------

SERVICES = ("web", "dns", "mail", "ftp", "db")


@dataclass(frozen=True)
class JobTarget:
    """What a provisioning job (re)applies: a service and a key within it.

    ``web``, ``dns`` and ``mail``: a domain's ASCII name; ``ftp``: ``all``; ``db``: a database
    (``database:<server id>:<name>``) or a database user (``user:<server id>:<login>``).
    """

    service: str
    key: str

    @property
    def kind(self) -> str:
        """``database`` or ``user`` for a ``db`` target; the service otherwise."""
        return self.key.partition(":")[0] if self.service == "db" else self.service

    @property
    def server_id(self) -> int | None:
        if self.service != "db":
            return None
        _kind, _, rest = self.key.partition(":")
        return int(rest.partition(":")[0])

    @property
    def name(self) -> str:
        """The domain, database or database user the job is for."""
        if self.service != "db":
            return self.key
        return self.key.partition(":")[2].partition(":")[2]

    @classmethod
    def parse(cls, service: str, key: str) -> "JobTarget":
        """A target read back from a stored job; ValueError if it is not one the core makes."""
        if service not in SERVICES:
            raise ValueError(f"unknown service {service!r}")
        if service == "db":
            kind, _, rest = key.partition(":")
            server, _, name = rest.partition(":")
            if kind not in ("database", "user") or not server.isdigit() or not name:
                raise ValueError(f"not a database job target: {key!r}")
        return cls(service, key)


def web(domain: str) -> JobTarget:
    return JobTarget("web", domain)


def dns(zone: str) -> JobTarget:
    return JobTarget("dns", zone)


def mail(domain: str) -> JobTarget:
    return JobTarget("mail", domain)


def ftp() -> JobTarget:
    return JobTarget("ftp", "all")


def database(server_id: int, name: str) -> JobTarget:
    return JobTarget("db", f"database:{server_id}:{name}")


def database_user(server_id: int, login: str) -> JobTarget:
    return JobTarget("db", f"user:{server_id}:{login}")
