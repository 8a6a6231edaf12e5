"""dns: add_rec, get_rec, del_rec on a site's zone (the zone the DNS server serves).

Hosts are taken relative to the site's zone (as Plesk does) and returned as FQDNs with a trailing
dot; host targets (CNAME, NS, MX, SRV, PTR names) carry the dot too.
"""
from __future__ import annotations

from polypanel.core import authorization, dns, dns_template, domains, vocabulary
from polypanel.core.errors import NotFound

from ..errors import XmlError
from .common import Failed, filter_of, n, number, spec, text


def _site(ctx, site_id: int):
    try:
        return domains.get(ctx, id=site_id)
    except NotFound:
        raise NotFound("site", site_id) from None


def _zone_of_site(ctx, d):
    try:
        return dns.get_zone(ctx, domain_id=d.id)
    except NotFound:
        zone = dns.zone_of(ctx, d.ascii_name)
        if zone is None:
            raise NotFound("DNS zone", d.id, "The site has no DNS zone") from None
        return zone


def _host(zone_name: str, host: str) -> str:
    """A host relative to the zone ("" or "@" is the apex); one with a trailing dot is absolute."""
    host = (host or "").strip()
    return host if host.endswith(".") else (host + "." + zone_name + "." if host and host != "@" else "")


def _value(rec) -> str:
    value = rec.value
    if rec.type in vocabulary.HOST_VALUE_TYPES and not value.endswith("."):
        if not (rec.type == "PTR" and (":" in value or value.replace(".", "").isdigit())):
            value += "."
    return value


def _record(rec, site_id) -> list:
    host = rec.name if rec.type == "PTR" and rec.name.replace(".", "").isdigit() else rec.name + "."
    return [n("id", rec.id), n("data", [n("site-id", site_id), n("type", rec.type), n("host", host),
                                        n("value", _value(rec)), n("opt", rec.opt or "")])]


def add_rec(ctx, call):
    el = call.body
    site_id = text(el, "site-id") or text(el, "site-alias-id")
    if not site_id:  # no site: a record of the server's DNS template
        row = dns_template.add(ctx, type=text(el, "type", ""), host=text(el, "host", ""), value=text(el, "value", ""),
                               opt=text(el, "opt", "") or "")
        return [[n("id", row.id)]]
    d = _site(ctx, number(site_id, "site-id"))
    zone = _zone_of_site(ctx, d)
    rec = dns.add_record(ctx, zone, type=text(el, "type", ""), host=_host(d.ascii_name, text(el, "host", "")),
                         value=text(el, "value", ""), opt=text(el, "opt", "") or "")
    return [[n("id", rec.id)]]


def _records(ctx, call) -> list[tuple]:
    """(record, site id) for the filter value of this call."""
    flt = filter_of(call)
    if flt is None:
        raise XmlError(1014, "Parser error: <filter> needs a value in <get_rec>/<del_rec>")
    field, value = flt
    if field == "id":
        rec = dns.get_record(ctx, number(value, "id"))
        return [(rec, rec.zone.domain_id or "")]
    if field in ("site-id", "site-alias-id"):
        d = _site(ctx, number(value, field))
        zone = _zone_of_site(ctx, d)
        scope = None if zone.domain_id == d.id else d.ascii_name
        return [(r, d.id) for r in sorted(dns.records_in_scope(zone, scope), key=lambda r: r.id)]
    if field == "dns-zone-name":
        zone = dns.get_zone(ctx, name=value)
        return [(r, zone.domain_id or "") for r in sorted(zone.records, key=lambda r: r.id)]
    raise XmlError(1014, f"Parser error: <{field[:64]}> is not a filter of <{call.body.tag}>")


def _template_record(row) -> list:
    host_value = row.type in vocabulary.HOST_VALUE_TYPES and not row.value.replace(".", "").isdigit()
    return [n("id", row.id), n("data", [n("type", row.type), n("host", row.host + "."),
                                        n("value", row.value + "." if host_value else row.value),
                                        n("opt", row.opt or "")])]


def _template_rows(ctx, call) -> list:
    authorization.require(ctx.principal, "server:dns_template", "Only the administrator may use the DNS template")
    flt = filter_of(call)
    if flt is None:
        return dns_template.list_(ctx)
    if flt[0] != "id":
        raise XmlError(1014, f"Parser error: <{flt[0][:64]}> is not a filter of a template record")
    return [dns_template.get(ctx, number(flt[1], "id"))]


def get_rec(ctx, call):
    if call.body.find("template") is not None:
        return [_template_record(row) for row in _template_rows(ctx, call)]
    return [_record(rec, site) for rec, site in _records(ctx, call)]


def del_rec(ctx, call):
    if call.body.find("template") is not None:
        out = []
        for row in _template_rows(ctx, call):
            rid = row.id
            dns_template.delete(ctx, rid)
            out.append([n("id", rid)])
        return out
    out = []
    for rec, _site_id in _records(ctx, call):
        rid = rec.id
        try:
            dns.delete_record(ctx, rec)
        except Exception as e:  # noqa: BLE001 - this record's own error
            out.append(Failed(e, [n("id", rid)]))
            continue
        out.append([n("id", rid)])
    return out


OPERATIONS = {
    "add_rec": spec("dns.add_rec", add_rec, action="dns:write"),
    "get_rec": spec("dns.get_rec", get_rec, read_only=True, action="dns:read", filtered=True, echo="id"),
    "del_rec": spec("dns.del_rec", del_rec, action="dns:write", filtered=True, echo="id"),
}
