"""One ASGI application per listener: /health plus the routes of the dialects served there."""
from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from polypanel.dialects.environment import DialectEnv, Listener
from polypanel.dialects.registry import routes_for

from .connection import CloseUnreadBodies
from .redirects import RelativeRedirects


async def health(_request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def build_app(env: DialectEnv, listener: Listener) -> CloseUnreadBodies:
    """The listener's app, behind the guards every listener shares."""
    routes = [Route("/health", health, methods=["GET", "HEAD"])] + routes_for(env, listener)
    app = Starlette(routes=routes)
    app.state.env = env
    app.state.listener = listener
    return CloseUnreadBodies(RelativeRedirects(app))
