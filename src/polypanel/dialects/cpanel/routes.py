"""cPanel UAPI and API 2 on the shared pipeline.

``[/cpsessNNNNNNNNNN]/execute/<Module>/<function>`` answers the UAPI envelope (``status`` an integer,
``errors`` a list or null); ``[/cpsessNNNNNNNNNN]/json-api/cpanel`` with ``cpanel_jsonapi_module``,
``cpanel_jsonapi_func`` and ``cpanel_jsonapi_apiversion`` (2, or 3 for UAPI; callers that send
``cpanel_jsonapi_version`` or nothing get API 2) answers ``cpanelresult``. Credentials:
``Authorization: cpanel USER:TOKEN`` or Basic; a failed login is cPanel's 403. The call acts on the
caller's own cPanel account (``core.hosting_accounts.own``).
"""
from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from polypanel.auth.credentials import CredentialForms, Credentials
from polypanel.core.errors import AuthFailed

from .. import pipeline
from ..body import BodyIncomplete, BodyTooLarge
from ..whm import login, params
from ..whm import wire as whm_wire
from . import dynamicdns_ops, wire
from .functions import API2, UAPI, Function

EXECUTE = re.compile(r"^(?:/cpsess\d{10})?/execute/([A-Za-z0-9_]{1,64})/([A-Za-z0-9_]{1,64})/?$")
JSON_API = re.compile(r"^(?:/cpsess\d{10})?/json-api/cpanel/?$")


class Unknown(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _uapi_unknown(module: str, func: str) -> str:
    if module not in {m for m, _ in UAPI}:
        return f"Failed to load module “{module}”: The module “{module}” does not exist."
    return f"The system could not find the function “{func}” in the module “{module}”."


class CPanel(pipeline.Dialect):
    api = "cpanel"
    forms = CredentialForms(basic=True, token_schemes=("cpanel",))
    max_body = 1024 * 1024

    def check_principal(self, principal) -> None:
        super().check_principal(principal)
        if principal.is_admin:  # as on cPanel: root has no cPanel account (it uses WHM's cpanel proxy)
            raise AuthFailed("The administrator is not associated with a cPanel account")

    def credentials(self, request: Request, form: dict | None = None):
        c = super().credentials(request, form)
        if c.empty:
            secret = login.session_of(request, self.api)  # a /login session: cookie plus its /cpsess token
            if secret:
                return Credentials(session=secret)
        return c

    def parse(self, request: Request, body: bytes, principal) -> list[pipeline.Call]:
        p = params.parse(request.query_params.multi_items(), body, request.headers.get("content-type", ""))
        request.scope["cpanel.started"] = True
        path = request.url.path
        m = EXECUTE.match(path)
        if m:
            module, func, version = m.group(1), m.group(2), 3
        elif JSON_API.match(path):
            module = p.pop("cpanel_jsonapi_module", "")[:64]
            func = p.pop("cpanel_jsonapi_func", "")[:64]
            raw = p.pop("cpanel_jsonapi_apiversion", None) or p.pop("cpanel_jsonapi_version", None) or "2"
            version = 3 if raw.strip() == "3" else 2
            p.pop("cpanel_jsonapi_user", None)
        else:
            raise Unknown("Not found")
        request.scope["cpanel.call"] = (module, func, version)
        table = UAPI if version == 3 else API2
        fn: Function | None = table.get((module, func))
        if fn is None:
            raise Unknown(_uapi_unknown(module, func) if version == 3 else
                          f"Could not find function '{func}' in module '{module}'")
        return [pipeline.Call(operation=fn.operation, principal=principal, env=self.env,
                              ip=request.client.host if request.client else "", query=p,
                              extra={"module": module, "func": func, "version": version})]

    def serialize(self, request: Request, calls, results) -> Response:
        extra = calls[0].extra
        data = results[0]
        if extra["version"] == 3:
            if isinstance(data, wire.UapiResult):
                doc = wire.uapi(data.data, messages=data.messages, warnings=data.warnings, errors=data.errors,
                                metadata=data.metadata)
            else:
                doc = wire.uapi(data)
            if JSON_API.match(request.url.path):  # UAPI through /json-api/cpanel: wrapped, as cPanel does
                doc = {"apiversion": 3, "module": extra["module"], "func": extra["func"], "result": doc}
            return whm_wire.json_response(doc)
        return whm_wire.json_response(wire.api2(extra["module"], extra["func"], data))

    def error(self, request: Request, exc: Exception) -> Response:
        if isinstance(exc, AuthFailed) or "cpanel.started" not in request.scope:
            return whm_wire.access_denied()
        call = request.scope.get("cpanel.call")
        if call is None:
            return whm_wire.json_response(wire.uapi(errors=["Not found"]), status=404)
        module, func, version = call
        if isinstance(exc, (BodyTooLarge, BodyIncomplete)):
            text = str(exc)
        elif isinstance(exc, Unknown):
            text = exc.message
        else:
            text = wire.message(exc)
        if version == 3:
            return whm_wire.json_response(wire.uapi(errors=[text]))
        if isinstance(exc, Unknown):
            return whm_wire.json_response({"cpanelresult": {"apiversion": 2, "error": text, "func": func,
                                                            "module": module}})
        return whm_wire.json_response(wire.api2(module, func, error=text))


def routes(env, listener) -> list:
    dialect = CPanel(env, listener)

    async def endpoint(request: Request) -> Response:
        return await dialect.handle(request)

    async def whm_only(request: Request) -> Response:
        # WHM's functions are not served on the cPanel ports: refused as a login WHM does not accept.
        return whm_wire.access_denied()

    return [Route("/execute/{module}/{func}", endpoint, methods=["GET", "POST"]),
            Route("/json-api/cpanel", endpoint, methods=["GET", "POST"]),
            Route("/{cpsess}/execute/{module}/{func}", endpoint, methods=["GET", "POST"]),
            Route("/{cpsess}/json-api/cpanel", endpoint, methods=["GET", "POST"]),
            Route("/json-api/{function}", whm_only, methods=["GET", "POST"]),
            Route("/{cpsess}/json-api/{function}", whm_only, methods=["GET", "POST"]),
            Route("/cpanelwebcall/{rest:path}", dynamicdns_ops.webcall_route(env), methods=["GET", "POST"]),
            ] + login.routes(env, listener, "cpanel")
