"""A core zone as cPanel's zone file lines: line 1 ``$TTL``, line 2 the SOA, then one record a line
in the zone's order. ``Line`` numbers (dumpzone, editzonerecord, removezonerecord, API 2's ZoneEdit)
address records by that position, as cPanel addresses the lines of its zone files."""
from __future__ import annotations

FIRST_RECORD_LINE = 3


def _dotted(name: str) -> str:
    return name.rstrip(".") + "."


def _txt(value: str) -> str:
    v = value.strip()
    if len(v) >= 2 and v[0] == '"' and v[-1] == '"':
        # "a" "b" -> ab: cPanel shows the strings joined
        return "".join(chunk.strip('"') for chunk in v.split('" "')).replace('\\"', '"').replace("\\\\", "\\")
    return v


def record(rec, zone, line: int) -> dict:
    ttl = rec.ttl if rec.ttl is not None else zone.ttl
    out = {"Line": line, "Lines": 1, "name": _dotted(rec.name), "class": "IN", "ttl": str(ttl), "type": rec.type}
    t = rec.type
    if t in ("A", "AAAA"):
        out["address"] = rec.value
    elif t == "CNAME":
        out["cname"] = rec.value.rstrip(".")
    elif t == "MX":
        out["exchange"] = rec.value.rstrip(".")
        out["preference"] = rec.opt or "10"
    elif t == "TXT":
        out["txtdata"] = _txt(rec.value)
    elif t == "NS":
        out["nsdname"] = rec.value.rstrip(".")
    elif t == "SRV":
        prio, weight, port = (rec.opt.split() + ["0", "0", "0"])[:3]
        out.update({"priority": prio, "weight": weight, "port": port, "target": rec.value.rstrip(".")})
    elif t == "PTR":
        out["ptrdname"] = rec.value.rstrip(".")
    elif t == "CAA":
        parts = rec.value.split(None, 2)
        if len(parts) == 3:
            out.update({"flag": parts[0], "tag": parts[1], "value": parts[2].strip('"')})
        else:
            out["raw"] = rec.value
    else:
        out["raw"] = f"{rec.opt} {rec.value}".strip()
    return out


def lines(zone) -> list[dict]:
    head = [{"Line": 1, "Lines": 1, "type": "$TTL", "ttl": zone.ttl},
            {"Line": 2, "Lines": 1, "name": _dotted(zone.name), "class": "IN", "ttl": str(zone.ttl), "type": "SOA",
             "mname": _dotted(zone.primary_ns), "rname": _dotted(zone.admin_email), "serial": str(zone.serial),
             "refresh": str(zone.refresh), "retry": str(zone.retry), "expire": str(zone.expire),
             "minimum": str(zone.minimum)}]
    return head + [record(rec, zone, FIRST_RECORD_LINE + i) for i, rec in enumerate(zone.records)]


def record_at(zone, line) -> object | None:
    """The core record on zone-file line ``line`` (None for the head lines, a bad or a missing line)."""
    try:
        n = int(str(line).strip())
    except (TypeError, ValueError):
        return None
    i = n - FIRST_RECORD_LINE
    return zone.records[i] if 0 <= i < len(zone.records) else None


def value_from(params, rtype: str, current=None) -> tuple[str | None, str | None]:
    """(value, opt) of a record from cPanel's per-type fields; None where the caller sent nothing."""
    t = rtype.upper()
    get = params.get
    if t in ("A", "AAAA"):
        return get("address"), None
    if t == "CNAME":
        return get("cname"), None
    if t == "MX":
        return get("exchange"), get("preference")
    if t == "TXT":
        text = get("txtdata")
        return (None if text is None else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'), None
    if t == "NS":
        return get("nsdname"), None
    if t == "PTR":
        return get("ptrdname"), None
    if t == "SRV":
        opt = None
        if any(get(k) is not None for k in ("priority", "weight", "port")):
            old = (current.opt.split() if current is not None else []) + ["0", "0", "0"]
            opt = " ".join(get(k) if get(k) is not None else old[i] for i, k in enumerate(("priority", "weight", "port")))
        return get("target"), opt
    if t == "CAA":
        if all(get(k) is not None for k in ("flag", "tag", "value")):
            return f'{get("flag")} {get("tag")} "{get("value")}"', None
        return None, None
    return get("record") or get("raw"), None
