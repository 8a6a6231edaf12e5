"""DNS: ``domain`` (zones), ``domain.record`` (``rkey`` = ``"<fqdn>. TYPE  value"``), ``soa.edit``,
and ISPmanager 4's ``domain.sublist*`` with its flat JSON (certbot-dns-ispmgr, Ansible collections)."""
from __future__ import annotations

from polypanel.core import cascade, dns, dns_soa, service_views
from polypanel.core.errors import Invalid, NotFound

from .form import elids
from .site_ops import create_site
from .wire import Form, Legacy, Ok, Rows

MAX_KEYS = 100


def _value(rec) -> str:
    return f"{rec.opt} {rec.value}" if rec.opt else rec.value


def rkey(rec) -> str:
    return f"{rec.name}. {rec.type}  {_value(rec)}"


def _zone(ctx, name: str):
    name = (name or "").strip().rstrip(".")
    if not name:
        raise Invalid("plid", "the zone (plid or elid) is required")
    return dns.get_zone(ctx, name=name)


def _owner(zone) -> str:
    d = zone.domain
    return d.subscription.owner.login if d is not None and d.subscription.owner else ""


def domain_list(ctx, _call):
    return Rows([{"name": z.name, "user": z.owner_login, "dtype": "master", "status": "1" if z.status == "active" else "0"}
                 for z in service_views.zones(ctx)])


def domain_edit(ctx, call):
    f = call.query
    elid = (f.get("elid") or "").strip()
    if not f.get("sok"):
        if not elid:
            return Form({"name": "", "ip": "", "ns": "", "owner": ""})
        z = _zone(ctx, elid)
        ips = " ".join(r.value for r in z.records if r.type == "A" and r.name == z.name)
        ns = " ".join(r.value + "." for r in z.records if r.type == "NS" and r.name == z.name)
        return Form({"elid": z.name, "name": z.name, "ip": ips, "ns": ns, "owner": _owner(z), "email": z.admin_email})
    if elid:
        _zone(ctx, elid)
        return Ok(id=elid)  # a zone's records are edited with domain.record.edit
    return create_site(ctx, f.get("name") or "", (f.get("owner") or "").strip() or None)


def domain_delete(ctx, call):
    for name in elids(call.query.get("elid")):
        z = _zone(ctx, name)
        if z.domain is not None:
            cascade.delete_domain(ctx, z.domain)
        else:
            dns.delete_zone(ctx, z)
    return Ok()


def _rows(zone) -> list[dict]:
    return [{"name": r.name + ".", "ttl": "" if r.ttl is None else str(r.ttl), "rtype": r.type, "value": _value(r),
             "rkey": rkey(r)} for r in zone.records]


def record_list(ctx, call):
    zone = _zone(ctx, call.query.get("elid") or call.query.get("plid"))
    return Rows(_rows(zone), key="rkey")


def _record_fields(f: dict) -> tuple[str, str, str, str]:
    rtype = (f.get("rtype") or f.get("sdtype") or "").strip().upper()
    if rtype in ("A", "AAAA"):
        value = f.get("ip") or f.get("addr") or f.get("value") or ""
        opt = ""
    elif rtype in ("CNAME", "NS", "PTR", "DNAME"):
        value = f.get("domain") or f.get("addr") or f.get("value") or ""
        opt = ""
    elif rtype == "MX":
        value = f.get("domain") or f.get("addr") or f.get("value") or ""
        opt = f.get("priority") or f.get("prio") or ""
    elif rtype == "SRV":
        value = f.get("srvdomain") or f.get("domain") or f.get("addr") or f.get("value") or ""
        opt = " ".join(f.get(k) or f.get(alt) or "0" for k, alt in (("priority", "prio"), ("weight", "wght"),
                                                                    ("port", "port")))
    else:
        value = f.get("value") if f.get("value") is not None else (f.get("addr") or "")
        opt = ""
    return rtype, (f.get("name") or "").strip(), value, opt


def _normal(key: str) -> tuple[str, str, str]:
    """An rkey's parts, as clients spell them: the name with or without its final dot, any type case,
    one or two spaces before the value, TXT values with or without quotes."""
    name, _, rest = key.strip().partition(" ")
    rtype, _, value = rest.strip().partition(" ")
    value = value.strip()
    if rtype.upper() == "TXT" and len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return name.rstrip(".").lower(), rtype.upper(), value


def _find(zone, key: str):
    wanted = _normal(key)
    for rec in zone.records:
        if rkey(rec) == key or _normal(rkey(rec)) == wanted:
            return rec
    raise NotFound("DNS record", key, f"The record '{key[:200]}' is not found")


def _add_or_edit(ctx, f: dict):
    zone = _zone(ctx, f.get("plid"))
    rtype, name, value, opt = _record_fields(f)
    ttl = (f.get("ttl") or "").strip() or None
    elid = (f.get("elid") or "").strip()
    if elid:
        rec = dns.update_record(ctx, _find(zone, elid), type=rtype or None, host=name or None, value=value or None,
                                opt=opt or None, ttl=ttl)
    else:
        rec = dns.add_record(ctx, zone, type=rtype, host=name, value=value, opt=opt, ttl=ttl)
    return rkey(rec)


def record_edit(ctx, call):
    f = call.query
    if not f.get("sok"):
        zone = _zone(ctx, f.get("plid"))
        elid = (f.get("elid") or "").strip()
        if not elid:
            return Form({"plid": zone.name, "name": "", "rtype": "a", "ttl": "3600", "value": ""})
        rec = _find(zone, elid)
        return Form({"elid": rkey(rec), "plid": zone.name, "name": rec.name + ".", "rtype": rec.type.lower(),
                     "ttl": "" if rec.ttl is None else str(rec.ttl), "value": _value(rec)})
    return Ok(id=_add_or_edit(ctx, f))


def record_delete(ctx, call):
    zone = _zone(ctx, call.query.get("plid"))
    keys = elids(call.query.get("elid"))
    if not keys or len(keys) > MAX_KEYS:
        raise Invalid("elid", f"one to {MAX_KEYS} record keys are required")
    for key in keys:
        dns.delete_record(ctx, _find(zone, key))
    return Ok()


def _soa_form(zone) -> Form:
    soa = dns_soa.of(zone)
    return Form({"elid": zone.name, "primary": soa.primary_ns + ".", "email": soa.admin_email, "serial": str(soa.serial),
                 "refresh": str(soa.refresh), "retry": str(soa.retry), "expire": str(soa.expire),
                 "minimum": str(soa.minimum), "ttl": str(soa.ttl)})


def soa_edit(ctx, call):
    """The SOA of a zone: ``primary``, ``email``, ``serial`` (a floor), ``refresh``, ``retry``, ``expire``,
    ``minimum`` (negative caching) and ``ttl`` (the zone's default TTL) in seconds."""
    f = call.query
    zone = _zone(ctx, f.get("elid") or f.get("plid"))
    if not f.get("sok"):
        return _soa_form(zone)
    dns_soa.update(ctx, zone, primary_ns=f.get("primary"), admin_email=f.get("email"), serial=f.get("serial"),
                   **{key: f.get(key) for key in dns_soa.TIMERS})
    return Ok(id=zone.name)


# --- ISPmanager 4 names, flat JSON -----------------------------------------------------------------


def sublist(ctx, call):
    zone = _zone(ctx, call.query.get("elid") or call.query.get("plid"))
    rows = [{"name": r.name + ".", "type": r.type, "sdtype": r.type, "addr": _value(r), "value": _value(r),
             "ttl": "" if r.ttl is None else str(r.ttl), "key": rkey(r)} for r in zone.records]
    return Legacy({"elem": rows}, Rows(rows, key="key"))


def sublist_edit(ctx, call):
    f = call.query
    if not f.get("sok"):
        return Legacy({}, Form({"plid": f.get("plid") or "", "name": "", "sdtype": "A", "addr": ""}))
    key = _add_or_edit(ctx, f)
    return Legacy({"result": "OK", "id": key}, Ok(id=key))


def sublist_delete(ctx, call):
    record_delete(ctx, call)
    return Legacy({"result": "OK"}, Ok())


OPERATIONS = {
    "domain": (domain_list, True), "domain.edit": (domain_edit, False), "domain.delete": (domain_delete, False),
    "domain.record": (record_list, True), "domain.record.edit": (record_edit, False),
    "domain.record.delete": (record_delete, False), "soa.edit": (soa_edit, False),
    "domain.sublist": (sublist, True), "domain.sublist.edit": (sublist_edit, False),
    "domain.sublist.delete": (sublist_delete, False),
}
DESCRIPTIONS = {
    "domain": ("DNS zones (list)", "Доменные имена"),
    "domain.edit": ("DNS zone: elid; name, owner; sok", "Доменное имя"),
    "domain.delete": ("Delete DNS zones (and their web domains): elid", "Удалить доменные имена"),
    "domain.record": ("Records of a zone: elid = zone", "Записи домена"),
    "domain.record.edit": ("Record: plid = zone, elid = rkey; name, rtype, ttl, ip, domain, value, priority; sok",
                           "Запись домена"),
    "domain.record.delete": ("Delete records: plid = zone, elid = rkey[, rkey]", "Удалить записи"),
    "soa.edit": ("SOA of a zone: elid = zone; primary, email, serial, refresh, retry, expire, minimum, ttl; sok",
                 "SOA-запись"),
    "domain.sublist": ("Records of a zone (ISPmanager 4 name)", "Записи домена"),
    "domain.sublist.edit": ("Record (ISPmanager 4): plid, name, sdtype, addr, prio; sok", "Запись домена"),
    "domain.sublist.delete": ("Delete records (ISPmanager 4): plid, elid = key", "Удалить записи"),
}
