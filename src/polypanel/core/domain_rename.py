"""Renaming a subscription's main domain (WHM ``modifyacct domain=``).

The domain row keeps its id, so everything that hangs off it follows: its subdomains are renamed
below the new name, its DNS zone is renamed with every record whose name or target was inside the
old name, and the web and DNS jobs of both names are queued (the old vhost and zone are removed,
the new ones written). Files stay where they are: document roots and the webspace's home
(``webspaces.home_dir``) do not move, as on cPanel, where the home does not follow the domain.

What cannot follow safely is refused before anything changes: mailboxes (their mail is stored in a
folder named after the domain) and a certificate installed on the old name (it does not cover the
new one).
"""
from __future__ import annotations

from sqlalchemy import func, select

from polypanel.store.models import Domain, DnsZone, Mailbox, Subscription

from . import authorization, dns, domains, names, tenancy, validation, vocabulary, webspaces
from .errors import Conflict
from .unit_of_work import UnitOfWork


def _moved(name: str, old: str, new: str) -> str:
    """``name`` with the suffix ``old`` replaced by ``new`` (unchanged when outside ``old``)."""
    bare = name.rstrip(".")
    dot = "." if name.endswith(".") else ""
    if bare == old:
        return new + dot
    if bare.endswith("." + old):
        return bare[: -len(old)] + new + dot
    return name


def _below(ctx: UnitOfWork, d: Domain) -> list[Domain]:
    """Subdomains under ``d``, at any depth."""
    out, todo = [], [d.id]
    while todo:
        children = list(ctx.session.scalars(select(Domain).where(Domain.parent_id.in_(todo), Domain.kind == "subdomain")))
        out += children
        todo = [c.id for c in children]
    return out


def _refuse_unsafe(ctx: UnitOfWork, renamed: list[Domain]) -> None:
    ids = [d.id for d in renamed]
    mailboxes = ctx.session.scalar(select(func.count()).select_from(Mailbox).where(Mailbox.domain_id.in_(ids)))
    if mailboxes:
        raise Conflict(f"The domain {renamed[0].ascii_name} has {mailboxes} mailbox(es): their mail is stored under the "
                       "domain's name and cannot be moved to a new name here; remove them first")
    if any(d.certificate_id is not None for d in renamed):
        raise Conflict(f"A certificate is installed on {renamed[0].ascii_name}; it does not cover the new name: "
                       "remove it first")


def rename_main(ctx: UnitOfWork, sub: Subscription, new_name: str) -> Domain:
    """Give the subscription's main domain the name ``new_name``."""
    tenancy.require(ctx.principal, sub, "subscription", sub.id)
    authorization.require(ctx.principal, "domains:update", "You may not rename this domain")
    main = webspaces.main_domain(sub)
    unicode_name, new = validation.domain_name(new_name)
    old = main.ascii_name
    if new == old:
        return main
    if new.endswith("." + old):
        raise Conflict(f"The new name {new} is inside the current one; rename to a name outside {old}")
    subs = _below(ctx, main)
    _refuse_unsafe(ctx, [main, *subs])
    for d in [main, *subs]:
        target = _moved(d.ascii_name, old, new)
        domains.check_name_free(ctx, target)
        names.check_available(ctx, target, sub.owner_id)
    zone = ctx.session.scalar(select(DnsZone).where(DnsZone.domain_id == main.id))
    for d in [main, *subs]:
        ctx.enqueue(vocabulary.web(d.ascii_name))  # the old vhost goes
        renamed = _moved(d.ascii_name, old, new)
        d.name = unicode_name if d is main else validation.domain_name(renamed)[0]
        d.ascii_name = renamed
        d.provision_status = "pending"
        ctx.enqueue(vocabulary.web(renamed))
    if zone is not None:
        ctx.enqueue(vocabulary.dns(zone.name))  # the old zone goes
        zone.name = new
        zone.primary_ns = _moved(zone.primary_ns, old, new)
        zone.admin_email = _moved(zone.admin_email, old, new)
        for rec in zone.records:
            rec.name = _moved(rec.name, old, new)
            if rec.type.upper() in vocabulary.HOST_VALUE_TYPES:
                rec.value = _moved(rec.value, old, new)
        dns.bump(ctx, zone)
    ctx.enqueue(vocabulary.mail(old))
    ctx.enqueue(vocabulary.mail(new))
    ctx.session.flush()
    ctx.audit("domain:rename", "domain", main.id, f"{old} -> {new}")
    return main
