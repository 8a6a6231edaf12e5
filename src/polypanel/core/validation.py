"""Syntax rules for names and values, shared by every API."""
from __future__ import annotations

import ipaddress
import re

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import idna

from .errors import Invalid

LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$", re.IGNORECASE)
SYSTEM_USER_RE = re.compile(r"^[a-z][a-z0-9_.-]{0,31}$")
DB_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_$-]{0,63}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LOCAL_PART_RE = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$", re.IGNORECASE)
RESERVED_LOGINS = {"root", "admin", "administrator", "nobody", "www-data", "postgres", "mysql", "daemon", "bin", "sys"}

RECORD_TYPES = ("A", "AAAA", "CNAME", "MX", "NS", "TXT", "SRV", "PTR", "CAA", "TLSA", "DS", "HTTPS", "SOA")


def login(value: str, field: str = "login") -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid(field, "is required")
    if not LOGIN_RE.match(value):
        raise Invalid(field, "may contain only letters, digits, '.', '_', '-' and '@', and must start with a letter or digit (at most 64 characters)")
    if value.lower() in RESERVED_LOGINS:
        raise Invalid(field, f"'{value}' is reserved")
    return value


def system_user(value: str, field: str = "system_user") -> str:
    value = (value or "").strip()
    if not SYSTEM_USER_RE.match(value):
        raise Invalid(field, "must start with a lower-case letter and contain only lower-case letters, digits, '_', '.' and '-' (at most 32 characters)")
    if value in RESERVED_LOGINS:
        raise Invalid(field, f"'{value}' is reserved")
    return value


def email(value: str, field: str = "email", required: bool = False) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            raise Invalid(field, "is required")
        return ""
    if not EMAIL_RE.match(value) or len(value) > 255:
        raise Invalid(field, f"'{value}' is not a valid e-mail address")
    return value


# Minimum password strengths an admin may choose ([polypanel] password_strength), weakest first.
PASSWORD_STRENGTHS = ("very_weak", "weak", "medium", "strong")
RELAX_POLICY = " (the server's policy; an administrator can lower it with [polypanel] password_strength in panel.ini)"


def password(value: str, field: str = "password", strength: str = "strong") -> str:
    """Password strength: at least 8 characters from at least 3 of: lower, upper, digit, other.

    A weaker ``strength`` (Plesk's security policy, where the admin lowered it) asks less:
    ``medium`` 8 characters of 2 kinds, ``weak`` 5 characters, ``very_weak`` any non-empty one.
    """
    if value is None or value == "":
        raise Invalid(field, "is required")
    if strength != "strong" and len(value) <= 255:
        minimum, kinds = {"very_weak": (1, 1), "weak": (5, 1), "medium": (8, 2)}.get(strength, (8, 3))
        if len(value) < minimum:
            raise Invalid(field, f"is too short: use at least {minimum} characters" + RELAX_POLICY)
        if sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]")) < kinds:
            raise Invalid(field, f"is too weak: use at least {kinds} of lower-case letters, upper-case letters, digits and other characters" + RELAX_POLICY)
        return value
    if len(value) < 8:
        raise Invalid(field, "is too short: use at least 8 characters" + RELAX_POLICY)
    if len(value) > 255:
        raise Invalid(field, "is too long")
    classes = sum(
        bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]")
    )
    if classes < 3:
        raise Invalid(field, "is too weak: use at least three of lower-case letters, upper-case letters, digits and other characters" + RELAX_POLICY)
    return value


def domain_name(value: str, field: str = "name") -> tuple[str, str]:
    """Return (unicode_name, ascii_name) of a host name, or raise Invalid."""
    raw = (value or "").strip().rstrip(".")
    if not raw:
        raise Invalid(field, "is required")
    try:
        ascii_name = idna.encode(raw.lower(), uts46=True).decode("ascii")
        unicode_name = idna.decode(ascii_name)
    except (idna.IDNAError, UnicodeError, ValueError):
        raise Invalid(field, f"'{value}' is not a valid domain name") from None
    labels = ascii_name.split(".")
    if len(labels) < 2 or len(ascii_name) > 253:
        raise Invalid(field, f"'{value}' is not a valid domain name")
    for label in labels:
        if not re.match(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", label):
            raise Invalid(field, f"'{value}' is not a valid domain name")
    if labels[-1].isdigit():
        raise Invalid(field, f"'{value}' is not a valid domain name")
    return unicode_name, ascii_name


def ip_address(value: str, field: str = "ip_address") -> str:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        raise Invalid(field, f"'{value}' is not a valid IP address") from None


def ip_or_network(value: str, field: str = "ip_address") -> str:
    value = (value or "").strip()
    try:
        if "/" in value:
            return str(ipaddress.ip_network(value, strict=False))
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise Invalid(field, f"'{value}' is not a valid IP address or network") from None


def database_name(value: str, field: str = "name") -> str:
    value = (value or "").strip()
    if not DB_NAME_RE.match(value):
        raise Invalid(field, "may contain only letters, digits, '_', '$' and '-' (at most 64 characters)")
    return value


def mailbox_local_part(value: str, field: str = "name") -> str:
    value = (value or "").strip().lower()
    if not LOCAL_PART_RE.match(value) or value.startswith(".") or value.endswith(".") or ".." in value:
        raise Invalid(field, f"'{value}' is not a valid mailbox name")
    return value


MAX_INT = 2147483647  # the store's integer columns


def quota(value, field: str = "quota") -> int:
    """A size in MB; -1 is unlimited."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise Invalid(field, "must be a whole number (-1 for unlimited)") from None
    if not -1 <= n <= MAX_INT:
        raise Invalid(field, f"must be -1 (unlimited) or from 0 to {MAX_INT}")
    return n


def ttl(value, field: str = "ttl") -> int | None:
    if value is None or value == "":
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise Invalid(field, "must be a whole number of seconds") from None
    if not 0 <= n <= MAX_INT:
        raise Invalid(field, f"must be between 0 and {MAX_INT}")
    return n


def _absolute(target: str, zone: str) -> str:
    """A target host: absolute with or without a trailing dot (as panel APIs send them), "@" for
    the apex, or a single label relative to the zone."""
    target = target.strip()
    if target.endswith("."):
        return target[:-1].lower()
    if target == "@" or target == "":
        return zone
    if "." not in target:
        return f"{target.lower()}.{zone}"
    return target.lower()


def dns_record(zone: str, rtype: str, name: str, value: str, opt: str = "") -> tuple[str, str, str, str]:
    """Check a record and return it as stored: (type, absolute name, value, opt).

    ``name`` may be relative to ``zone`` ("www", "" or "@" for the apex) or absolute with a
    trailing dot. Host targets (CNAME, NS, MX, SRV, PTR) are stored absolute without the dot.
    """
    rtype = (rtype or "").strip().upper()
    if rtype not in RECORD_TYPES or rtype == "SOA":
        raise Invalid("type", f"'{rtype}' is not a supported record type")
    fqdn = record_name(zone, name)
    value = (value or "").strip()
    opt = ("" if opt is None else str(opt)).strip()
    if not value:
        raise Invalid("value", "is required")
    if rtype in ("CNAME", "NS", "PTR", "MX", "SRV"):
        value = _absolute(value, zone)
        if rtype != "PTR" or not _is_ip(value):
            _check_host(value, "value")
    if rtype == "MX":
        opt = opt or "10"
        if not opt.isdigit() or int(opt) > 65535:
            raise Invalid("opt", "MX priority must be a number from 0 to 65535")
    if rtype == "SRV":
        parts = opt.split()
        if len(parts) != 3 or not all(p.isdigit() and int(p) <= 65535 for p in parts):
            raise Invalid("opt", "SRV needs 'priority weight port', each a number from 0 to 65535")
    if rtype == "TXT":
        if len(value) > 4000:
            raise Invalid("value", "is too long")
    if rtype == "A":
        try:
            ipaddress.IPv4Address(value)
        except ValueError:
            raise Invalid("value", f"'{value}' is not an IPv4 address") from None
    elif rtype == "AAAA":
        try:
            value = str(ipaddress.IPv6Address(value))
        except ValueError:
            raise Invalid("value", f"'{value}' is not an IPv6 address") from None
    try:
        dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), rdata_text(rtype, value, opt))
    except (dns.exception.DNSException, ValueError, TypeError):
        raise Invalid("value", f"'{value}' is not a valid {rtype} record value") from None
    return rtype, fqdn, value, opt


def record_name(zone: str, name: str) -> str:
    name = (name or "").strip()
    if name.endswith("."):
        fqdn = name[:-1].lower()
    elif name in ("", "@"):
        fqdn = zone
    else:
        fqdn = f"{name.lower()}.{zone}"
    if fqdn != zone and not fqdn.endswith("." + zone):
        raise Invalid("host", f"'{name}' is not inside the zone {zone}")
    if fqdn != zone:
        relative = fqdn[: -len(zone) - 1]
        for label in relative.split("."):
            if not re.match(r"^(\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)$", label):
                raise Invalid("host", f"'{name}' is not a valid host name")
    return fqdn


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return False


def _check_host(value: str, field: str) -> None:
    try:
        dns.name.from_text(value)
    except dns.exception.DNSException:
        raise Invalid(field, f"'{value}' is not a valid host name") from None
    if not re.match(r"^[a-z0-9_*]([a-z0-9_.-]*[a-z0-9])?$", value):
        raise Invalid(field, f"'{value}' is not a valid host name")


def txt_quoted(value: str) -> str:
    """A TXT value in master-file form: one or more quoted strings of at most 255 bytes."""
    if value.startswith('"'):
        return value
    raw = value.encode()
    chunks = [raw[i : i + 255] for i in range(0, len(raw), 255)] or [b""]
    out = []
    for chunk in chunks:
        text = chunk.decode("utf-8", errors="replace").replace("\\", "\\\\").replace('"', '\\"')
        out.append(f'"{text}"')
    return " ".join(out)


def rdata_text(rtype: str, value: str, opt: str) -> str:
    """The record's data in master-file form, host names absolute with a trailing dot."""
    if rtype in ("CNAME", "NS", "PTR"):
        return value + "."
    if rtype == "MX":
        return f"{opt or 10} {value}."
    if rtype == "SRV":
        return f"{opt} {value}."
    if rtype == "TXT":
        return txt_quoted(value)
    return value
