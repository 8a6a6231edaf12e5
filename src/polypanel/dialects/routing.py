"""A Starlette router that looks at the routes of the request's first path segment only.

Starlette's router tries every route in order; an API with fifty routes pays for fifty regular
expressions on its last one. Routes are bucketed by their first literal segment (``/clients/{id}``
-> ``clients``); a request is matched against its bucket first, in the original order, and anything
else (a 405, a redirect, a 404, a route that starts with a parameter) goes the usual way.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Match, Router
from starlette.types import Receive, Scope, Send


def _first_segment(path: str) -> str | None:
    head = path.lstrip("/").split("/", 1)[0]
    return None if "{" in head else head


class BucketRouter(Router):
    def __init__(self, routes, **kwargs):
        super().__init__(routes=routes, **kwargs)
        self.buckets: dict[str, list] = {}
        self.anywhere = [r for r in self.routes if _first_segment(getattr(r, "path", "{")) is None]
        for route in self.routes:
            key = _first_segment(getattr(route, "path", "{"))
            if key is not None:
                self.buckets.setdefault(key, []).append(route)

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.anywhere:
            path = scope.get("path", "")
            root = scope.get("root_path", "")
            if root and path.startswith(root):
                path = path[len(root):]
            for route in self.buckets.get(path.lstrip("/").split("/", 1)[0], ()):
                match, child_scope = route.matches(scope)
                if match is Match.FULL:
                    scope.setdefault("router", self)
                    scope["route"] = route
                    scope.update(child_scope)
                    await route.handle(scope, receive, send)
                    return
                if match is Match.PARTIAL:
                    break  # the usual way: the first partial match (405) over every route
        await super().app(scope, receive, send)


class RoutedApi:
    """A dialect's routes as an ASGI app whose 404 and 405 answers are the dialect's own errors
    (``http_error(request, HTTPException) -> Response``), without a Starlette application's two
    exception middlewares around every request: the routes raise, this catches."""

    def __init__(self, routes, http_error):
        self.router = BucketRouter(routes=routes)
        self.http_error = http_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["app"] = self  # with an "app" in scope, Starlette's routing raises HTTPException for 404/405
        try:
            await self.router(scope, receive, send)
        except HTTPException as exc:
            response = await self.http_error(Request(scope, receive), exc)
            await response(scope, receive, send)
