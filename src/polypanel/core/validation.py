"""Syntax rules for names and values, shared by every API.

Every check bounds the length of its input before anything else looks at it, and every
regular expression here is linear (no nested or overlapping repetition), so no input can
keep a worker busy: a megabyte of the worst input is refused at once (tests/core/test_validation_bounds.py).
"""
from __future__ import annotations

import ipaddress
import re

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import idna

from . import vocabulary
from .errors import Invalid

LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,63}$", re.IGNORECASE)
SYSTEM_USER_RE = re.compile(r"^[a-z][a-z0-9_.-]{0,31}$")
# A database or database user name both servers take unquoted in every statement the panel runs:
# MariaDB allows 64 characters, PostgreSQL 63 bytes; one name must fit either server.
DB_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$")
EMAIL_LOCAL_RE = re.compile(r"^[^@\s\x00-\x1f\x7f]{1,64}$")
LABEL_RE = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
LOCAL_PART_RE = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$", re.IGNORECASE)
RESERVED_LOGINS = {"root", "admin", "administrator", "nobody", "www-data", "postgres", "mysql", "daemon", "bin", "sys"}

MAX_NAME = 253  # a DNS name, without the trailing dot
MAX_LABEL = 63
MAX_EMAIL = 254  # RFC 5321's path limit
MAX_URL = 2048
MAX_RECORD_VALUE = 4000
MAX_RAW_NAME = 1024  # a Unicode host name before IDNA: longer cannot fit 253 ASCII characters

RECORD_TYPES = vocabulary.RECORD_TYPES


def _bounded(value, field: str, limit: int, what: str = "is too long") -> str:
    """``value`` as a string, refused before any other check if longer than ``limit`` (+ blanks)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(field, "must be a string")
    if len(value) > limit + 64:  # leave room for surrounding blanks, stripped by the caller
        raise Invalid(field, f"{what} (at most {limit} characters)")
    return value


def login(value: str, field: str = "login") -> str:
    value = _bounded(value, field, 64).strip()
    if not value:
        raise Invalid(field, "is required")
    if not LOGIN_RE.match(value):
        raise Invalid(field, "may contain only letters, digits, '.', '_', '-' and '@', and must start with a letter or digit (at most 64 characters)")
    if value.lower() in RESERVED_LOGINS:
        raise Invalid(field, f"'{value}' is reserved")
    return value


def system_user(value: str, field: str = "system_user") -> str:
    value = _bounded(value, field, 32).strip()
    if not SYSTEM_USER_RE.match(value):
        raise Invalid(field, "must start with a lower-case letter and contain only lower-case letters, digits, '_', '.' and '-' (at most 32 characters)")
    if value in RESERVED_LOGINS:
        raise Invalid(field, f"'{value}' is reserved")
    return value


def email(value: str, field: str = "email", required: bool = False) -> str:
    value = _bounded(value, field, MAX_EMAIL).strip()
    if not value:
        if required:
            raise Invalid(field, "is required")
        return ""
    local, at, domain = value.rpartition("@")
    if len(value) > MAX_EMAIL or not at or not EMAIL_LOCAL_RE.match(local) or not _is_mail_domain(domain):
        raise Invalid(field, f"'{value}' is not a valid e-mail address")
    return value


def _is_mail_domain(domain: str) -> bool:
    """A host name with at least two labels (Unicode allowed), checked label by label."""
    labels = domain.split(".")
    if len(labels) < 2 or len(domain) > MAX_NAME:
        return False
    return all(0 < len(label) <= MAX_LABEL and not any(ch.isspace() or ch in "@\x00" for ch in label)
               for label in labels)


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
    if not isinstance(value, str):
        raise Invalid(field, "must be a string")
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
    raw = _bounded(value, field, MAX_RAW_NAME, "is not a valid domain name").strip().rstrip(".")
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
        if not LABEL_RE.match(label):
            raise Invalid(field, f"'{value}' is not a valid domain name")
    if labels[-1].isdigit():
        raise Invalid(field, f"'{value}' is not a valid domain name")
    return unicode_name, ascii_name


def ip_address(value: str, field: str = "ip_address") -> str:
    value = _bounded(value, field, 64, "is not a valid IP address")
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise Invalid(field, f"'{value}' is not a valid IP address") from None


def ip_or_network(value: str, field: str = "ip_address") -> str:
    value = _bounded(value, field, 64, "is not a valid IP address or network").strip()
    try:
        if "/" in value:
            return str(ipaddress.ip_network(value, strict=False))
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise Invalid(field, f"'{value}' is not a valid IP address or network") from None


def database_name(value: str, field: str = "name") -> str:
    """A database or database user name that MariaDB (64 characters) and PostgreSQL (63 bytes)
    both take, and that the provisioner writes without quoting tricks."""
    value = _bounded(value, field, 63).strip()
    if not value:
        raise Invalid(field, "is required")
    if len(value) > 63:
        raise Invalid(field, "is too long (at most 63 characters)")
    if not DB_NAME_RE.match(value):
        raise Invalid(field, "may contain only letters, digits, '_' and '-', and may not start with '-'")
    return value


# What nginx takes in ``return 301 URL``: no blanks, quotes, braces, ';', '$' or '\\', no fragment
# (RFC 3986 characters only), an http(s) scheme and a host.
URL_RE = re.compile(r"^https?://[A-Za-z0-9._~:/?\[\]@!&()*+,=%-]+$")


def forward_url(value: str, field: str = "forward_url") -> str:
    """A forwarding destination as nginx takes it, or Invalid."""
    from urllib.parse import urlsplit

    value = _bounded(value, field, MAX_URL).strip()
    if not value:
        raise Invalid(field, "a forwarding domain needs an http:// or https:// destination URL")
    if len(value) > MAX_URL:
        raise Invalid(field, f"is too long (at most {MAX_URL} characters)")
    if not value.lower().startswith(("http://", "https://")):
        raise Invalid(field, "must start with http:// or https://")
    if not URL_RE.match(value):
        raise Invalid(field, "may not contain blanks, quotes, braces, ';', '$', '#' or '\\'; percent-encode them")
    if re.search(r"%(?![0-9A-Fa-f]{2})", value):
        raise Invalid(field, "has a '%' that does not start a %XX escape")
    try:
        parts = urlsplit(value)
        host, _port = parts.hostname, parts.port
    except ValueError:
        raise Invalid(field, f"'{value}' is not a valid URL") from None
    if not host:
        raise Invalid(field, "needs a host name")
    if not _is_ip(host):
        domain_name(host, field)
    return value


def mailbox_local_part(value: str, field: str = "name") -> str:
    value = _bounded(value, field, 64).strip().lower()
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
    The record's data is parsed as the DNS server parses a master file (dnspython, by type):
    one line, no comment, nothing left over, so what is stored is what gets served.
    """
    zone = _bounded(zone, "zone", MAX_NAME).strip().lower()
    if not zone or len(zone) > MAX_NAME:
        raise Invalid("zone", "is not a valid zone name")
    rtype = _bounded(rtype, "type", 10, "is not a supported record type").strip().upper()
    if rtype not in RECORD_TYPES or rtype == "SOA":
        raise Invalid("type", f"'{rtype}' is not a supported record type")
    fqdn = record_name(zone, name)
    value = _bounded(value, "value", MAX_RECORD_VALUE).strip()
    opt = _bounded("" if opt is None else str(opt), "opt", 64).strip()
    if not value:
        raise Invalid("value", "is required")
    if len(value) > MAX_RECORD_VALUE:
        raise Invalid("value", f"is too long (at most {MAX_RECORD_VALUE} characters)")
    for field, text in (("value", value), ("opt", opt)):
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
            raise Invalid(field, "may not contain line breaks or other control characters")
    if rtype in vocabulary.HOST_VALUE_TYPES:
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
    if rtype == "TXT" and value.startswith('"'):
        _check_quoted_txt(value)
    if rdata_of(rtype, value, opt) is None:
        raise Invalid("value", f"'{value}' is not a valid {rtype} record value")
    return rtype, fqdn, value, opt


def rdata_of(rtype: str, value: str, opt: str = ""):
    """The record's data parsed as a master-file line (dnspython), or None if the DNS server
    would not take it as one whole record: a comment, a second line or left-over text."""
    import dns.tokenizer

    if len(rtype) > 10 or len(opt) > 64 or len(value) > MAX_RECORD_VALUE:
        return None
    text = rdata_text(rtype, value, opt)
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        return None
    try:
        tok = dns.tokenizer.Tokenizer(text)
        rd = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), tok,
                                 relativize=False)
        if getattr(rd, "rdcomment", None) is not None or not tok.get().is_eof():
            return None
    except (dns.exception.DNSException, ValueError, TypeError, UnicodeError):
        return None
    return rd


def _check_quoted_txt(value: str) -> None:
    """A TXT value given in master-file form: quoted strings only, each closed, nothing between."""
    if not re.fullmatch(r'"(?:[^"\\]|\\.)*"(?:\s+"(?:[^"\\]|\\.)*")*', value):
        raise Invalid("value", "a TXT value that starts with '\"' must be one or more complete quoted strings")



def record_name(zone: str, name: str) -> str:
    if len(zone) > MAX_NAME:
        raise Invalid("zone", "is not a valid zone name")
    name = _bounded(name, "host", MAX_NAME).strip()
    if len(name) > MAX_NAME + 1:
        raise Invalid("host", f"is too long (at most {MAX_NAME} characters)")
    if name.endswith("."):
        fqdn = name[:-1].lower()
    elif name in ("", "@"):
        fqdn = zone
    else:
        fqdn = f"{name.lower()}.{zone}"
    if fqdn != zone and not fqdn.endswith("." + zone):
        raise Invalid("host", f"'{name}' is not inside the zone {zone}")
    if len(fqdn) > MAX_NAME:
        raise Invalid("host", f"is too long (at most {MAX_NAME} characters with the zone)")
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
