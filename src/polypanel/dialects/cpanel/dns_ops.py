"""DNS (UAPI parse_zone, mass_edit_zone) and ZoneEdit (API 2 fetchzones, fetchzone_records,
add_zone_record, edit_zone_record, remove_zone_record) on the account's zones."""
from __future__ import annotations

import base64
import json

from polypanel.core import dns
from polypanel.core.errors import PanelError

from ..whm import zonefile
from ..whm.wire import Failure
from . import wire
from .domain_ops import account

MAX_CHANGES = 1000


def _zones(ctx, sub):
    ids = {d.id for d in sub.domains}
    return [z for z in dns.list_zones(ctx) if z.domain_id in ids]


def _zone(ctx, call, key: str = "domain"):
    name = call.query.text(key, "zone", "domain").strip().lower().rstrip(".")
    if not name:
        raise Failure(f"You must specify the “{key}” parameter.")
    for z in _zones(ctx, account(ctx, call)):
        if z.name == name:
            return z
    raise Failure(f"The zone “{name[:255]}” does not exist for this account.")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _rdata(line: dict) -> list[str]:
    t = line["type"]
    if t in ("A", "AAAA"):
        return [line["address"]]
    if t == "CNAME":
        return [line["cname"] + "."]
    if t == "NS":
        return [line["nsdname"] + "."]
    if t == "PTR":
        return [line["ptrdname"] + "."]
    if t == "MX":
        return [line["preference"], line["exchange"] + "."]
    if t == "TXT":
        return [line["txtdata"]]
    if t == "SRV":
        return [line["priority"], line["weight"], line["port"], line["target"] + "."]
    if t == "CAA" and "tag" in line:
        return [line["flag"], line["tag"], line["value"]]
    if t == "SOA":
        return [line["mname"], line["rname"], line["serial"], line["refresh"], line["retry"], line["expire"],
                line["minimum"]]
    return [line.get("raw", "")]


def parse_zone(ctx, call):
    zone = _zone(ctx, call, "zone")
    out = []
    for line in zonefile.lines(zone):
        index = line["Line"] - 1
        if line["type"] == "$TTL":
            out.append({"type": "control", "line_index": index, "text_b64": _b64(f"$TTL {line['ttl']}")})
            continue
        name = line["name"]
        relative = name if name == f"{zone.name}." else name[:-len(zone.name) - 2]
        out.append({"type": "record", "line_index": index, "dname_b64": _b64(relative), "ttl": int(line["ttl"]),
                    "record_type": line["type"], "data_b64": [_b64(v) for v in _rdata(line)]})
    return out


def _core_value(rtype: str, data: list) -> tuple[str, str]:
    data = [str(d) for d in data]
    need = {"MX": 2, "SRV": 4, "CAA": 3}.get(rtype, 1)
    if len(data) < need:
        raise Failure(f"A “{rtype}” record needs {need} data values.")
    if rtype == "MX":
        return data[1], data[0]
    if rtype == "SRV":
        return data[3], " ".join(data[:3])
    if rtype == "CAA":
        return f'{data[0]} {data[1]} "{data[2]}"', ""
    if rtype == "TXT":
        return " ".join('"' + d.replace("\\", "\\\\").replace('"', '\\"') + '"' for d in data), ""
    return data[0], ""


def _change(raw: str, what: str, keys: tuple[str, ...]) -> dict:
    try:
        item = json.loads(raw)
    except (ValueError, RecursionError):
        raise Failure(f"Each “{what}” must be a JSON object.") from None
    if not isinstance(item, dict) or any(k not in item for k in keys) or not isinstance(item.get("data"), list):
        raise Failure(f"Each “{what}” requires “dname”, “ttl”, “record_type”, and “data”.")
    return item


def mass_edit_zone(ctx, call):
    zone = _zone(ctx, call, "zone")
    q = call.query
    adds, edits, removes = q.many("add"), q.many("edit"), q.many("remove")
    if not adds and not edits and not removes:
        raise Failure("You must provide at least one change to the DNS zone.")
    if len(adds) + len(edits) + len(removes) > MAX_CHANGES:
        raise Failure(f"At most {MAX_CHANGES} changes may be made at once.")
    if q.text("serial").strip() != str(zone.serial):
        return wire.UapiResult({"type": "Stale", "detail": None},
                               errors=[f"The serial number “{q.text('serial')[:20]}” does not match the zone's "
                                       f"current serial number ({zone.serial})."])
    targets = []
    for r in removes:
        if not r.strip().isdigit():
            raise Failure("Each “remove” must be a nonnegative integer.")
        rec = zonefile.record_at(zone, int(r) + 1)
        if rec is None:
            raise Failure(f"The zone has no record on line index {r.strip()[:12]}.")
        targets.append(("remove", rec, None))
    for e in edits:
        item = _change(e, "edit", ("line_index", "dname", "ttl", "record_type"))
        rec = zonefile.record_at(zone, int(item["line_index"]) + 1 if str(item["line_index"]).isdigit() else -1)
        if rec is None:
            raise Failure("Each “edit” needs the “line_index” of a record.")
        targets.append(("edit", rec, item))
    for a in adds:
        targets.append(("add", None, _change(a, "add", ("dname", "ttl", "record_type"))))
    for kind, rec, item in targets:
        if kind == "remove":
            dns.delete_record(ctx, rec)
            continue
        rtype = str(item["record_type"]).upper()
        value, opt = _core_value(rtype, item["data"])
        if kind == "edit":
            dns.update_record(ctx, rec, type=rtype, host=str(item["dname"]), value=value, opt=opt, ttl=item["ttl"])
        else:
            dns.add_record(ctx, zone, type=rtype, host=str(item["dname"]), value=value, opt=opt, ttl=item["ttl"])
    return {"new_serial": str(zone.serial)}


# -- API 2 ZoneEdit ------------------------------------------------------------------------------

FILTERS = ("name", "type", "line", "ttl", "class", "address", "txtdata", "preference", "exchange", "cname")


def fetchzones(ctx, call):
    zones = {z.name: [f"; zone {z.name}"] for z in _zones(ctx, account(ctx, call))}
    return [{"status": 1, "statusmsg": "Zones fetched", "zones": zones}]


def _api2_record(line: dict) -> dict:
    rec = dict(line)
    rec["line"] = line["Line"]
    for key in ("address", "cname", "txtdata", "nsdname", "exchange", "ptrdname"):
        if key in line:
            rec["record"] = line[key]
            break
    return rec


def fetchzone_records(ctx, call):
    zone = _zone(ctx, call)
    q = call.query
    wanted = {k: q[k] for k in FILTERS if k in q and q[k] != ""}
    out = []
    for line in zonefile.lines(zone):
        if line["type"] == "$TTL":
            continue
        rec = _api2_record(line)
        if all(str(rec.get(k, "")) == v or (k == "type" and str(rec.get(k, "")) in v.replace(",", "|").split("|"))
               for k, v in wanted.items()):
            out.append(rec)
    return out


def _status(fn):
    """ZoneEdit reports each call's outcome in ``data[0].result`` (certbot-dns-cpanel reads it there)."""
    def run(ctx, call):
        try:
            zone, message = fn(ctx, call)
        except (Failure, PanelError) as e:
            return [{"result": {"status": 0, "statusmsg": wire.message(e)}}]
        return [{"result": {"status": 1, "statusmsg": message, "newserial": str(zone.serial)}}]
    return run


@_status
def add_zone_record(ctx, call):
    zone = _zone(ctx, call)
    q = call.query
    name = q.text("name").strip()
    if not name:
        raise Failure("Invalid DNS record: No name provided.")
    rtype = q.text("type").strip().upper() or "A"
    if rtype not in ("A", "AAAA", "CAA", "CNAME", "NS", "SRV", "TXT", "MX"):
        raise Failure(f"Invalid DNS record: The type “{rtype[:10]}” cannot be added here.")
    value, opt = zonefile.value_from(q, rtype)
    if not value:
        raise Failure(f"Invalid DNS record: No data provided for the {rtype} record.")
    dns.add_record(ctx, zone, type=rtype, host=name, value=value, opt=opt or "", ttl=q.get("ttl") or None)
    return zone, f"Added {rtype} record {name[:255]}"


@_status
def edit_zone_record(ctx, call):
    zone = _zone(ctx, call)
    q = call.query
    line = q.text("line", "Line").strip()
    rec = zonefile.record_at(zone, line)
    if rec is None:
        raise Failure(f"You must specify a valid line when you call EDIT: {line[:12]}")
    rtype = (q.text("type").strip() or rec.type).upper()
    value, opt = zonefile.value_from(q, rtype, rec)
    name = q.get("name")
    dns.update_record(ctx, rec, type=rtype, host=name.strip() if name else None, value=value, opt=opt,
                      ttl=q.get("ttl") or None)
    return zone, "Edited the record"


@_status
def remove_zone_record(ctx, call):
    zone = _zone(ctx, call)
    line = call.query.text("line", "Line").strip()
    rec = zonefile.record_at(zone, line)
    if rec is None:
        raise Failure(f"You must specify a valid line when you call DELETE: {line[:12]}")
    dns.delete_record(ctx, rec)
    return zone, "Removed the record"
