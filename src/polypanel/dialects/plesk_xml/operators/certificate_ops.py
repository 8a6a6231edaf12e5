"""certificate: generate, install, update, remove, get-pool (core.certificates).

A repository is ``<webspace>NAME</webspace>`` (the subscription's pool), ``<site>NAME</site>`` (the pool of
the site's subscription) or ``<admin/>`` (the server pool). As in Plesk, ``install`` only puts the
certificate into the pool; a site serves it once ``webspace.set``/``site.set`` give it the hosting
property ``certificate_name`` (``apply_hosting``; empty: back to the default self-signed one).
``generate`` returns a new key and CSR (``<csr>``, ``<pvt>``) and stores nothing. ``<ip_address>`` in
``install`` (Plesk's default certificate of an IP address, server pool only) is refused: sites here
never fall back to an IP's certificate.
"""
from __future__ import annotations

from polypanel.core import certificates, domains, tls_material, vocabulary
from polypanel.core.certificates import Pool
from polypanel.core.errors import Invalid, NotFound

from ..errors import XmlError
from .common import Failed, filter_of, n, required, spec, text

# core field -> the element that carried it
ELEMENTS = {"certificate": "cert", "private_key": "pvt", "ca_certificate": "ca", "csr": "csr", "name": "name",
            "bits": "bits", "country": "country", "state": "state", "locality": "location",
            "organization": "company", "unit": "dept", "email": "email", "common_name": "name"}


def _invalid(e: Invalid) -> XmlError:
    return XmlError(1019, f"{ELEMENTS.get(e.field, e.field)}: {e.reason}")


def _pool(ctx, el) -> Pool:
    if el.find("admin") is not None:
        return Pool(None)
    for tag in ("webspace", "site"):
        name = text(el, tag)
        if name:
            try:
                d = domains.get(ctx, name=name)
            except NotFound:
                raise NotFound("webspace" if tag == "webspace" else "site", name) from None
            if tag == "webspace" and d.kind != "main":
                raise NotFound("webspace", name)
            return Pool(d.subscription)
    raise XmlError(1014, f"Parser error: <{el.tag}> needs <webspace>, <site> or <admin/>")


def _content(el) -> dict:
    content = el.find("content")
    if content is None:
        raise XmlError(1014, f"Parser error: <content> is required in <{el.tag}>")
    return {"cert": text(content, "cert") or None, "key": text(content, "pvt") or None,
            "ca": text(content, "ca") or None, "csr": text(content, "csr") or None}


def generate(ctx, call):
    info = call.body.find("info")
    if info is None:
        raise XmlError(1014, "Parser error: <info> is required in <generate>")
    bits = (text(info, "bits") or "2048").strip()
    subject = tls_material.Subject(
        common_name=required(info, "name"), country=text(info, "country") or "", state=text(info, "state") or "",
        locality=text(info, "location") or "", organization=text(info, "company") or "", unit=text(info, "dept") or "",
        email=text(info, "email") or "")
    try:
        material = certificates.generate(subject, bits=int(bits) if bits.isdigit() and len(bits) < 6 else 0, ctx=ctx)
    except Invalid as e:
        raise _invalid(e) from None
    return [[n("csr", material.csr_pem), n("pvt", material.key_pem)]]


def install(ctx, call):
    el = call.body
    pool = _pool(ctx, el)
    if text(el, "ip_address"):
        raise XmlError(1023, "Assigning a certificate to an IP address is not supported: give it to a site with "
                             "the hosting property certificate_name")
    try:
        certificates.install(ctx, pool, required(el, "name"), **_content(el))
    except Invalid as e:
        raise _invalid(e) from None
    return [[]]


def update(ctx, call):
    el = call.body
    pool = _pool(ctx, el)
    row = certificates.get(ctx, pool, required(el, "name"))
    parts = _content(el)
    try:
        certificates.update(ctx, row, cert=parts["cert"], key=parts["key"], ca=parts["ca"], csr=parts["csr"])
    except Invalid as e:
        raise _invalid(e) from None
    return [[]]


def remove(ctx, call):
    pool = _pool(ctx, call.body)
    name = filter_of(call)[1]
    try:
        certificates.remove(ctx, certificates.get(ctx, pool, name))
    except Invalid as e:
        return [Failed(_invalid(e), [n("name", name)])]
    return [[n("name", name)]]


def get_pool(ctx, call):
    flt = filter_of(call)
    if flt is None:
        if call.body.find("admin") is None:
            raise XmlError(1014, "Parser error: <get-pool> needs <filter><domain-name> or <admin/>")
        pool = Pool(None)
        head = []
    else:
        if flt[0] != "domain-name":
            raise XmlError(1014, f"Parser error: <{flt[0][:64]}> is not a filter of <get-pool>")
        try:
            pool = Pool(domains.get(ctx, name=flt[1]).subscription)
        except NotFound:
            raise NotFound("site", flt[1]) from None
        head = [n("filter-id", flt[1])]
    rows = certificates.list_(ctx, pool)
    return [[*head, n("certificates", [n("certificate", [n("name", r.name)]) for r in rows])]]


def apply_hosting(ctx, d, hosting: dict) -> None:
    """The hosting property ``certificate_name`` of ``webspace.set``/``site.set``: the site serves that
    certificate of its subscription's pool (or, for the administrator, of the server pool)."""
    if "certificate_name" not in hosting:
        return
    name = hosting["certificate_name"].strip()
    if not name:
        certificates.unassign(ctx, d)
        return
    if d.kind not in vocabulary.SITE_KINDS:
        raise XmlError(1019, "certificate_name: only a site serves a certificate")
    try:
        row = certificates.get(ctx, Pool(d.subscription), name)
    except NotFound:
        if not ctx.principal.is_admin:
            raise
        row = certificates.get(ctx, Pool(None), name)
    try:
        certificates.assign(ctx, row, d)
    except Invalid as e:
        raise XmlError(1019, f"certificate_name: {e.reason}") from None


OPERATIONS = {
    "generate": spec("certificate.generate", generate, read_only=True, action="certificates:write"),
    "install": spec("certificate.install", install, action="certificates:write"),
    "update": spec("certificate.update", update, action="certificates:write"),
    "remove": spec("certificate.remove", remove, action="certificates:write", filtered=True, echo="name"),
    "get-pool": spec("certificate.get-pool", get_pool, read_only=True, action="certificates:read", filtered=True),
}
