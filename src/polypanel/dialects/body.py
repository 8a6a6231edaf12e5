"""Request bodies for every dialect: read only once the caller is known, and never past a limit.

A dialect authenticates from the headers first, then reads the body with ``read``: a declared
``Content-Length`` over the limit is refused before a byte is read, and a chunked body is cut
off as soon as it passes the limit. (The server closes the connection after any response sent
before the body was read whole: ``polypanel.server.connection``.)
"""
from __future__ import annotations

from starlette.requests import ClientDisconnect, Request

DEFAULT_LIMIT = 1024 * 1024


class BodyTooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(f"The request body is too large: at most {limit} bytes are accepted")
        self.limit = limit


class BodyIncomplete(Exception):
    """The client went away, or sent a malformed length, before the body was complete."""


def declared_length(request: Request) -> int | None:
    value = request.headers.get("content-length")
    if value is None:
        return None
    try:
        n = int(value)
    except ValueError:
        raise BodyIncomplete("The Content-Length header is not a number") from None
    if n < 0:
        raise BodyIncomplete("The Content-Length header is negative")
    return n


async def read(request: Request, limit: int = DEFAULT_LIMIT) -> bytes:
    """The whole body, at most ``limit`` bytes; BodyTooLarge past it, BodyIncomplete if the client left."""
    n = declared_length(request)
    if n is not None and n > limit:
        raise BodyTooLarge(limit)
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge(limit)
            chunks.append(chunk)
    except ClientDisconnect:
        raise BodyIncomplete("The client closed the connection before the body was complete") from None
    return b"".join(chunks)
