"""Who holds a host name: one owner per name, for the web server and the DNS server alike.

A name belongs to the subscription of the domain that is that name or the nearest domain
above it (its records too: ``www``, ``mail``, ``ftp`` and the apex of a zone are held by the
zone's subscription). A new domain, subdomain, alias or parked name may be added only where
no other customer holds the name, a name above it or a name below it, so nginx never serves
one name for two owners and the DNS server never answers it from two owners' zones. The
owner's own chain (the customer, its reseller, the administrator acting for that customer's
subscriptions) may add names to any of the customer's subscriptions.
"""
from __future__ import annotations

from sqlalchemy import or_, select

from polypanel.store.models import Domain, Subscription

from .unit_of_work import UnitOfWork
from .errors import AlreadyExists


def suffixes(ascii_name: str) -> list[str]:
    """``a.b.example.com`` -> [``a.b.example.com``, ``b.example.com``, ``example.com``, ``com``]."""
    labels = ascii_name.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def related(ctx: UnitOfWork, ascii_name: str) -> list[tuple[str, int]]:
    """(domain name, owner account id) of every domain equal to, above or below ``ascii_name``."""
    q = (select(Domain.ascii_name, Subscription.owner_id)
         .join(Subscription, Domain.subscription_id == Subscription.id)
         .where(or_(Domain.ascii_name.in_(suffixes(ascii_name)),
                    # ASCII domain names hold no '%' or '_', so the pattern needs no escaping
                    Domain.ascii_name.like("%." + ascii_name))))
    return [(name, owner_id) for name, owner_id in ctx.session.execute(q)]


def holder(ctx: UnitOfWork, ascii_name: str) -> tuple[str, int] | None:
    """(domain name, owner account id) of the nearest domain that is or holds ``ascii_name``."""
    above = [(n, o) for n, o in related(ctx, ascii_name) if n == ascii_name or ascii_name.endswith("." + n)]
    return max(above, key=lambda pair: len(pair[0])) if above else None


def check_record(ctx: UnitOfWork, fqdn: str, zone_owner_id: int) -> None:
    """Refuse a record named ``fqdn`` in a zone of ``zone_owner_id`` if a nearer domain of
    another customer holds that name."""
    held = holder(ctx, fqdn)
    if held is not None and held[1] != zone_owner_id:
        raise AlreadyExists("DNS record", fqdn, f"The name {fqdn} belongs to another customer's domain {held[0]}")


def check_available(ctx: UnitOfWork, ascii_name: str, owner_id: int) -> None:
    """Refuse ``ascii_name`` for a subscription of ``owner_id`` if the name, a name above it or a
    name below it belongs to another customer's subscription."""
    for name, other_owner in sorted(related(ctx, ascii_name), key=lambda pair: len(pair[0])):
        if other_owner == owner_id or name == ascii_name:
            continue  # the same name is refused as existing by the callers
        if ascii_name.endswith("." + name):
            message = f"The name {ascii_name} is inside {name}, which belongs to another customer"
        else:
            message = f"A name below {ascii_name} belongs to another customer"
        raise AlreadyExists("domain", ascii_name, message)
