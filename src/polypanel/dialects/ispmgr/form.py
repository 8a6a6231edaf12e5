"""The request form: query string and body (url-encoded or multipart) merged into one dict.

ISPmanager clients send the same parameters in the query, in an url-encoded body or in a
multipart body (PHP's CURLOPT_POSTFIELDS with an array); a value in the query wins. Unknown
parameters are kept (and ignored by the functions); ``+`` is a space and nothing is decoded twice.
"""
from __future__ import annotations

from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qsl

from polypanel.core.errors import Invalid

MAX_FIELDS = 1000
MAX_VALUE = 64 * 1024


def _urlencoded(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="replace")
    except ValueError:
        raise Invalid("form", f"at most {MAX_FIELDS} parameters are accepted") from None


def _multipart(content_type: str, body: bytes) -> list[tuple[str, str]]:
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode("latin-1", "replace")
                                                  + b"\r\n\r\n" + body)
    if not message.is_multipart():
        raise Invalid("form", "the multipart body cannot be read")
    out = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        out.append((str(name), payload.decode("utf-8", "replace")))
        if len(out) > MAX_FIELDS:
            raise Invalid("form", f"at most {MAX_FIELDS} parameters are accepted")
    return out


def parse(query_string: str, content_type: str, body: bytes) -> dict[str, str]:
    pairs: list[tuple[str, str]] = []
    content_type = (content_type or "").strip()
    if body.strip():
        if content_type.lower().startswith("multipart/form-data"):
            pairs += _multipart(content_type, body)
        else:  # url-encoded, or a raw body without a content type (shell clients)
            pairs += _urlencoded(body.decode("utf-8", "replace"))
    pairs += _urlencoded(query_string)
    form: dict[str, str] = {}
    for key, value in pairs:
        if len(value) > MAX_VALUE:
            raise Invalid(key, f"is too long (at most {MAX_VALUE} characters)")
        form[key.strip()] = value
    return form


def elids(value: str | None) -> list[str]:
    """A group action's ids: one, or several joined with ", "."""
    return [v.strip() for v in (value or "").split(", ") if v.strip()]


def is_on(value: str | None) -> bool:
    return (value or "").strip().lower() in ("on", "yes", "true", "1")
