"""PEM certificates, private keys, CA chains and signing requests: checked with ``cryptography``
before anything is stored, described for the APIs, and generated on request.

What is checked is what nginx (with the system's OpenSSL at its default security level) takes:
every PEM parses; the key is unencrypted RSA of 2048-8192 bits or ECDSA on P-256/P-384/P-521 and
belongs to the certificate; the certificate is not signed with MD5 or SHA-1; sizes are bounded
before parsing. Expiry is not checked here: a pool keeps an expired certificate (as Plesk's
does); ``certificates.assign`` refuses to serve one.
"""
from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from . import validation
from .errors import Invalid

MAX_CERT = 16 * 1024  # one certificate (a leaf with many names is still far below this)
MAX_KEY = 16 * 1024  # an 8192-bit RSA key in PEM is about 6.4 KB
MAX_CSR = 16 * 1024
MAX_CHAIN = 64 * 1024
MAX_CHAIN_CERTS = 10
RSA_BITS = (2048, 8192)
CURVES = {"secp256r1": "prime256v1", "secp384r1": "secp384r1", "secp521r1": "secp521r1"}
WEAK_HASHES = ("md5", "sha1")
GENERATE_BITS = (2048, 3072, 4096)
BEGIN = "-----BEGIN "


@dataclass(frozen=True)
class Material:
    """Checked PEM text, normalised: the leaf certificate, its chain, the key, the CSR."""

    cert_pem: str = ""
    ca_pem: str = ""
    key_pem: str = field(default="", repr=False)
    csr_pem: str = ""


@dataclass(frozen=True)
class Described:
    """What the APIs show of a certificate (never its key)."""

    names: tuple[str, ...]  # the DNS names it is valid for (SAN, or the CN when it has none)
    subject_cn: str
    subject: dict
    issuer_cn: str
    issuer_org: str | None
    issuer: dict
    not_before: datetime.datetime  # naive UTC
    not_after: datetime.datetime
    serial: str  # lowercase hex
    key_algorithm: str  # rsaEncryption | id-ecPublicKey
    key_bits: int
    modulus: str | None  # RSA modulus, lowercase hex
    curve: str | None  # prime256v1 | secp384r1 | secp521r1 (OpenSSL's names)
    ec_public: str | None  # compressed public point, hex
    signature_algorithm: str
    self_signed: bool
    sha256: str  # of the DER certificate, lowercase hex


def _bounded(value, field_: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(field_, "must be PEM text")
    if len(value) > limit:
        raise Invalid(field_, f"is too large (at most {limit // 1024} KB of PEM)")
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _certificates(text: str, field_: str) -> list[x509.Certificate]:
    if BEGIN + "CERTIFICATE-----" not in text:
        raise Invalid(field_, "is not a PEM certificate (-----BEGIN CERTIFICATE-----)")
    try:
        return x509.load_pem_x509_certificates(text.encode("utf-8"))
    except (ValueError, UnicodeError, UnsupportedAlgorithm):
        raise Invalid(field_, "is not a valid PEM certificate") from None


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _key(text: str):
    if BEGIN not in text or "PRIVATE KEY-----" not in text:
        raise Invalid("private_key", "is not a PEM private key (-----BEGIN PRIVATE KEY-----)")
    try:
        key = serialization.load_pem_private_key(text.encode("utf-8"), password=None)
    except TypeError:
        raise Invalid("private_key", "is encrypted with a passphrase: give the key without one") from None
    except (ValueError, UnicodeError, UnsupportedAlgorithm):
        raise Invalid("private_key", "is not a valid PEM private key") from None
    check_public_key(key.public_key(), "private_key")
    return key


def check_public_key(public, field_: str) -> None:
    """Refuse key types and sizes nginx's OpenSSL refuses (or browsers do not take)."""
    if isinstance(public, rsa.RSAPublicKey):
        if not RSA_BITS[0] <= public.key_size <= RSA_BITS[1]:
            raise Invalid(field_, f"an RSA key of {public.key_size} bits: {RSA_BITS[0]} to {RSA_BITS[1]} bits are accepted")
        return
    if isinstance(public, ec.EllipticCurvePublicKey):
        if public.curve.name not in CURVES:
            raise Invalid(field_, f"the curve {public.curve.name} is not accepted: P-256, P-384 or P-521")
        return
    raise Invalid(field_, "only RSA and ECDSA (P-256, P-384, P-521) keys are accepted")


def _spki(public) -> bytes:
    return public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def check(*, cert: str | None = None, key: str | None = None, ca: str | None = None,
          csr: str | None = None, require_cert: bool = True) -> Material:
    """Check PEM material and return it normalised, or raise ``Invalid`` naming the part.

    ``cert`` may carry the chain after the leaf (it joins ``ca``). Without a certificate
    (``require_cert=False``) a key and CSR are kept, to be completed by a signed certificate later."""
    cert_text = _bounded(cert, "certificate", MAX_CERT + MAX_CHAIN)
    key_text = _bounded(key, "private_key", MAX_KEY)
    ca_text = _bounded(ca, "ca_certificate", MAX_CHAIN)
    csr_text = _bounded(csr, "csr", MAX_CSR)
    if not key_text:
        raise Invalid("private_key", "is required")
    private = _key(key_text)
    key_pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode("ascii")
    csr_pem = ""
    if csr_text:
        try:
            request = x509.load_pem_x509_csr(csr_text.encode("utf-8"))
        except (ValueError, UnicodeError, UnsupportedAlgorithm):
            raise Invalid("csr", "is not a valid PEM certificate signing request") from None
        if _spki(request.public_key()) != _spki(private.public_key()):
            raise Invalid("csr", "the signing request and the private key do not match")
        csr_pem = request.public_bytes(serialization.Encoding.PEM).decode("ascii")
    if not cert_text:
        if require_cert:
            raise Invalid("certificate", "is required")
        if ca_text:
            raise Invalid("ca_certificate", "a CA chain needs the certificate it belongs to")
        return Material(key_pem=key_pem, csr_pem=csr_pem)
    certs = _certificates(cert_text, "certificate")
    leaf, extra = certs[0], certs[1:]
    chain = extra + (_certificates(ca_text, "ca_certificate") if ca_text else [])
    if len(chain) > MAX_CHAIN_CERTS:
        raise Invalid("ca_certificate", f"at most {MAX_CHAIN_CERTS} CA certificates")
    if _spki(leaf.public_key()) != _spki(private.public_key()):
        raise Invalid("private_key", "the certificate and the private key do not match")
    algorithm = leaf.signature_hash_algorithm
    if algorithm is not None and algorithm.name in WEAK_HASHES:
        raise Invalid("certificate", f"is signed with {algorithm.name.upper()}, which the web server refuses")
    return Material(cert_pem=_pem(leaf), ca_pem="".join(_pem(c) for c in chain), key_pem=key_pem, csr_pem=csr_pem)


def leaf(cert_pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(cert_pem.encode("ascii"))


def issued_by(cert_text: str, chain_pem: str) -> bool:
    """Whether the first certificate of ``cert_text`` was issued by the first of ``chain_pem`` (by name)."""
    if not chain_pem or not cert_text or len(cert_text) > MAX_CERT + MAX_CHAIN:
        return False
    try:
        return leaf(cert_text.strip()).issuer == leaf(chain_pem).subject
    except ValueError:
        return False


def _attr(name: x509.Name, oid) -> str | None:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else None


_NAME_FIELDS = (("commonName", NameOID.COMMON_NAME), ("organizationName", NameOID.ORGANIZATION_NAME),
                ("organizationalUnitName", NameOID.ORGANIZATIONAL_UNIT_NAME), ("countryName", NameOID.COUNTRY_NAME),
                ("stateOrProvinceName", NameOID.STATE_OR_PROVINCE_NAME), ("localityName", NameOID.LOCALITY_NAME),
                ("emailAddress", NameOID.EMAIL_ADDRESS))


def _name_dict(name: x509.Name) -> dict:
    return {label: value for label, oid in _NAME_FIELDS if (value := _attr(name, oid)) is not None}


def names_of(cert: x509.Certificate) -> tuple[str, ...]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = san.get_values_for_type(x509.DNSName)
    except x509.ExtensionNotFound:
        cn = _attr(cert.subject, NameOID.COMMON_NAME)
        names = [cn] if cn else []
    return tuple(dict.fromkeys(n.lower().rstrip(".") for n in names))


def describe(cert_pem: str) -> Described:
    cert = leaf(cert_pem)
    public = cert.public_key()
    modulus = curve = ec_public = None
    if isinstance(public, rsa.RSAPublicKey):
        algorithm, bits = "rsaEncryption", public.key_size
        modulus = format(public.public_numbers().n, "x")
    else:
        algorithm, bits = "id-ecPublicKey", public.key_size
        curve = CURVES.get(public.curve.name, public.curve.name)
        ec_public = public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint).hex()
    signature = cert.signature_algorithm_oid._name  # e.g. sha256WithRSAEncryption
    return Described(
        names=names_of(cert), subject_cn=_attr(cert.subject, NameOID.COMMON_NAME) or "",
        subject=_name_dict(cert.subject), issuer_cn=_attr(cert.issuer, NameOID.COMMON_NAME) or "",
        issuer_org=_attr(cert.issuer, NameOID.ORGANIZATION_NAME), issuer=_name_dict(cert.issuer),
        not_before=cert.not_valid_before_utc.replace(tzinfo=None), not_after=cert.not_valid_after_utc.replace(tzinfo=None),
        serial=format(cert.serial_number, "x"), key_algorithm=algorithm, key_bits=bits, modulus=modulus, curve=curve,
        ec_public=ec_public, signature_algorithm=signature, self_signed=cert.issuer == cert.subject,
        sha256=cert.fingerprint(hashes.SHA256()).hex())


def covers(names: tuple[str, ...], host: str) -> bool:
    """Whether a certificate valid for ``names`` is valid for ``host`` (RFC 6125: a wildcard stands for
    exactly one whole left-most label, so ``*.example.com`` covers ``a.example.com`` but neither
    ``example.com`` nor ``a.b.example.com``)."""
    host = host.lower().rstrip(".")
    for name in names:
        if name == host:
            return True
        if name.startswith("*.") and "." in host and host.split(".", 1)[1] == name[2:]:
            return True
    return False


@dataclass(frozen=True)
class KeyInfo:
    algorithm: str  # rsaEncryption | id-ecPublicKey
    bits: int
    modulus: str | None
    curve: str | None
    ec_public: str | None
    spki_sha256: str


def describe_key(key_pem: str) -> KeyInfo:
    public = serialization.load_pem_private_key(key_pem.encode("ascii"), password=None).public_key()
    digest = hashlib.sha256(_spki(public)).hexdigest()
    if isinstance(public, rsa.RSAPublicKey):
        return KeyInfo("rsaEncryption", public.key_size, format(public.public_numbers().n, "x"), None, None, digest)
    point = public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint).hex()
    return KeyInfo("id-ecPublicKey", public.key_size, None, CURVES.get(public.curve.name, public.curve.name), point,
                   digest)


def public_key_sha256(cert_pem: str) -> str:
    """The SHA-256 of a certificate's public key (equals ``describe_key(key).spki_sha256`` for its key)."""
    return hashlib.sha256(_spki(leaf(cert_pem).public_key())).hexdigest()


def key_id(key_pem: str) -> str:
    """A stable short id of a key (its public key's SHA-256), for the APIs that name keys."""
    private = serialization.load_pem_private_key(key_pem.encode("ascii"), password=None)
    return hashlib.sha256(_spki(private.public_key())).hexdigest()


# -- generating ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Subject:
    """A signing request's subject, as Plesk's ``certificate generate`` takes it."""

    common_name: str
    country: str = ""
    state: str = ""
    locality: str = ""
    organization: str = ""
    unit: str = ""
    email: str = ""
    alt_names: tuple[str, ...] = ()


_SUBJECT_LIMITS = (("country", NameOID.COUNTRY_NAME, 2), ("state", NameOID.STATE_OR_PROVINCE_NAME, 128),
                   ("locality", NameOID.LOCALITY_NAME, 128), ("organization", NameOID.ORGANIZATION_NAME, 64),
                   ("unit", NameOID.ORGANIZATIONAL_UNIT_NAME, 64), ("common_name", NameOID.COMMON_NAME, 64),
                   ("email", NameOID.EMAIL_ADDRESS, 128))


def _x509_name(subject: Subject) -> x509.Name:
    attrs = []
    for field_, oid, limit in _SUBJECT_LIMITS:
        value = (getattr(subject, field_) or "").strip()
        if not value:
            continue
        if len(value) > limit or any(ord(c) < 32 for c in value):
            raise Invalid(field_, f"at most {limit} printable characters")
        if field_ == "country" and (len(value) != 2 or not value.isalpha()):
            raise Invalid("country", "a two-letter country code")
        attrs.append(x509.NameAttribute(oid, value.upper() if field_ == "country" else value))
    return x509.Name(attrs)


def host_name(value: str, field_: str) -> str:
    """A certificate's host name in ASCII: a domain name, or ``*.`` and a domain name."""
    value = (value or "").strip()
    wildcard = value.startswith("*.")
    _, ascii_name = validation.domain_name(value[2:] if wildcard else value, field_)
    return f"*.{ascii_name}" if wildcard else ascii_name


def generate(subject: Subject, *, bits: int = 2048, self_signed: bool = False, now: datetime.datetime | None = None,
             days: int = 365) -> Material:
    """A new RSA key with a signing request for ``subject`` (and a self-signed certificate on request)."""
    if bits not in GENERATE_BITS:
        raise Invalid("bits", f"one of {', '.join(map(str, GENERATE_BITS))}")
    common = host_name(subject.common_name, "common_name")
    alt = tuple(dict.fromkeys((common, *(host_name(a, "alt_names") for a in subject.alt_names))))
    name = _x509_name(Subject(**{**subject.__dict__, "common_name": common}))
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    san = x509.SubjectAlternativeName([x509.DNSName(n) for n in alt])
    csr = x509.CertificateSigningRequestBuilder().subject_name(name).add_extension(san, critical=False).sign(
        key, hashes.SHA256())
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode("ascii")
    csr_pem = csr.public_bytes(serialization.Encoding.PEM).decode("ascii")
    cert_pem = ""
    if self_signed:
        start = (now or datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)) - datetime.timedelta(days=1)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(start)
                .not_valid_after(start + datetime.timedelta(days=days + 1)).add_extension(san, critical=False)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .sign(key, hashes.SHA256()))
        cert_pem = _pem(cert)
    return Material(cert_pem=cert_pem, key_pem=key_pem, csr_pem=csr_pem)


# -- keys and signing requests on their own (cPanel's SSL::generate_key, SSL::generate_csr) -------

KEY_TYPES = {"rsa-2048": ("rsa", 2048), "rsa-4096": ("rsa", 4096), "ecdsa-prime256v1": ("ec", "secp256r1"),
             "ecdsa-secp384r1": ("ec", "secp384r1")}


def generate_key(key_type: str) -> str:
    """A new private key in PKCS#8 PEM of one of ``KEY_TYPES``."""
    if key_type not in KEY_TYPES:
        raise Invalid("keytype", f"one of {', '.join(KEY_TYPES)}")
    family, size = KEY_TYPES[key_type]
    if family == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=size)
    else:
        key = ec.generate_private_key(ec.SECP256R1() if size == "secp256r1" else ec.SECP384R1())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode("ascii")


def csr_for(key_pem: str, subject: Subject) -> str:
    """A signing request for ``subject`` (its names in the SAN) signed with the stored key ``key_pem``."""
    private = _key(key_pem)
    common = host_name(subject.common_name, "domains")
    alt = tuple(dict.fromkeys((common, *(host_name(a, "domains") for a in subject.alt_names))))
    if len(alt) > 100:
        raise Invalid("domains", "at most 100 domains")
    name = _x509_name(Subject(**{**subject.__dict__, "common_name": common}))
    san = x509.SubjectAlternativeName([x509.DNSName(n) for n in alt])
    csr = x509.CertificateSigningRequestBuilder().subject_name(name).add_extension(san, critical=False).sign(
        private, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM).decode("ascii")


@dataclass(frozen=True)
class CsrInfo:
    common_name: str
    names: tuple[str, ...]
    subject: dict
    key: KeyInfo
    sha256: str


def describe_csr(csr_pem: str) -> CsrInfo:
    request = x509.load_pem_x509_csr(csr_pem.encode("ascii"))
    try:
        names = request.extensions.get_extension_for_class(x509.SubjectAlternativeName).value.get_values_for_type(
            x509.DNSName)
    except x509.ExtensionNotFound:
        names = []
    cn = _attr(request.subject, NameOID.COMMON_NAME) or ""
    public = request.public_key()
    digest = hashlib.sha256(_spki(public)).hexdigest()
    if isinstance(public, rsa.RSAPublicKey):
        info = KeyInfo("rsaEncryption", public.key_size, format(public.public_numbers().n, "x"), None, None, digest)
    else:
        point = public.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint).hex()
        info = KeyInfo("id-ecPublicKey", public.key_size, None, CURVES.get(public.curve.name, public.curve.name), point,
                       digest)
    der = request.public_bytes(serialization.Encoding.DER)
    return CsrInfo(cn, tuple(dict.fromkeys([n.lower() for n in names] or ([cn] if cn else []))),
                   _name_dict(request.subject), info, hashlib.sha256(der).hexdigest())
