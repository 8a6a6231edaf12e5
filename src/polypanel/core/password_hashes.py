"""One-way forms of service passwords, in the formats the real daemons read.

The store never holds a clear password: a database user's password is kept as the
MySQL ``mysql_native_password`` hash and as a PostgreSQL SCRAM-SHA-256 verifier, and a
mailbox's or FTP user's as a SHA-512 crypt string, which Dovecot, Pure-FTPd and vsftpd
(through PAM) accept.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt as _crypt


def mysql_native_hash(password: str) -> str:
    return "*" + hashlib.sha1(hashlib.sha1(password.encode()).digest()).hexdigest().upper()


def scram_sha256_verifier(password: str, iterations: int = 4096, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def crypt_sha512(password: str) -> str:
    return _crypt.crypt(password, _crypt.mksalt(_crypt.METHOD_SHA512))


def crypt_verify(password: str, hashed: str) -> bool:
    return bool(hashed) and hmac.compare_digest(_crypt.crypt(password, hashed), hashed)


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
