"""Every listener: redirects point at a path on this server, never at the host a caller named.

Starlette's trailing-slash redirect (``/api/v2/domains/`` -> ``/api/v2/domains``) builds an
absolute URL from the request's ``Host`` header, so a forged header would send the client (and
its credentials, if it follows) elsewhere. The ``Location`` is cut to its path and query: a
relative reference, which every HTTP client resolves against the panel's own address.
"""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def relative(location: bytes) -> bytes:
    parts = urlsplit(location.decode("latin-1"))
    path = parts.path or "/"
    if path.startswith("//"):
        path = "/" + path.lstrip("/")  # "//evil.example/x" would name another host
    return urlunsplit(("", "", path, parts.query, parts.fragment)).encode("latin-1")


class RelativeRedirects:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_relative(message):
            if message["type"] == "http.response.start" and 300 <= message["status"] < 400:
                headers = [(k, relative(v) if k.lower() == b"location" else v) for k, v in message.get("headers", [])]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_relative)
