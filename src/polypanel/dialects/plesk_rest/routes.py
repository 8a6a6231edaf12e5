"""Plesk REST API v2 at ``/api/v2``: the spec, the playground, and the operations, on the shared pipeline.

Transport rules (panel.ini ``[api]``, CORS) wrap the mount; each operation then goes through
``dialects.pipeline``: credentials -> principal (administrator only) -> body -> checked against
the served spec -> handler in one unit of work -> JSON.
"""
from __future__ import annotations

import json
import re

import yaml
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from polypanel.auth.credentials import CredentialForms
from polypanel.core import authorization
from polypanel.core.errors import AuthFailed

from .. import pipeline
from ..access import AccessMiddleware, AccessRules
from ..routing import RoutedApi
from ..body import BodyIncomplete, BodyTooLarge
from . import cli_gateway, errors, playground, session_ops, spec
from .auth import CHALLENGE, require_admin, require_remote_api
from .operations import ALIASES, OPERATIONS

# The CLI gateway runs utilities that open their own units of work.
GATEWAY = {
    ("GET", "/cli/commands"): lambda _ctx, call: cli_gateway.commands(),
    ("GET", "/cli/{id}/ref"): lambda _ctx, call: cli_gateway.reference(call.path["id"]),
    ("POST", "/cli/{id}/call"): lambda _ctx, call: cli_gateway.call(call.env.panel, call.principal, call.path["id"],
                                                                    call.body, call.extra.get("panel_url")),
}


def _table() -> dict[tuple[str, str], pipeline.Operation]:
    table = {}
    for key, handler in OPERATIONS.items():
        table[key] = pipeline.Operation(name=f"{key[0]} {key[1]}", handler=handler, read_only=key[0] == "GET",
                                        action="sessions:create_self" if key == session_ops.OPERATION else None)
    for key, handler in GATEWAY.items():
        table[key] = pipeline.Operation(name=f"{key[0]} {key[1]}", handler=handler, own_units=True)
    return table


def _json_body(raw: bytes, op: spec.Operation):
    if op.body_schema is None:
        return None
    if not raw.strip():
        if op.body_required:
            raise errors.invalid([("", "The request body is required: send a JSON object")])
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise errors.invalid([("", "The request body is not valid JSON")]) from None
    if not isinstance(body, dict):  # every request body of this API is an object; `null` is not one
        raise errors.invalid([("", "The request body must be a JSON object")])
    spec.check_text(body)  # a lone surrogate ("\ud800") decodes but can never be stored or sent back
    return body


def _panel_url(request: Request) -> str:
    """``scheme://host[:port]`` the caller used (for links the CLI gateway prints), without building the whole URL."""
    host = request.headers.get("host", "")
    if not host and request.scope.get("server"):
        host, port = request.scope["server"]
        host = f"{host}:{port}"
    return f"{request.scope.get('scheme', 'https')}://{host}"


class PleskRest(pipeline.Dialect):
    api = "plesk_rest"
    forms = CredentialForms(basic=True, key_headers=("X-API-Key",))
    max_body = 1024 * 1024

    def __init__(self, env, listener):
        super().__init__(env, listener)
        self.table = _table()

    async def authenticate(self, request: Request, c):
        """The principal, and whether it may use the API for this operation: the administrator for
        every operation but ``POST /server/session``, which Plesk opens to resellers and customers
        with the remote API permission (the token is then only for themselves or their customers)."""
        principal = await super().authenticate(request, c)
        op: spec.Operation = request.scope["polypanel.operation"]
        if (op.method, op.path) == session_ops.OPERATION:
            require_remote_api(principal)
        else:
            require_admin(principal)
        return principal

    def check_principal(self, principal) -> None:
        """Done in ``authenticate``, where the operation is known."""

    def wants_body(self, request: Request) -> bool:
        return request.scope["polypanel.operation"].body_schema is not None

    def parse(self, request: Request, body: bytes, principal) -> list[pipeline.Call]:
        op: spec.Operation = request.scope["polypanel.operation"]
        parsed = _json_body(body, op)
        path, query = op.check(dict(request.path_params), dict(request.query_params), parsed)
        return [pipeline.Call(operation=self.table[(op.method, op.path)], principal=principal, env=self.env,
                              ip=request.client.host if request.client else "", path=path, query=query, body=parsed,
                              extra={"success": int(op.success), "panel_url": _panel_url(request)})]

    def serialize(self, request: Request, calls, results) -> Response:
        return JSONResponse(results[0], status_code=calls[0].extra["success"])

    def error(self, request: Request, exc: Exception) -> Response:
        if isinstance(exc, spec.RequestInvalid):
            return errors.invalid(exc.errors).response()
        if isinstance(exc, BodyTooLarge):
            return errors.PleskError(413, str(exc)).response()
        if isinstance(exc, BodyIncomplete):
            return errors.PleskError(400, str(exc)).response()
        if isinstance(exc, AuthFailed):
            message = exc.message
            if message == "Authentication required":
                message = "Authentication required: use basic authentication or the X-API-Key header"
            return errors.PleskError(401, message, headers=CHALLENGE).response()
        return errors.from_core(exc).response()


def _operation_routes(dialect: PleskRest) -> list[Route]:
    by_path: dict[str, list[str]] = {}
    for method, path in spec.operations():
        by_path.setdefault(path, []).append(method)
    missing = set(spec.operations()) - set(dialect.table)
    assert not missing, f"operations without a handler: {sorted(missing)}"

    def endpoint_for(path: str):
        async def endpoint(request: Request) -> Response:
            method = "GET" if request.method == "HEAD" else request.method
            request.scope["polypanel.operation"] = spec.operations()[(ALIASES.get((method, path), method), path)]
            return await dialect.handle(request)

        return endpoint

    documented = [Route(path, endpoint_for(path), methods=methods) for path, methods in by_path.items()]
    # Aliases come after: they are accepted, but not advertised in the Allow header of a 405.
    aliases = [Route(path, endpoint_for(path), methods=[method]) for method, path in ALIASES]
    return documented + aliases


def _spec_routes(listener) -> list[Route]:
    schemes = ("https",) if listener.tls else ("http",)
    v2 = spec.swagger2(schemes)
    as_yaml = yaml.safe_dump(v2, sort_keys=False, allow_unicode=True)
    v2_json = json.dumps(v2, ensure_ascii=False)
    v3_json = json.dumps(spec.openapi3(), ensure_ascii=False)

    def serve(text: str, media_type: str):
        async def endpoint(_request: Request) -> Response:
            return Response(text, media_type=media_type)

        return endpoint

    return [
        Route("/swagger.yml", serve(as_yaml, "application/yaml"), methods=["GET"]),
        Route("/swagger.yaml", serve(as_yaml, "application/yaml"), methods=["GET"]),
        Route("/swagger.json", serve(v2_json, "application/json"), methods=["GET"]),
        Route("/openapi.json", serve(v3_json, "application/json"), methods=["GET"]),
    ]


async def _http_error(_request: Request, exc: HTTPException) -> Response:
    message = {404: "The requested resource is not found", 405: "Method not allowed"}.get(exc.status_code, exc.detail)
    return errors.PleskError(exc.status_code, message, headers=dict(exc.headers or {})).response()


def build_app(env, listener):
    dialect = PleskRest(env, listener)
    app = RoutedApi(_spec_routes(listener) + playground.routes() + _operation_routes(dialect), _http_error)
    return AccessMiddleware(app, AccessRules.from_env(env, listener),
                            lambda status, message: errors.PleskError(status, message).response())


def routes(env, listener) -> list:
    mount = Mount("/api/v2", app=build_app(env, listener))
    # Every path below /api/v2 is this API's, even one with a (percent-encoded) line break in it.
    mount.path_regex = re.compile(mount.path_regex.pattern, re.DOTALL)
    return [mount]


__all__ = ["routes", "build_app", "PleskRest", "authorization"]
