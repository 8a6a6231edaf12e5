"""SSL: UAPI generate_key, generate_csr and list_csrs, over the account's certificate pool.

A generated key is a pool entry holding only the key (named by ``friendly_name``); a generated CSR
is an entry holding the key it was signed with and the CSR, waiting for the signed certificate
(``install_ssl`` without ``key`` then finds the key by the certificate's public key, as cPanel's
SSL storage does).
"""
from __future__ import annotations

from polypanel.core import certificates, tls_material
from polypanel.core.certificates import Pool
from polypanel.core.errors import AlreadyExists, Invalid

from ..whm.wire import Failure
from .autossl_ops import domains_param
from .domain_ops import account
from .ssl_ops import epoch, key_id

KEYSIZES = {"2048": "rsa-2048", "4096": "rsa-4096"}
DEFAULT_KEYTYPE = "rsa-2048"  # cPanel's "system" default


def key_item(row, info: tls_material.KeyInfo) -> dict:
    return {"created": epoch(row.created_at), "ecdsa_curve_name": info.curve, "ecdsa_public": info.ec_public,
            "friendly_name": row.name, "id": key_id(info), "key_algorithm": info.algorithm,
            "modulus": info.modulus, "modulus_length": info.bits if info.modulus else None}


def csr_id(info: tls_material.CsrInfo) -> str:
    base = (info.names[0] if info.names else info.common_name or "csr").replace("*", "_wildcard_")
    base = "".join(c if c.isalnum() else "_" for c in base.lower())
    key_part = (info.key.modulus or info.key.ec_public or "00000")[:5]
    return f"{base[:64]}_{key_part}_{info.sha256[:5]}_{info.sha256[5:37]}"


def csr_item(row, info: tls_material.CsrInfo) -> dict:
    return {"commonName": info.common_name, "created": epoch(row.created_at), "domains": list(info.names),
            "ecdsa_curve_name": info.key.curve, "ecdsa_public": info.key.ec_public, "friendly_name": row.name,
            "id": csr_id(info), "key_algorithm": info.key.algorithm, "modulus": info.key.modulus}


def _name(rows, wanted: str, default: str) -> str:
    name = (wanted or "").strip()
    taken = {r.name for r in rows}
    if name:
        if name in taken:
            raise Failure(f"The friendly name “{name[:255]}” is already in use.")
        return name
    unique, n = default, 1
    while unique in taken:
        n += 1
        unique = f"{default} ({n})"
    return unique


def generate_key(ctx, call):
    q = call.query
    keytype, keysize = q.text("keytype").strip(), q.text("keysize").strip()
    if keytype and keysize:
        raise Failure("You cannot specify both “keytype” and “keysize”.")
    if keysize:
        if keysize not in KEYSIZES:
            raise Failure(f"The “keysize” must be one of {', '.join(KEYSIZES)}.")
        keytype = KEYSIZES[keysize]
    if not keytype or keytype == "system":
        keytype = DEFAULT_KEYTYPE
    if keytype not in tls_material.KEY_TYPES:
        raise Failure(f"The “keytype” must be one of system, {', '.join(tls_material.KEY_TYPES)}.")
    sub = account(ctx, call)
    pool = certificates.list_(ctx, Pool(sub))
    name = _name(pool, q.text("friendly_name"), f"{keytype}, {ctx.now():%b %d, %Y %H:%M:%S} UTC")
    key_pem = tls_material.generate_key(keytype)
    row = _install(ctx, sub, name, key=key_pem)
    return {**key_item(row, tls_material.describe_key(row.key_pem)), "text": row.key_pem}


def _install(ctx, sub, name, **parts):
    try:
        return certificates.install(ctx, Pool(sub), name, **parts)
    except AlreadyExists:
        raise Failure(f"The friendly name “{name[:255]}” is already in use.") from None
    except Invalid as e:
        raise Failure(f"The {e.field.replace('_', ' ')} is invalid: {e.reason}") from None


REQUIRED_CSR = ("countryName", "stateOrProvinceName", "localityName", "organizationName", "key_id")


def generate_csr(ctx, call):
    q = call.query
    for param in ("domains", *REQUIRED_CSR):
        if not q.text(param).strip():
            raise Failure(f"You must specify the “{param}” parameter.")
    names = domains_param(call)
    sub = account(ctx, call)
    pool = certificates.list_(ctx, Pool(sub))
    wanted = q.text("key_id").strip()
    key_row = next((r for r in pool if key_id(tls_material.describe_key(r.key_pem)) == wanted), None)
    if key_row is None:
        raise Failure(f"The system could not find a key with the ID “{wanted[:255]}”.")
    subject = tls_material.Subject(common_name=names[0], country=q.text("countryName").strip(),
                                   state=q.text("stateOrProvinceName"), locality=q.text("localityName"),
                                   organization=q.text("organizationName"), unit=q.text("organizationalUnitName"),
                                   email=q.text("emailAddress"), alt_names=tuple(names[1:]))
    try:
        csr_pem = tls_material.csr_for(key_row.key_pem, subject)
    except Invalid as e:
        raise Failure(f"The “{_PARAMS.get(e.field, e.field)}” is invalid: {e.reason}") from None
    info = tls_material.describe_csr(csr_pem)
    name = _name(pool, q.text("friendly_name"), info.names[0])
    row = _install(ctx, sub, name, key=key_row.key_pem, csr=csr_pem)
    return {**csr_item(row, info), "text": row.csr_pem}


_PARAMS = {"country": "countryName", "state": "stateOrProvinceName", "locality": "localityName",
           "organization": "organizationName", "unit": "organizationalUnitName", "email": "emailAddress",
           "common_name": "domains"}


def list_csrs(ctx, call):
    rows = certificates.list_(ctx, Pool(account(ctx, call)))
    return [csr_item(r, tls_material.describe_csr(r.csr_pem)) for r in rows if r.csr_pem]


# (module, function, handler, read-only) rows of the function tables (cpanel/functions.py)
UAPI = (
    ("SSL", "generate_key", generate_key, False),
    ("SSL", "generate_csr", generate_csr, False),
    ("SSL", "list_csrs", list_csrs, True),
)
