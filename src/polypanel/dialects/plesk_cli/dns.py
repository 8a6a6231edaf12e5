"""``plesk bin dns``: the records of a domain's DNS zone (core.dns), with Plesk's record selectors.

    plesk bin dns --add example.com -a www -ip 192.0.2.1
    plesk bin dns --add example.com -mx "" -mailexchanger mail.example.com -priority 10
    plesk bin dns --add example.com -txt "v=spf1 -all" -domain ""
    plesk bin dns --del example.com -a www -ip 192.0.2.1
    plesk bin dns --info example.com

The host (``-a www``, ``-mx ""``) is relative to the domain given; ``""`` is the domain itself.
"""
from __future__ import annotations

from polypanel.core import dns, domains
from polypanel.core.errors import NotFound

from .base import Command, Run, Utility, Usage

# selector option -> (record type, option holding the value, option holding the host or None)
SELECTORS = {
    "a": ("A", "ip", None), "aaaa": ("AAAA", "ip", None), "ns": ("NS", "nameserver", None),
    "mx": ("MX", "mailexchanger", None), "cname": ("CNAME", "canonical", None),
    "ptr": ("PTR", "ip", None), "txt": ("TXT", None, "domain"), "srv": ("SRV", "srv-target-host", None),
    "caa": ("CAA", "value", None),
}
OPTIONS = {
    "a": "an A record for the host given (\"\" for the domain itself), with -ip",
    "aaaa": "an AAAA record for the host given, with -ip",
    "ns": "an NS record for the host given, with -nameserver",
    "mx": "an MX record for the host given, with -mailexchanger and -priority",
    "cname": "a CNAME record for the host given, with -canonical",
    "ptr": "a PTR record for the host given, with -ip",
    "txt": "a TXT record with the text given, for the host in -domain (\"\" or none: the domain itself)",
    "srv": "an SRV record: -srv-service, -srv-protocol, -srv-target-host, -srv-port, -srv-priority, -srv-weight",
    "caa": "a CAA record for the host given, with -flags, -tag and -value",
    "ip": "the address of an A, AAAA or PTR record", "nameserver": "the name server of an NS record",
    "mailexchanger": "the mail server of an MX record", "priority": "the priority of an MX record (default 10)",
    "canonical": "the target of a CNAME record", "domain": "the host of a TXT record",
    "srv-service": "the service of an SRV record (e.g. sip)", "srv-protocol": "tcp or udp",
    "srv-target-host": "the target of an SRV record", "srv-port": "port", "srv-priority": "priority",
    "srv-weight": "weight", "flags": "CAA flags (0 or 128)", "tag": "CAA tag (issue, issuewild, iodef)",
    "value": "CAA value", "ttl": "time to live in seconds",
}


def _zone(run: Run):
    zone, scope = domains.zone_for_name(run.ctx, run.target)
    return zone, scope or zone.name


def _record(run: Run, base: str) -> tuple[str, str, str, str]:
    """(type, absolute host with a trailing dot, value, opt) from the selector options."""
    chosen = [s for s in SELECTORS if s in run.opts]
    if len(chosen) != 1:
        raise Usage("Give exactly one record type: " + ", ".join(f"-{s}" for s in SELECTORS))
    sel = chosen[0]
    rtype, value_opt, host_opt = SELECTORS[sel]
    if sel == "txt":
        host, value = run.opt("domain", ""), run.opts["txt"]
    else:
        host = run.opts[sel]
        value = run.required(value_opt)
    host = host.strip().rstrip(".")
    if sel == "srv":
        service, proto = run.required("srv-service").lstrip("_"), run.opt("srv-protocol", "tcp").lstrip("_")
        host = f"_{service}._{proto}" + (f".{host}" if host else "")
    fqdn = (f"{host}.{base}" if host and host != "@" else base) + "."
    opt = ""
    if rtype == "MX":
        opt = run.opt("priority", "")  # the core makes it 10 when none is given
    elif rtype == "SRV":
        opt = " ".join(run.opt(k, "0") for k in ("srv-priority", "srv-weight")) + " " + run.required("srv-port")
    elif rtype == "CAA":
        value = f'{run.opt("flags", "0")} {run.required("tag")} "{value}"'
    return rtype, fqdn, value, opt


def _show(rec) -> str:
    opt = f"{rec.opt} " if rec.opt else ""
    return f"{rec.name}.\t{rec.ttl or ''}\t{rec.type}\t{opt}{rec.value}".replace("\t\t", "\t")


def add(run: Run) -> None:
    zone, base = _zone(run)
    rtype, fqdn, value, opt = _record(run, base)
    rec = dns.add_record(run.ctx, zone, type=rtype, host=fqdn, value=value, opt=opt, ttl=run.number("ttl"))
    run.say(f"SUCCESS: Creation of DNS record '{rec.name}. {rec.type}' completed.")


def _same(rec, rtype: str, fqdn: str, value: str, opt: str) -> bool:
    def norm(v: str) -> str:
        return v.strip().rstrip(".").strip('"').lower()
    return (rec.type == rtype and rec.name == fqdn.rstrip(".").lower() and norm(rec.value) == norm(value)
            and (rtype not in ("MX", "SRV") or not opt or rec.opt == opt))


def delete(run: Run) -> None:
    zone, base = _zone(run)
    rtype, fqdn, value, opt = _record(run, base)
    matches = [r for r in zone.records if _same(r, rtype, fqdn, value, opt)]
    if not matches:
        raise NotFound("DNS record", fqdn, f"Unable to find the DNS record {fqdn} {rtype} {value}")
    for rec in matches:
        dns.delete_record(run.ctx, rec)
    run.say(f"SUCCESS: Removal of DNS record '{fqdn} {rtype}' completed.")


def info(run: Run) -> None:
    zone, base = _zone(run)
    run.say(f"SUCCESS: Gathering information for '{run.target}' complete.")
    run.say("")
    scope = None if base == zone.name else base
    for rec in sorted(dns.records_in_scope(zone, scope), key=lambda r: (r.name, r.type, r.value)):
        run.say(_show(rec))


dns_utility = Utility("dns", "DNS record", [
    Command("--add", add, "add a record to the zone of a domain", (), "DOMAIN", phrase="creation"),
    Command("--del", delete, "remove a record from the zone of a domain", (), "DOMAIN", phrase="removal"),
    Command("--info", info, "show the records of a domain", (), "DOMAIN", phrase="getting info"),
], OPTIONS)
