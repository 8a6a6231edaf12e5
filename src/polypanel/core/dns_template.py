"""The server-wide DNS template: the records every new zone starts with.

Hosts and values may use ``<domain>`` and ``<ip>``; the administrator edits the template
(Plesk's ``dns`` operations without a site), and existing zones are left as they are.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from polypanel.store.models import DnsTemplateRecord

from . import authorization, validation, vocabulary
from .unit_of_work import UnitOfWork
from .errors import Invalid, NotFound

SAMPLE_DOMAIN, SAMPLE_IP = "template.example", "192.0.2.1"


def default_rows(nameservers: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    """(type, host, value, opt) of the template a new server starts with."""
    rows = []
    for ns in [n.rstrip(".").lower() for n in nameservers] or ["ns1.<domain>", "ns2.<domain>"]:
        rows.append(("NS", "<domain>", ns, ""))
        if ns.endswith(".<domain>"):
            rows.append(("A", ns, "<ip>", ""))
    return rows + [
        ("A", "<domain>", "<ip>", ""),
        ("CNAME", "www.<domain>", "<domain>", ""),
        ("A", "mail.<domain>", "<ip>", ""),
        ("CNAME", "ftp.<domain>", "<domain>", ""),
        ("A", "webmail.<domain>", "<ip>", ""),
        ("MX", "<domain>", "mail.<domain>", "10"),
        ("TXT", "<domain>", "v=spf1 +a +mx -all", ""),
        ("TXT", "_dmarc.<domain>", "v=DMARC1; p=none", ""),
    ]


def seed(session: Session, nameservers: tuple[str, ...]) -> None:
    for rtype, host, value, opt in default_rows(nameservers):
        session.add(DnsTemplateRecord(type=rtype, host=host, value=value, opt=opt, ttl=None))


def expand(text: str, domain: str, ip: str) -> str:
    return text.replace("<domain>", domain).replace("<ip>", ip)


def rows(session: Session) -> list[DnsTemplateRecord]:
    return list(session.scalars(select(DnsTemplateRecord).order_by(DnsTemplateRecord.id)))


def list_(ctx: UnitOfWork) -> list[DnsTemplateRecord]:
    return rows(ctx.session)


def _require_admin(ctx: UnitOfWork) -> None:
    authorization.require(ctx.principal, "server:dns_template", "Only the administrator may change the DNS template")


def add(ctx: UnitOfWork, *, type: str, host: str, value: str, opt: str = "", ttl=None) -> DnsTemplateRecord:
    _require_admin(ctx)
    host = (host or "").strip()
    if host in ("", "@"):
        host = "<domain>"
    elif not host.endswith("<domain>") and not host.endswith("."):
        host = f"{host}.<domain>"
    host = host.rstrip(".")
    if "<domain>" not in host:
        raise Invalid("host", "a template host must be inside <domain>")
    # Check the record as it would be for a sample domain.
    rtype, _fqdn, _value, opt = validation.dns_record(
        SAMPLE_DOMAIN, type, expand(host, SAMPLE_DOMAIN, SAMPLE_IP) + ".", expand(value, SAMPLE_DOMAIN, SAMPLE_IP), opt)
    value = (value or "").strip().rstrip(".") if rtype in vocabulary.HOST_VALUE_TYPES else (value or "").strip()
    row = DnsTemplateRecord(type=rtype, host=host, value=value, opt=opt, ttl=validation.ttl(ttl))
    ctx.session.add(row)
    ctx.session.flush()
    ctx.audit("dns_template:add", "dns_template_record", row.id, f"{rtype} {host}")
    return row


def get(ctx: UnitOfWork, record_id: int) -> DnsTemplateRecord:
    row = ctx.session.get(DnsTemplateRecord, record_id)
    if row is None:
        raise NotFound("DNS record", record_id, f"The DNS template record {record_id} is not found")
    return row


def delete(ctx: UnitOfWork, record_id: int) -> None:
    _require_admin(ctx)
    row = get(ctx, record_id)
    ctx.audit("dns_template:delete", "dns_template_record", row.id, f"{row.type} {row.host}")
    ctx.session.delete(row)
