"""Whole zones on request (WHM's adddns/killdns): a zone for a domain the caller holds, or none."""
from __future__ import annotations

from sqlalchemy import select

from polypanel.store.models import DnsZone

from . import dns, domains, tenancy
from .errors import AlreadyExists
from .unit_of_work import UnitOfWork


def add(ctx: UnitOfWork, name: str, ip: str | None = None):
    """The default zone of ``name``, a domain the caller may see that has no zone now."""
    domain = domains.get(ctx, name=name)
    tenancy.require(ctx.principal, domain.subscription, "domain", name)
    if ctx.session.scalar(select(DnsZone.id).where(DnsZone.name == domain.ascii_name)) is not None:
        raise AlreadyExists("DNS zone", domain.ascii_name, f"The DNS zone {domain.ascii_name} already exists")
    sub_ip = domain.subscription.ip.address if domain.subscription.ip is not None else "127.0.0.1"
    zone = dns.create_default_zone(ctx, domain, ip or sub_ip)
    ctx.audit("dns:add_zone", "dns_zone", zone.id, zone.name)
    return zone


def remove(ctx: UnitOfWork, zone: DnsZone) -> None:
    """Delete a zone the caller may see (``dns.get_zone`` found it through tenancy)."""
    if zone.domain is not None:
        tenancy.require(ctx.principal, zone.domain.subscription, "DNS zone", zone.name)
    ctx.audit("dns:delete_zone", "dns_zone", zone.id, zone.name)
    dns.delete_zone(ctx, zone)
