"""Plesk REST API v2 at ``/api/v2``: the spec, the playground, and the 49 operations.

Every operation goes the same way: transport rules (panel.ini) -> credentials (headers only)
-> the body, read with a limit -> the request checked against the served spec -> the handler
over the core, in one unit of work -> JSON.
"""
from __future__ import annotations

import json
import re

import yaml
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from polypanel.dialects import body as bodies

from . import auth, cli_gateway, errors, playground, spec
from .operations import ALIASES, OPERATIONS, Call
from .transport import TransportMiddleware, TransportRules

MAX_BODY = bodies.DEFAULT_LIMIT

# The CLI gateway runs utilities that open their own units of work.
GATEWAY = {
    ("GET", "/cli/commands"): lambda call: cli_gateway.commands(),
    ("GET", "/cli/{id}/ref"): lambda call: cli_gateway.reference(call.path["id"]),
    ("POST", "/cli/{id}/call"): lambda call: cli_gateway.call(call.env.panel, call.principal, call.path["id"], call.body),
}


def _body(raw: bytes, op: spec.Operation):
    if op.body_schema is None:
        return None
    if len(raw) > MAX_BODY:
        raise errors.PleskError(400, "The request body is too large")
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


def _serve(env, op: spec.Operation, principal, ip: str, path_params: dict, query: dict, raw: bytes) -> Response:
    """One operation of an authenticated caller, to the end (blocking: run in a worker thread)."""
    try:
        body = _body(raw, op)
        path, typed_query = op.check(path_params, query, body)
        call = Call(env=env, principal=principal, path=path, query=typed_query, body=body, ip=ip)
        key = (op.method, op.path)
        if key in GATEWAY:
            payload = GATEWAY[key](call)
        else:
            with env.panel.context(principal, read_only=op.method == "GET") as ctx:
                payload = OPERATIONS[key](ctx, call)
        return JSONResponse(payload, status_code=int(op.success))
    except spec.RequestInvalid as e:
        return errors.invalid(e.errors).response()
    except Exception as e:  # every error becomes a Plesk error body, never a traceback
        return errors.from_core(e).response()


def _operation_routes(env) -> list[Route]:
    by_path: dict[str, list[str]] = {}
    for method, path in spec.operations():
        by_path.setdefault(path, []).append(method)
    missing = set(spec.operations()) - set(OPERATIONS) - set(GATEWAY)
    assert not missing, f"operations without a handler: {sorted(missing)}"

    def endpoint_for(path: str):
        async def endpoint(request: Request) -> Response:
            method = "GET" if request.method == "HEAD" else request.method
            op = spec.operations()[(ALIASES.get((method, path), method), path)]
            ip = request.client.host if request.client else ""
            # Who is calling comes from the headers alone: nothing of the body is read before.
            try:
                principal = await run_in_threadpool(auth.authenticate, env, request.headers, ip)
            except Exception as e:  # noqa: BLE001 - every error becomes a Plesk error body
                return errors.from_core(e).response()
            raw = b""
            if op.body_schema is not None:
                try:
                    raw = await bodies.read(request, MAX_BODY)
                except bodies.BodyTooLarge as e:
                    return errors.PleskError(413, str(e)).response()
                except bodies.BodyIncomplete as e:
                    return errors.PleskError(400, str(e)).response()
            return await run_in_threadpool(_serve, env, op, principal, ip, dict(request.path_params),
                                           dict(request.query_params), raw)

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


def build_app(env, listener) -> TransportMiddleware:
    app = Starlette(routes=_spec_routes(listener) + playground.routes() + _operation_routes(env),
                    exception_handlers={HTTPException: _http_error})
    return TransportMiddleware(app, TransportRules.from_env(env, listener))


def routes(env, listener) -> list:
    mount = Mount("/api/v2", app=build_app(env, listener))
    # Every path below /api/v2 is this API's, even one with a (percent-encoded) line break in it.
    mount.path_regex = re.compile(mount.path_regex.pattern, re.DOTALL)
    return [mount]
