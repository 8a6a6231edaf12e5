"""The server's IP addresses."""
from __future__ import annotations

from sqlalchemy import select

from polypanel.store.models import DnsZone, Domain, IpAddress, Subscription

from . import authorization, dns, validation, vocabulary
from .unit_of_work import UnitOfWork
from .errors import AlreadyExists, Conflict, NotFound


def list_(ctx: UnitOfWork) -> list[IpAddress]:
    return list(ctx.session.scalars(select(IpAddress).order_by(IpAddress.id)))


def get(ctx: UnitOfWork, address: str) -> IpAddress:
    ip = ctx.session.scalar(select(IpAddress).where(IpAddress.address == address))
    if ip is None:
        raise NotFound("IP address", address, f"The IP address {address} is not registered on this server")
    return ip


def default(ctx: UnitOfWork) -> IpAddress | None:
    return ctx.session.scalar(select(IpAddress).where(IpAddress.type == "shared").order_by(IpAddress.id))


def add(ctx: UnitOfWork, address: str, *, netmask: str = "255.255.255.0", interface: str = "lo",
        type: str = "shared") -> IpAddress:
    authorization.require(ctx.principal, "ips:manage", "Only the administrator may add IP addresses")
    address = validation.ip_address(address)
    if ctx.session.scalar(select(IpAddress.id).where(IpAddress.address == address)):
        raise AlreadyExists("IP address", address)
    ip = IpAddress(address=address, netmask=netmask, interface=interface, type=type)
    ctx.insert(ip, "IP address", address)
    ctx.audit("ip:add", "ip", ip.id, address)
    return ip


def remove(ctx: UnitOfWork, address: str) -> None:
    """Take an address off the panel; refused while a subscription uses it (Conflict)."""

    authorization.require(ctx.principal, "ips:manage", "Only the administrator may remove IP addresses")
    ip = get(ctx, address)
    if ctx.session.scalar(select(Subscription.id).where(Subscription.ip_id == ip.id).limit(1)) is not None:
        raise Conflict(f"The IP address {address} is used by subscriptions")
    ctx.audit("ip:remove", "ip", ip.id, address)
    ctx.session.delete(ip)


def users(ctx: UnitOfWork, ip: IpAddress) -> list[Subscription]:
    return list(ctx.session.scalars(select(Subscription).where(Subscription.ip_id == ip.id).order_by(Subscription.id)))


def free(ctx: UnitOfWork, type: str = "exclusive") -> list[IpAddress]:
    """Addresses of ``type`` that no subscription uses (the pool an exclusive address is taken from)."""
    used = select(Subscription.ip_id).where(Subscription.ip_id.is_not(None))
    return list(ctx.session.scalars(select(IpAddress).where(IpAddress.type == type, IpAddress.id.not_in(used))
                                    .order_by(IpAddress.id)))


def move(ctx: UnitOfWork, sub: Subscription, ip: IpAddress) -> None:
    """Serve ``sub`` on ``ip``: its zones' address records that named the old address name the new one,
    and its sites are applied again. (Administrator only, as every change of the pool.)"""
    authorization.require(ctx.principal, "ips:manage", "Only the administrator may assign IP addresses")
    old = sub.ip
    if old is not None and old.id == ip.id:
        return
    if ip.type == "exclusive" and any(other.id != sub.id for other in users(ctx, ip)):
        raise Conflict(f"The IP address {ip.address} is assigned to another subscription")
    sub.ip = ip
    if old is not None:
        names = [d.ascii_name for d in sub.domains]
        for zone in ctx.session.scalars(select(DnsZone).join(Domain, DnsZone.domain_id == Domain.id)
                                        .where(Domain.subscription_id == sub.id)):
            changed = [r for r in zone.records if r.type in ("A", "AAAA") and r.value == old.address]
            for rec in changed:
                rec.value = ip.address
            if changed:
                dns.bump(ctx, zone)
        for name in names:
            ctx.enqueue(vocabulary.web(name))
    ctx.audit("ip:assign", "subscription", sub.id, ip.address)


def release(ctx: UnitOfWork, address: str) -> int:
    """Free an address: the subscriptions on it move to the server's shared address, and it is left
    unused in the pool (ISPmanager's ``ipaddr.free``); the number of subscriptions moved."""
    authorization.require(ctx.principal, "ips:manage", "Only the administrator may free IP addresses")
    ip = get(ctx, address)
    subs = users(ctx, ip)
    if not subs:
        return 0
    shared = ctx.session.scalar(select(IpAddress).where(IpAddress.type == "shared", IpAddress.id != ip.id)
                                .order_by(IpAddress.id))
    if shared is None:
        raise Conflict(f"The IP address {address} cannot be freed: no other shared address to move its sites to")
    for sub in subs:
        move(ctx, sub, shared)
    ctx.audit("ip:release", "ip", ip.id, f"{address}: {len(subs)} subscriptions moved to {shared.address}")
    return len(subs)
