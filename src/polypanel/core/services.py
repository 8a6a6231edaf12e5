"""The server's services as the panel drives them (web, DNS, mail, FTP, databases): how the last
change to each went, and re-applying one (what a panel's "restart the service" asks for).

Administrator only. A service is up to date when its newest job is done; failed when it failed
(with the tool's words); pending while a change waits for its applier.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from polypanel.store.models import DnsZone, Domain, ProvisionJob

from . import authorization, vocabulary
from .errors import NotFound
from .unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ServiceState:
    name: str  # web | dns | mail | ftp | db
    status: str  # ok | failed | pending
    failed_jobs: int
    message: str = ""


def overview(ctx: UnitOfWork) -> list[ServiceState]:
    authorization.require(ctx.principal, "server:manage", "Only the administrator may see the services")
    out = []
    for name in vocabulary.SERVICES:
        newest = ctx.session.execute(select(ProvisionJob.status, ProvisionJob.error).where(ProvisionJob.service == name)
                                     .order_by(ProvisionJob.id.desc()).limit(1)).first()
        failed = ctx.session.scalar(select(func.count()).select_from(ProvisionJob).where(
            ProvisionJob.service == name, ProvisionJob.status == "failed"))
        status = "ok" if newest is None or newest.status == "done" else \
            "failed" if newest.status == "failed" else "pending"
        out.append(ServiceState(name, status, int(failed or 0), (newest.error or "") if newest is not None else ""))
    return out


def reapply(ctx: UnitOfWork, name: str) -> int:
    """Queue every object of service ``name`` to be applied again (the applier reloads the daemon
    once); the number of objects queued."""
    authorization.require(ctx.principal, "server:manage", "Only the administrator may restart services")
    if name == "web":
        targets = [vocabulary.web(n) for n in ctx.session.scalars(
            select(Domain.ascii_name).where(Domain.kind.in_(vocabulary.SITE_KINDS)))]
    elif name == "dns":
        targets = [vocabulary.dns(n) for n in ctx.session.scalars(select(DnsZone.name))]
    elif name == "mail":
        targets = [vocabulary.mail(n) for n in ctx.session.scalars(
            select(Domain.ascii_name).where(Domain.kind.in_(vocabulary.SITE_KINDS)))]
    elif name == "ftp":
        targets = [vocabulary.ftp()]
    else:
        raise NotFound("service", name, f"The service '{name}' cannot be restarted")
    for target in targets:
        ctx.enqueue(target)
    ctx.audit("service:reapply", "service", name, f"{len(targets)} objects")
    return len(targets)
