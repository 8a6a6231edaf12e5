"""Dynamic DNS names (cPanel's DynamicDNS): a host name below one of a subscription's domains whose
A/AAAA records are set by calling a secret URL (``/cpanelwebcall/<id>``) from the changing address.

The id (32 random lower-case letters, about 150 bits) is the only credential of the update call, as
on cPanel. An update replaces the name's A (or AAAA) records in the subscription's zone with one
record of TTL 300 and re-applies the zone; at most ``RATE_LIMIT`` calls per ``RATE_WINDOW`` seconds
are run per name (the rest get a wait time). Deleting the name removes its A/AAAA records.
"""
from __future__ import annotations

import calendar
import ipaddress
import secrets
import string

from sqlalchemy import select

from polypanel.store.models import DnsRecord, DynamicDnsHost, Subscription

from . import dns, names, tenancy, validation
from .errors import AlreadyExists, Invalid, NotFound
from .unit_of_work import UnitOfWork

ID_LENGTH = 32
TTL = 300
RATE_LIMIT, RATE_WINDOW = 5, 300
MAX_DESCRIPTION = 1024
# Service names cPanel reserves below every domain (its "auto domains").
RESERVED = ("www", "mail", "cpanel", "whm", "webmail", "webdisk", "cpcalendars", "cpcontacts", "autodiscover",
            "autoconfig", "ftp")


def valid_id(value: str) -> bool:
    return len(value) == ID_LENGTH and all(c in string.ascii_lowercase for c in value)


def _new_id() -> str:
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(ID_LENGTH))


def epoch(dt) -> int | None:
    return int(calendar.timegm(dt.timetuple())) if dt is not None else None


def check_description(value: str) -> str:
    value = value or ""
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise Invalid("description", "The “description” parameter cannot contain control characters.")
    if len(value.encode("utf-8")) > MAX_DESCRIPTION:
        raise Invalid("description", f"The “description” parameter is too long. The maximum allowed length is "
                                     f"{MAX_DESCRIPTION} bytes.")
    return value


def list_(ctx: UnitOfWork, sub: Subscription) -> list[DynamicDnsHost]:
    tenancy.require(ctx.principal, sub, "subscription", sub.id)
    q = select(DynamicDnsHost).where(DynamicDnsHost.subscription_id == sub.id).order_by(DynamicDnsHost.domain)
    return list(ctx.session.scalars(q))


def get(ctx: UnitOfWork, sub: Subscription, id_: str) -> DynamicDnsHost:
    row = ctx.session.get(DynamicDnsHost, id_) if valid_id(id_) else None
    if row is None or row.subscription_id != sub.id:
        raise NotFound("dynamic DNS host", id_[:64], f"Nonexistent “id”: {id_[:64]}")
    tenancy.require(ctx.principal, sub, "dynamic DNS host", id_)
    return row


def addresses(ctx: UnitOfWork, row: DynamicDnsHost) -> tuple[list[str], list[str]]:
    """The A and AAAA values the name has now."""
    zone = dns.zone_of(ctx, row.domain)
    recs = [r for r in (zone.records if zone is not None else []) if r.name == row.domain]
    return [r.value for r in recs if r.type == "A"], [r.value for r in recs if r.type == "AAAA"]


def create(ctx: UnitOfWork, sub: Subscription, domain: str, description: str = "") -> DynamicDnsHost:
    tenancy.require(ctx.principal, sub, "subscription", sub.id)
    if not (domain or "").strip():
        raise Invalid("domain", "You must specify the “domain” parameter.")
    _, name = validation.domain_name(domain.strip().rstrip("."))
    description = check_description(description)
    first = name.split(".", 1)[0]
    if first in RESERVED:
        raise Invalid("domain", f"“{first}” is a reserved subdomain.")
    own = [d.ascii_name for d in sub.domains]
    if name in own:
        raise AlreadyExists("domain", name, f"The domain “{name}” already exists.")
    if not any(name.endswith("." + d) for d in own):
        raise Invalid("domain", "The “domain” parameter must be a subdomain of an existing domain.")
    if ctx.session.scalar(select(DynamicDnsHost.id).where(DynamicDnsHost.domain == name)) is not None:
        raise AlreadyExists("dynamic DNS host", name, f"“{name}” is already a dynamic DNS domain.")
    zone = dns.zone_of(ctx, name)
    if zone is None:
        raise Invalid("domain", f"No DNS zone holds “{name}”.")
    names.check_record(ctx, name, sub.owner_id)
    row = DynamicDnsHost(id=_new_id(), subscription_id=sub.id, domain=name, description=description,
                         created_at=ctx.now(), last_run_times=[])
    ctx.session.add(row)
    ctx.session.flush()
    ctx.audit("dynamic_dns:create", "dynamic_dns", name, "")
    return row


def set_description(ctx: UnitOfWork, row: DynamicDnsHost, description: str) -> None:
    row.description = check_description(description)
    ctx.audit("dynamic_dns:update", "dynamic_dns", row.domain, "")


def recreate(ctx: UnitOfWork, row: DynamicDnsHost) -> str:
    """A new secret id for the same name (the old URL stops working)."""
    fresh = DynamicDnsHost(id=_new_id(), subscription_id=row.subscription_id, domain=row.domain,
                           description=row.description, created_at=row.created_at,
                           last_update_at=row.last_update_at, last_run_times=list(row.last_run_times or []))
    ctx.session.delete(row)
    ctx.session.flush()
    ctx.session.add(fresh)
    ctx.session.flush()
    ctx.audit("dynamic_dns:recreate", "dynamic_dns", row.domain, "")
    return fresh.id


def _set(ctx: UnitOfWork, name: str, rtype: str, value: str | None) -> bool:
    """Make ``value`` the only ``rtype`` record of ``name`` (None: remove them). True if anything changed."""
    zone = dns.zone_of(ctx, name)
    if zone is None:
        return False
    current = [r for r in zone.records if r.name == name and r.type == rtype]
    if value is not None and len(current) == 1 and current[0].value == value and current[0].ttl == TTL:
        return False
    for rec in current:
        zone.records.remove(rec)
    if value is not None:
        zone.records.append(DnsRecord(name=name, type=rtype, value=value, opt="", ttl=TTL))
    if current or value is not None:
        dns.bump(ctx, zone)
        return True
    return False


def delete(ctx: UnitOfWork, row: DynamicDnsHost) -> None:
    _set(ctx, row.domain, "A", None)
    _set(ctx, row.domain, "AAAA", None)
    ctx.session.delete(row)
    ctx.audit("dynamic_dns:delete", "dynamic_dns", row.domain, "")


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


def run(ctx: UnitOfWork, id_: str, args: dict[str, str], remote_ip: str) -> bool:
    """The update call of ``id_``: ``args`` may hold ``ipv4``/``ipv6``; without them the caller's
    address is used. NotFound for an unknown id, Invalid for bad addresses, RateLimited when called
    too often. Returns whether a record changed."""
    row = ctx.session.get(DynamicDnsHost, id_) if valid_id(id_) else None
    if row is None:
        raise NotFound("dynamic DNS host", "")
    now = epoch(ctx.now())
    recent = [t for t in (row.last_run_times or []) if now - t < RATE_WINDOW]
    if len(recent) >= RATE_LIMIT:
        raise RateLimited(max(1, RATE_WINDOW - (now - min(recent))))
    unknown = sorted(set(args) - {"ipv4", "ipv6"})
    if unknown:
        raise Invalid("args", f"unrecognized: {' '.join(u[:32] for u in unknown)} (args may be: ipv4 ipv6)")
    wanted = {k: v for k, v in args.items() if v}
    if not wanted:
        wanted = {"ipv6" if ":" in remote_ip else "ipv4": remote_ip}
    values = {}
    for key, value in wanted.items():
        try:
            ip = ipaddress.ip_address(value)
        except ValueError:
            ip = None
        if ip is None or ip.version != (4 if key == "ipv4" else 6):
            raise Invalid(key, f"“{value[:64]}” is not a valid {'IPv4' if key == 'ipv4' else 'IPv6'} address.")
        values["A" if key == "ipv4" else "AAAA"] = ip.compressed
    row.last_run_times = (recent + [now])[-RATE_LIMIT:]
    changed = False
    for rtype, value in values.items():
        changed = _set(ctx, row.domain, rtype, value) or changed
    if changed:
        row.last_update_at = ctx.now()
    ctx.audit("dynamic_dns:run", "dynamic_dns", row.domain, " ".join(values.values()))
    return changed
