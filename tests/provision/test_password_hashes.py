import hashlib
import subprocess

import pytest

from tests.installed import require_binary

from polypanel.core.password_hashes import (
    crypt_sha512,
    mysql_native_hash,
    scram_sha256_verifier,
    verify_crypt_sha512,
    verify_scram_sha256,
)


def test_mysql_native_hash_matches_password_function():
    # SELECT PASSWORD('secret') on MariaDB
    assert mysql_native_hash("secret") == "*14E65567ABDB5135D0CFD9A70B3032C179A49EE7"
    assert mysql_native_hash("") == "*" + hashlib.sha1(hashlib.sha1(b"").digest()).hexdigest().upper()


def test_crypt_sha512_known_vectors():
    # from Ulrich Drepper's SHA-crypt specification
    assert crypt_sha512("Hello world!", salt="saltstring") == (
        "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJu"
        "esI68u4OTLiBFdcbYEdFCoEOfaS35inz1"
    )
    assert crypt_sha512("Hello world!", salt="saltstringsaltstring", rounds=10000) == (
        "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZ"
        "eHBy/YTBmSK6H9qs/y3RnOaw5v."
    )


@pytest.mark.parametrize("password", ["", "secret", "x" * 64, "y" * 65, "p" * 200, "pässwörd ü"])
def test_crypt_sha512_round_trip(password):
    hashed = crypt_sha512(password)
    assert hashed.startswith("$6$")
    assert verify_crypt_sha512(password, hashed)
    assert verify_crypt_sha512(password, "{SHA512-CRYPT}" + hashed)
    assert not verify_crypt_sha512(password + "x", hashed)


def test_crypt_sha512_accepted_by_dovecot():
    require_binary("doveadm")
    hashed = crypt_sha512("s3cret")
    result = subprocess.run(
        ["doveadm", "pw", "-t", "{SHA512-CRYPT}" + hashed, "-p", "s3cret"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "verified" in (result.stdout + result.stderr)


def test_scram_verifier_format_and_verify():
    verifier = scram_sha256_verifier("secret", salt=b"0123456789abcdef")
    method, rest = verifier.split("$", 1)
    assert method == "SCRAM-SHA-256"
    assert rest.startswith("4096:MDEyMzQ1Njc4OWFiY2RlZg==$")
    assert verify_scram_sha256("secret", verifier)
    assert not verify_scram_sha256("Secret", verifier)
    assert scram_sha256_verifier("secret") != scram_sha256_verifier("secret")  # random salt
