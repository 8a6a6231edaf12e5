"""The server's IP addresses."""
from __future__ import annotations

from sqlalchemy import select

from polypanel.store.models import IpAddress

from . import authorization, validation
from .unit_of_work import UnitOfWork
from .errors import AlreadyExists, NotFound


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
    from polypanel.store.models import Subscription

    from .errors import Conflict

    authorization.require(ctx.principal, "ips:manage", "Only the administrator may remove IP addresses")
    ip = get(ctx, address)
    if ctx.session.scalar(select(Subscription.id).where(Subscription.ip_id == ip.id).limit(1)) is not None:
        raise Conflict(f"The IP address {address} is used by subscriptions")
    ctx.audit("ip:remove", "ip", ip.id, address)
    ctx.session.delete(ip)
