"""DNS zones and their records."""
from __future__ import annotations

from sqlalchemy import select

from polypanel.store.models import Domain, DnsRecord, DnsZone, Subscription

from . import dns_template, names, tenancy, validation, vocabulary, webspaces
from .unit_of_work import UnitOfWork
from .errors import AlreadyExists, Forbidden, Invalid, NotFound

MAX_RECORDS_PER_ZONE = 5000


def next_serial(ctx: UnitOfWork, current: int | None) -> int:
    """YYYYMMDDnn, always larger than the current one."""
    base = int(ctx.now().strftime("%Y%m%d")) * 100
    if current is None or current < base:
        return base
    return current + 1


def create_default_zone(ctx: UnitOfWork, domain: Domain, ip: str) -> DnsZone:
    """A zone for ``domain`` with the records of the server's DNS template."""
    name = domain.ascii_name
    template = dns_template.rows(ctx.session)
    ns = [dns_template.expand(r.value, name, ip) for r in template if r.type == "NS"]
    zone = DnsZone(name=name, domain_id=domain.id, serial=next_serial(ctx, None),
                   primary_ns=ns[0] if ns else f"ns1.{name}", admin_email=f"hostmaster.{name}", created_at=ctx.now())
    ctx.insert(zone, "DNS zone", name)
    for row in template:
        zone.records.append(DnsRecord(name=dns_template.expand(row.host, name, ip), type=row.type,
                                      value=dns_template.expand(row.value, name, ip), opt=row.opt, ttl=row.ttl))
    ctx.enqueue(vocabulary.dns(name))
    return zone


def zone_of(ctx: UnitOfWork, fqdn: str) -> DnsZone | None:
    """The zone that holds ``fqdn``: the longest zone name it ends with."""
    labels = fqdn.split(".")
    names = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    zones = list(ctx.session.scalars(select(DnsZone).where(DnsZone.name.in_(names))))
    return max(zones, key=lambda z: len(z.name)) if zones else None


def add_subdomain_records(ctx: UnitOfWork, sub_domain: Domain, ip: str) -> None:
    zone = zone_of(ctx, sub_domain.ascii_name)
    if zone is None:
        return
    for rtype, host, value in (("A", sub_domain.ascii_name, ip), ("CNAME", f"www.{sub_domain.ascii_name}", sub_domain.ascii_name)):
        zone.records.append(DnsRecord(name=host, type=rtype, value=value, opt="", ttl=None))
    bump(ctx, zone)


def remove_subdomain_records(ctx: UnitOfWork, sub_domain: Domain) -> None:
    zone = zone_of(ctx, sub_domain.ascii_name)
    if zone is None:
        return
    names = {sub_domain.ascii_name, f"www.{sub_domain.ascii_name}"}
    for rec in list(zone.records):
        if rec.name in names:
            zone.records.remove(rec)
    bump(ctx, zone)


def bump(ctx: UnitOfWork, zone: DnsZone) -> None:
    zone.serial = next_serial(ctx, zone.serial)
    ctx.enqueue(vocabulary.dns(zone.name))


def delete_zone(ctx: UnitOfWork, zone: DnsZone) -> None:
    ctx.enqueue(vocabulary.dns(zone.name))
    ctx.session.delete(zone)


# --- reading and editing, with tenancy ------------------------------------------


def visible_zones(ctx: UnitOfWork):
    q = select(DnsZone).join(Domain, DnsZone.domain_id == Domain.id).join(Subscription, Domain.subscription_id == Subscription.id)
    return tenancy.apply(q, tenancy.owner_filter(ctx.principal, Subscription.owner_id))


def list_zones(ctx: UnitOfWork) -> list[DnsZone]:
    return list(ctx.session.scalars(visible_zones(ctx).order_by(DnsZone.id)))


def get_zone(ctx: UnitOfWork, *, name: str | None = None, domain_id: int | None = None) -> DnsZone:
    q = visible_zones(ctx)
    if domain_id is not None:
        q = q.where(DnsZone.domain_id == domain_id)
    else:
        try:
            _, ascii_name = validation.domain_name(name or "")
        except Invalid:
            raise NotFound("DNS zone", name) from None
        q = q.where(DnsZone.name == ascii_name)
    zone = ctx.session.scalar(q)
    if zone is None:
        raise NotFound("DNS zone", name or domain_id, f"The DNS zone {name or domain_id} is not found")
    return zone


def get_record(ctx: UnitOfWork, record_id: int) -> DnsRecord:
    q = visible_zones(ctx).with_only_columns(DnsZone.id)
    rec = ctx.session.scalar(select(DnsRecord).where(DnsRecord.id == record_id, DnsRecord.zone_id.in_(q)))
    if rec is None:
        raise NotFound("DNS record", record_id, f"The DNS record {record_id} is not found")
    return rec


def add_record(ctx: UnitOfWork, zone: DnsZone, *, type: str, host: str, value: str, opt: str = "",
               ttl=None) -> DnsRecord:
    _require(ctx, zone, "DNS zone", zone.id, f"The DNS zone {zone.id} is not found")
    check_editable(ctx, zone)
    rtype, fqdn, value, opt = validation.dns_record(zone.name, type, host, value, opt)
    ttl = validation.ttl(ttl)
    _check_conflicts(zone, rtype, fqdn, value, opt, None)
    _check_holder(ctx, zone, fqdn)
    if len(zone.records) >= MAX_RECORDS_PER_ZONE:
        raise Invalid("zone", f"a zone may hold at most {MAX_RECORDS_PER_ZONE} records")
    rec = DnsRecord(name=fqdn, type=rtype, value=value, opt=opt, ttl=ttl)
    zone.records.append(rec)
    ctx.session.flush()
    bump(ctx, zone)
    ctx.audit("dns:add_record", "dns_record", rec.id, f"{zone.name} {rtype} {fqdn}")
    return rec


def update_record(ctx: UnitOfWork, rec: DnsRecord, *, type: str | None = None, host: str | None = None,
                  value: str | None = None, opt: str | None = None, ttl=None) -> DnsRecord:
    zone = rec.zone
    _require(ctx, zone, "DNS record", rec.id, f"The DNS record {rec.id} is not found")
    check_editable(ctx, zone)
    relative = "" if rec.name == zone.name else rec.name + "."
    rtype, fqdn, new_value, new_opt = validation.dns_record(
        zone.name, type if type is not None else rec.type, host if host is not None else relative,
        value if value is not None else rec.value, opt if opt is not None else rec.opt)
    _check_conflicts(zone, rtype, fqdn, new_value, new_opt, rec.id)
    if fqdn != rec.name:
        _check_holder(ctx, zone, fqdn)
    rec.type, rec.name, rec.value, rec.opt = rtype, fqdn, new_value, new_opt
    if ttl is not None:
        rec.ttl = validation.ttl(ttl)
    bump(ctx, zone)
    ctx.audit("dns:update_record", "dns_record", rec.id, f"{zone.name} {rtype} {fqdn}")
    return rec


def delete_record(ctx: UnitOfWork, rec: DnsRecord) -> None:
    zone = rec.zone
    _require(ctx, zone, "DNS record", rec.id, f"The DNS record {rec.id} is not found")
    check_editable(ctx, zone)
    zone.records.remove(rec)
    bump(ctx, zone)
    ctx.audit("dns:delete_record", "dns_record", rec.id, f"{zone.name} {rec.type} {rec.name}")


def _check_conflicts(zone: DnsZone, rtype: str, fqdn: str, value: str, opt: str, own_id: int | None) -> None:
    for other in zone.records:
        if other.id == own_id or other.name != fqdn:
            continue
        if rtype == "CNAME" or other.type == "CNAME":
            raise Invalid("host", f"{fqdn} already has records; a CNAME cannot stand beside other records")
        if other.type == rtype and other.value == value and other.opt == opt:
            raise AlreadyExists("DNS record", f"{fqdn} {rtype} {value}", "This DNS record already exists")


def _check_holder(ctx: UnitOfWork, zone: DnsZone, fqdn: str) -> None:
    domain = ctx.session.get(Domain, zone.domain_id) if zone.domain_id is not None else None
    if domain is not None:
        names.check_record(ctx, fqdn, domain.subscription.owner_id)


def _require(ctx: UnitOfWork, zone: DnsZone, kind: str, ref, message: str) -> None:
    if ctx.principal.is_admin:
        return
    tenancy.require(ctx.principal, zone.domain.subscription if zone.domain else None, kind, ref, message)


def check_editable(ctx: UnitOfWork, zone: DnsZone) -> None:
    if zone.status != "active" and not ctx.principal.is_admin:
        raise Forbidden("The DNS zone is disabled")
    if zone.domain is not None:
        webspaces.require_permission(ctx, zone.domain.subscription, "manage_dns", "manage its DNS")


def records_in_scope(zone: DnsZone, scope: str | None) -> list[DnsRecord]:
    """The zone's records under ``scope`` (a host name), or all of them."""
    return [r for r in zone.records if scope is None or r.name == scope or r.name.endswith("." + scope)]
