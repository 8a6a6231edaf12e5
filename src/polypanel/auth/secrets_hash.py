"""How random secrets (keys, tokens, session ids) are stored: as a SHA-256 digest, compared in constant time."""
from __future__ import annotations

import hashlib
import secrets
import string


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def random_token(length: int = 32, alphabet: str = string.ascii_uppercase + string.digits) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))
