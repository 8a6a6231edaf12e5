"""One ASGI application per listener: /health plus the routes of the dialects served there."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, Router

from polypanel.dialects.environment import DialectEnv, Listener
from polypanel.dialects.registry import routes_for

from .connection import CloseUnreadBodies
from .redirects import RelativeRedirects


async def health(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def build_app(env: DialectEnv, listener: Listener) -> CloseUnreadBodies:
    """The listener's app, behind the guards every listener shares."""
    routes = [Route("/health", health, methods=["GET", "HEAD"])] + routes_for(env, listener)
    # A bare router, not a Starlette application: every dialect answers its own errors, and the
    # application's two exception middlewares cost every request a layer for nothing.
    return CloseUnreadBodies(RelativeRedirects(Router(routes=routes)))
