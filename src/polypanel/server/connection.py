"""Every listener: a response sent before the request's body was read whole closes the connection;
a HEAD request's answer carries no body.

Dialects read a body only once the caller is known (``polypanel.dialects.body``). When they
answer without it (a refused caller, a body over the limit, an unknown path), the rest of the
body is not drained: the answer goes out with ``Connection: close`` and the server stops
reading.
"""
from __future__ import annotations

CLOSE = (b"connection", b"close")


def _has_body(headers) -> bool:
    for name, value in headers:
        if name == b"transfer-encoding" and b"chunked" in value.lower():
            return True
        if name == b"content-length":
            return value.strip() not in (b"0", b"")
    return False


class CloseUnreadBodies:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "HEAD":
            # Starlette's responses send their body for HEAD too and leave dropping it to the server;
            # over HTTP/2 the server sends it, which the client takes as a protocol error.
            async def send_headers_only(message):
                if message["type"] == "http.response.body" and message.get("body"):
                    message = {**message, "body": b""}
                await send(message)

            await self.app(scope, receive, send_headers_only)
            return
        if scope["type"] != "http" or not _has_body(scope.get("headers", [])):
            await self.app(scope, receive, send)
            return
        complete = False

        async def receive_tracked():
            nonlocal complete
            message = await receive()
            if message["type"] == "http.disconnect" or not message.get("more_body", False):
                complete = True
            return message

        async def send_closing(message):
            if message["type"] == "http.response.start" and not complete:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
                message = {**message, "headers": headers + [CLOSE]}
            await send(message)

        await self.app(scope, receive_tracked, send_closing)
