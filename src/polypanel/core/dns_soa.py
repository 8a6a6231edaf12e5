"""A zone's SOA: its primary name server, the administrator's mailbox, the timers and the default TTL.

Validated as BIND takes a master file: the primary server a host name, the mailbox an e-mail
address (written ``local.domain.`` in the zone), every timer a 32-bit count of seconds that the
store keeps (0 to 2147483647, RFC 2181's limit for TTLs), the serial never going backwards.
"""
from __future__ import annotations

from dataclasses import dataclass

from polypanel.store.models import DnsZone

from . import dns, tenancy, validation
from .errors import Invalid
from .unit_of_work import UnitOfWork

TIMERS = ("refresh", "retry", "expire", "minimum", "ttl")
MAX_SERIAL = validation.MAX_INT  # the store keeps serials in a signed 32-bit column


@dataclass(frozen=True)
class Soa:
    primary_ns: str
    admin_email: str
    serial: int
    refresh: int
    retry: int
    expire: int
    minimum: int
    ttl: int


def admin_email(zone: DnsZone) -> str:
    """The administrator's address as an e-mail address (``hostmaster.example.com`` from an older
    zone reads ``hostmaster@example.com``)."""
    value = zone.admin_email or f"hostmaster.{zone.name}"
    if "@" in value:
        return value
    local, _, domain = value.partition(".")
    return f"{local}@{domain}" if domain else value


def of(zone: DnsZone) -> Soa:
    return Soa(primary_ns=zone.primary_ns or f"ns1.{zone.name}", admin_email=admin_email(zone), serial=zone.serial,
               refresh=zone.refresh, retry=zone.retry, expire=zone.expire, minimum=zone.minimum, ttl=zone.ttl)


def _seconds(value, field: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return validation.ttl(value.strip() if isinstance(value, str) else value, field)


def update(ctx: UnitOfWork, zone: DnsZone, *, primary_ns: str | None = None, admin_email: str | None = None,
           serial=None, **timers) -> Soa:
    """Change the SOA of a zone the caller may edit (values not given stay); the zone is applied again."""
    if not ctx.principal.is_admin:
        tenancy.require(ctx.principal, zone.domain.subscription if zone.domain else None, "DNS zone", zone.name)
    dns.check_editable(ctx, zone)
    unknown = set(timers) - set(TIMERS)
    if unknown:
        raise Invalid(sorted(unknown)[0], "is not a field of the SOA record")
    values = {key: _seconds(timers.get(key), key) for key in TIMERS}
    if primary_ns is not None and primary_ns.strip():
        values["primary_ns"] = validation.domain_name(primary_ns, "primary_ns")[1]
    if admin_email is not None and admin_email.strip():
        values["admin_email"] = _mailbox(admin_email)
    floor = _serial(serial)
    for key, value in values.items():
        if value is not None:
            setattr(zone, key, value)
    dns.bump(ctx, zone)
    if floor is not None and floor > zone.serial:
        zone.serial = floor
    ctx.audit("dns:update_soa", "dns_zone", zone.id, zone.name)
    return of(zone)


def _mailbox(value: str) -> str:
    address = validation.email(value, "admin_email", required=True)
    local, _, domain = address.rpartition("@")
    if not local.isascii() or len(local) > 63 or any(ch in local for ch in "\\;()\"$"):
        raise Invalid("admin_email", f"'{address}' cannot be written in a zone file (use a plain ASCII local part)")
    return f"{local}@{validation.domain_name(domain, 'admin_email')[1]}"


def _serial(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        n = int(str(value).strip())
    except ValueError:
        raise Invalid("serial", "must be a whole number") from None
    if not 0 <= n <= MAX_SERIAL:
        raise Invalid("serial", f"must be between 0 and {MAX_SERIAL}")
    return n
