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
