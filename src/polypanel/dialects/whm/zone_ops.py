"""Zones: listzones, dumpzone, addzonerecord, editzonerecord, removezonerecord, getzonerecord, adddns, killdns."""
from __future__ import annotations

from polypanel.core import dns, dns_zones
from polypanel.core.errors import NotFound

from . import zonefile
from .wire import Failure, Outcome


def _zone_name(call) -> str:
    name = call.query.text("zone", "domain").strip()
    if name.endswith(".db"):
        name = name[:-3]
    return name.rstrip(".")


def _zone(ctx, call, missing: str = "Zone does not exist."):
    name = _zone_name(call)
    if not name:
        raise Failure("You must specify a zone to dump." if missing == "Zone does not exist." else missing)
    try:
        return dns.get_zone(ctx, name=name)
    except NotFound:
        raise Failure(missing) from None


def listzones(ctx, _call) -> Outcome:
    zones = [{"domain": z.name, "zonefile": f"{z.name}.db"} for z in dns.list_zones(ctx)]
    return Outcome(data={"zone": zones} if zones else None)


def listzones_v0(out: Outcome) -> dict:
    return {"zone": (out.data or {}).get("zone", [])}


def dumpzone(ctx, call) -> Outcome:
    zone = _zone(ctx, call)
    return Outcome(data={"zone": [{"record": zonefile.lines(zone)}]}, reason="Zone Serialized")


def dumpzone_v0(out: Outcome) -> dict:
    records = out.data["zone"][0]["record"] if out.result and out.data else []
    return {"result": [{"status": out.result, "statusmsg": out.reason, "record": records}]}


def _record_line(zone, call):
    line = call.query.text("line", "Line").strip()
    if not line:
        raise Failure("API failure: Provide the “line” parameter.")
    rec = zonefile.record_at(zone, line)
    if rec is None:
        raise Failure(f"API failure: The zone “{zone.name}” has no record on line “{line[:12]}”.")
    return rec


def addzonerecord(ctx, call) -> Outcome:
    zone = _zone(ctx, call, "API failure: Provide the “zone” parameter." if not _zone_name(call) else "Zone does not exist.")
    q = call.query
    rtype = q.text("type").strip().upper()
    if not rtype:
        raise Failure("API failure: Provide the “type” parameter.")
    name = q.text("name").strip()
    if not name:
        raise Failure("Invalid DNS record: No name provided.")
    value, opt = zonefile.value_from(q, rtype)
    if not value:
        raise Failure(f"Invalid DNS record: No data provided for the {rtype} record.")
    dns.add_record(ctx, zone, type=rtype, host=name, value=value, opt=opt or "", ttl=q.get("ttl") or None)
    return Outcome(reason="OK")


def editzonerecord(ctx, call) -> Outcome:
    zone = _zone(ctx, call)
    rec = _record_line(zone, call)
    q = call.query
    rtype = (q.text("type").strip() or rec.type).upper()
    value, opt = zonefile.value_from(q, rtype, rec)
    if rtype != rec.type and value is None:
        raise Failure(f"Invalid DNS record: No data provided for the {rtype} record.")
    name = q.get("name")
    dns.update_record(ctx, rec, type=rtype, host=name.strip() if name else None, value=value, opt=opt,
                      ttl=q.get("ttl") or None)
    return Outcome(reason="OK")


def removezonerecord(ctx, call) -> Outcome:
    zone = _zone(ctx, call)
    dns.delete_record(ctx, _record_line(zone, call))
    return Outcome(reason="OK")


def getzonerecord(ctx, call) -> Outcome:
    zone = _zone(ctx, call)
    line = call.query.text("line", "Line").strip()
    found = [r for r in zonefile.lines(zone) if str(r["Line"]) == line]
    if not found:
        raise Failure(f"API failure: The zone “{zone.name}” has no record on line “{line[:12]}”.")
    return Outcome(data={"record": found})


def adddns(ctx, call) -> Outcome:
    domain = call.query.text("domain").strip().lower()
    if not domain:
        raise Failure("API failure: Provide the “domain” parameter.")
    ip = call.query.text("ip").strip() or None
    zone = dns_zones.add(ctx, domain, ip)
    return Outcome(reason=f"Added {zone.name} ok belonging to user {zone.domain.subscription.system_user}")


def killdns(ctx, call) -> Outcome:
    domain = call.query.text("domain").strip().lower()
    if not domain:
        raise Failure("API failure: Provide the “domain” parameter.")
    try:
        zone = dns.get_zone(ctx, name=domain)
    except NotFound:
        raise Failure(f"API failure: This system does not have a domain named “{domain[:255]}”.") from None
    dns_zones.remove(ctx, zone)
    return Outcome(raw=f"Removed the DNS zone {domain}\nZone {domain} has been successfully deleted")
