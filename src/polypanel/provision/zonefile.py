"""Zone files in standard master-file format, and their SOA serials.

Serials are ``YYYYMMDDnn``: a changed zone gets ``today00`` or, when it
already has a serial from today (or later), that serial plus one.  A serial
given in the spec is a floor.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.tokenizer
import dns.zone

from polypanel.provision.errors import SpecInvalid
from polypanel.provision.specs import RecordSpec, ZoneSpec
from polypanel.provision.templates import Templates

_SERIAL_LINE = re.compile(rb"^\s+(\d+) ; serial$", re.M)
_ZONE_NAME = re.compile(r"^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$")
_OWNER = re.compile(r"^(@|\*|(\*\.)?([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?)+)$")
_TYPE = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")
_TXT_CHUNK = 255
SKIPPED = "skipped record "  # how a left-out record is named in messages (core/provisioning_state.py)


@dataclass(frozen=True)
class _Record:
    name: str
    type: str
    rdata: str
    ttl: int | None


def render_zone(zone: ZoneSpec, serial: int, templates: Templates, skipped: list[str] | None = None) -> str:
    """The zone file text for ``zone`` with SOA ``serial``.

    A record the DNS server would not take as one line of data is left out, so one bad record
    never blocks the rest of its zone; each one left out is added to ``skipped`` as
    ``skipped record <absolute name> <TYPE>: <reason>``.  Without ``skipped``, it raises.
    """
    check_zone_name(zone)
    records = []
    for record in zone.records:
        problem = record_problem(record, zone.name)
        if problem is None:
            records.append(_normalized(record))
            continue
        line = f"{SKIPPED}{_owner_absolute(record.name, zone.name)} {record.type.upper()}: {problem}"
        if skipped is None:
            raise SpecInvalid(zone.key, line)
        skipped.append(line)
    return templates.render(
        "bind/zone.j2",
        zone=zone,
        serial=serial,
        primary_ns=_absolute(zone.soa.primary_ns, zone.name),
        hostmaster=_mailbox_name(zone.soa.hostmaster, zone.name),
        records=records,
    )


def serial_of(text: bytes | None) -> int | None:
    """The SOA serial of a zone file rendered by ``render_zone``."""
    if not text:
        return None
    match = _SERIAL_LINE.search(text)
    return int(match.group(1)) if match else None


def next_serial(current: int | None, floor: int | None = None, today: datetime.date | None = None) -> int:
    """The serial for a changed zone."""
    today = today or datetime.date.today()
    first_of_day = int(today.strftime("%Y%m%d")) * 100
    candidate = first_of_day if current is None or current < first_of_day else current + 1
    return max(candidate, floor or 0) % 2**32


def check_zone(zone: ZoneSpec) -> None:
    """Raise ``SpecInvalid`` for names or rdata that could not be, or must not
    be, written into a master file (control characters, directives)."""
    check_zone_name(zone)
    for record in zone.records:
        problem = record_problem(record, zone.name)
        if problem is not None:
            raise SpecInvalid(zone.key, f"{record.name} {record.type}: {problem}")


def check_zone_name(zone: ZoneSpec) -> None:
    if not _ZONE_NAME.match(zone.name):
        raise SpecInvalid(zone.key, f"not a valid ASCII zone name: {zone.name!r}")


def record_problem(record: RecordSpec, origin: str) -> str | None:
    """Why ``record`` cannot be written into the zone ``origin``, or None: its data must parse,
    by type, as the DNS server parses a master file, as exactly one line without a comment."""
    if not _OWNER.match(record.name) or len(record.name) > 255:
        return f"bad record name {record.name!r}"
    rtype = record.type.upper()
    if not _TYPE.match(rtype):
        return f"bad record type {record.type!r}"
    if record.ttl is not None and not 0 <= record.ttl < 2**31:
        return "bad ttl"
    rdata = _normalized(record).rdata
    if not rdata or len(rdata) > 65535 or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in rdata):
        return "empty data, or a line break or control character in it"
    try:
        tok = dns.tokenizer.Tokenizer(rdata)
        parsed = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), tok,
                                     origin=dns.name.from_text(origin + "."), relativize=False)
        if getattr(parsed, "rdcomment", None) is not None or not tok.get().is_eof():
            return "the data is not one whole record (a comment or left-over text)"
    except (dns.exception.DNSException, ValueError, TypeError, UnicodeError) as exc:
        return f"the DNS server would not take {rdata[:200]!r}: {exc}"
    return None


def check_zone_text(text: bytes, origin: str) -> str | None:
    """Parse a zone file in-process (dnspython); the error text, or None."""
    try:
        dns.zone.from_text(text.decode("utf-8"), origin=origin + ".", relativize=False, check_origin=True)
    except (dns.exception.DNSException, ValueError, UnicodeDecodeError) as exc:
        return f"{origin}: {exc}"
    return None


def _normalized(record: RecordSpec) -> _Record:
    rtype = record.type.upper()
    rdata = record.rdata.strip()
    if rtype in ("TXT", "SPF") and not rdata.startswith('"'):
        rdata = _quoted_txt(rdata)
    return _Record(record.name, rtype, rdata, record.ttl)


def _quoted_txt(text: str) -> str:
    raw = text.encode("utf-8")
    chunks = [raw[i : i + _TXT_CHUNK] for i in range(0, len(raw), _TXT_CHUNK)] or [b""]
    return " ".join('"' + _escape_txt(chunk) + '"' for chunk in chunks)


def _escape_txt(chunk: bytes) -> str:
    out = []
    for byte in chunk:
        if byte in (0x22, 0x5C):
            out.append("\\" + chr(byte))
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:03d}")
    return "".join(out)


def _absolute(name: str, origin: str) -> str:
    name = name.strip()
    if name.endswith("."):
        return name
    if name == "@":
        return origin + "."
    return f"{name}.{origin}." if "." not in name else name + "."


def _owner_absolute(name: str, origin: str) -> str:
    if name.endswith("."):
        return name
    return origin + "." if name == "@" else f"{name}.{origin}."


def _mailbox_name(hostmaster: str, origin: str) -> str:
    """``hostmaster@example.com`` -> ``hostmaster.example.com.``"""
    if "@" not in hostmaster:
        return _absolute(hostmaster, origin)
    local, domain = hostmaster.rsplit("@", 1)
    return local.replace(".", "\\.") + "." + domain.rstrip(".") + "."
