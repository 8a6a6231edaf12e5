"""Reading a request body with a limit, for every dialect.

``Content-Length`` is checked before a byte is read; a chunked body is cut off as soon as it
passes the limit, so a caller can never make the panel hold more than ``limit`` bytes.
"""
from __future__ import annotations

from starlette.requests import Request


class BodyTooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(f"The request body is too large (at most {limit} bytes)")
        self.limit = limit


async def read_limited(request: Request, limit: int) -> bytes:
    if limit <= 0:
        return b""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise BodyTooLarge(limit)
        except ValueError:
            raise BodyTooLarge(limit) from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)
