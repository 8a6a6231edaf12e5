"""Password hashes in the formats the provisioned daemons read.

The core calls these once, when a password is set, and stores only the
result: MariaDB/MySQL ``mysql_native_password`` hashes, PostgreSQL
SCRAM-SHA-256 verifiers and crypt(3) SHA-512 hashes (Dovecot, Pure-FTPd,
vsftpd via pam_pwdfile).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import stringprep
import unicodedata

_CRYPT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SHA512_CRYPT_ORDER = (
    (0, 21, 42), (22, 43, 1), (44, 2, 23), (3, 24, 45), (25, 46, 4), (47, 5, 26),
    (6, 27, 48), (28, 49, 7), (50, 8, 29), (9, 30, 51), (31, 52, 10), (53, 11, 32),
    (12, 33, 54), (34, 55, 13), (56, 14, 35), (15, 36, 57), (37, 58, 16),
    (59, 17, 38), (18, 39, 60), (40, 61, 19), (62, 20, 41),
)  # fmt: skip
SCRAM_ITERATIONS = 4096
SHA512_CRYPT_ROUNDS = 5000


def mysql_native_hash(password: str) -> str:
    """``*`` + upper hex SHA1(SHA1(password)), as ``PASSWORD()`` returns."""
    inner = hashlib.sha1(password.encode("utf-8")).digest()
    return "*" + hashlib.sha1(inner).hexdigest().upper()


def scram_sha256_verifier(
    password: str, *, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS
) -> str:
    """A PostgreSQL ``SCRAM-SHA-256$iter:salt$StoredKey:ServerKey`` verifier,
    which ``CREATE ROLE ... PASSWORD '<verifier>'`` stores as is."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", _saslprep(password), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def verify_scram_sha256(password: str, verifier: str) -> bool:
    """True when ``verifier`` was made from ``password``."""
    try:
        method, rest = verifier.split("$", 1)
        params, keys = rest.split("$", 1)
        iterations, salt = params.split(":", 1)
        if method != "SCRAM-SHA-256":
            return False
        expected = scram_sha256_verifier(
            password, salt=base64.b64decode(salt), iterations=int(iterations)
        )
    except ValueError:
        return False
    return hmac.compare_digest(expected.split("$", 2)[2], keys)


def crypt_sha512(password: str, *, salt: str | None = None, rounds: int = SHA512_CRYPT_ROUNDS) -> str:
    """A crypt(3) SHA-512 hash (``$6$salt$...``), the glibc algorithm."""
    if salt is None:
        salt = "".join(secrets.choice(_CRYPT_ALPHABET) for _ in range(16))
    salt = salt[:16]
    rounds = min(max(rounds, 1000), 999_999_999)
    digest = _sha512_crypt_digest(password.encode("utf-8"), salt.encode("ascii"), rounds)
    prefix = "$6$" if rounds == SHA512_CRYPT_ROUNDS else f"$6$rounds={rounds}$"
    return f"{prefix}{salt}${_crypt_b64(digest)}"


def verify_crypt_sha512(password: str, hashed: str) -> bool:
    """True when ``hashed`` (``$6$...``, a ``{SHA512-CRYPT}`` prefix allowed)
    was made from ``password``."""
    if hashed.startswith("{"):
        hashed = hashed.split("}", 1)[-1]
    parts = hashed.split("$")
    if len(parts) not in (4, 5) or parts[1] != "6":
        return False
    rounds = SHA512_CRYPT_ROUNDS
    if len(parts) == 5:
        if not parts[2].startswith("rounds="):
            return False
        rounds = int(parts[2][len("rounds="):])
    salt = parts[-2]
    return hmac.compare_digest(crypt_sha512(password, salt=salt, rounds=rounds), hashed)


def _sha512_crypt_digest(password: bytes, salt: bytes, rounds: int) -> bytes:
    sha512 = hashlib.sha512
    alternate = sha512(password + salt + password).digest()
    first = sha512(password + salt)
    length = len(password)
    remaining = length
    while remaining > 64:
        first.update(alternate)
        remaining -= 64
    first.update(alternate[:remaining])
    bit = length
    while bit:
        first.update(alternate if bit & 1 else password)
        bit >>= 1
    current = first.digest()
    p_digest = sha512(password * length).digest()
    p_bytes = (p_digest * (length // 64 + 1))[:length]
    s_digest = sha512(salt * (16 + current[0])).digest()
    s_bytes = (s_digest * (len(salt) // 64 + 1))[: len(salt)]
    for round_ in range(rounds):
        step = sha512(p_bytes if round_ & 1 else current)
        if round_ % 3:
            step.update(s_bytes)
        if round_ % 7:
            step.update(p_bytes)
        step.update(current if round_ & 1 else p_bytes)
        current = step.digest()
    return current


def _crypt_b64(digest: bytes) -> str:
    out = []

    def emit(b2: int, b1: int, b0: int, count: int) -> None:
        word = (b2 << 16) | (b1 << 8) | b0
        for _ in range(count):
            out.append(_CRYPT_ALPHABET[word & 0x3F])
            word >>= 6

    for a, b, c in _SHA512_CRYPT_ORDER:
        emit(digest[a], digest[b], digest[c], 4)
    emit(0, 0, digest[63], 2)
    return "".join(out)


def _saslprep(password: str) -> bytes:
    """RFC 4013 SASLprep as PostgreSQL applies it: on any failure the raw
    UTF-8 bytes are used."""
    raw = password.encode("utf-8")
    if password.isascii():
        return raw
    mapped = "".join(
        " " if stringprep.in_table_c12(ch) else ch
        for ch in password
        if not stringprep.in_table_b1(ch)
    )
    normalized = unicodedata.normalize("NFKC", mapped)
    prohibited = (
        stringprep.in_table_c12, stringprep.in_table_c21_c22, stringprep.in_table_c3,
        stringprep.in_table_c4, stringprep.in_table_c5, stringprep.in_table_c6,
        stringprep.in_table_c7, stringprep.in_table_c8, stringprep.in_table_c9,
        stringprep.in_table_a1,
    )  # fmt: skip
    if not normalized or any(check(ch) for ch in normalized for check in prohibited):
        return raw
    if any(stringprep.in_table_d1(ch) for ch in normalized):
        if not (stringprep.in_table_d1(normalized[0]) and stringprep.in_table_d1(normalized[-1])):
            return raw
        if any(stringprep.in_table_d2(ch) for ch in normalized):
            return raw
    return normalized.encode("utf-8")


def database_user_hashes(password: str) -> dict[str, str]:
    return {"mysql": mysql_native_hash(password), "scram": scram_sha256_verifier(password)}


# --- panel login passwords (argon2id) ------------------------------------------

import os  # noqa: E402

from argon2 import PasswordHasher, profiles  # noqa: E402
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError  # noqa: E402

# POLYPANEL_ARGON2_PROFILE=cheapest trades strength for speed; only the test suite sets it.
_argon2 = PasswordHasher.from_parameters(
    profiles.CHEAPEST if os.environ.get("POLYPANEL_ARGON2_PROFILE") == "cheapest" else profiles.RFC_9106_LOW_MEMORY
)


def hash_login_password(password: str) -> str:
    return _argon2.hash(password)


def verify_login_password(hashed: str, password: str) -> bool:
    if not hashed:
        return False
    try:
        return _argon2.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
