"""WHM API 1 / API 0 on the shared pipeline.

``[/cpsessNNNNNNNNNN]/json-api/<function>``, GET or form POST (query and body merged);
``api.version=1`` selects API 1 (the ``metadata``/``data`` envelope), none selects API 0.
Credentials: ``Authorization: whm USER:TOKEN`` (any case), Basic; failed logins are cPanel's 403.
Each function needs its WHM ACL (core/whm_acls) besides the core action its services check.
"""
from __future__ import annotations

import re
from dataclasses import replace

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from polypanel.auth.credentials import CredentialForms, Credentials
from polypanel.core import whm_acls
from polypanel.core.errors import AuthFailed, Forbidden

from .. import pipeline
from ..body import BodyIncomplete, BodyTooLarge
from . import errors, login, params, postprocess, proxy, wire
from .functions import FUNCTIONS, Function

PATH = re.compile(r"^(?:/cpsess\d{10})?/json-api/([A-Za-z0-9_]{1,64})/?$")


class UnknownFunction(Exception):
    pass


class Whm(pipeline.Dialect):
    api = "whm"
    forms = CredentialForms(basic=True, token_schemes=("whm",))
    max_body = 1024 * 1024

    def refuse(self, request: Request):
        m = PATH.match(request.url.path)
        version = 1 if request.query_params.get("api.version", "").strip() == "1" else 0
        request.scope["whm.version"] = version
        request.scope["whm.command"] = m.group(1) if m else request.url.path.rsplit("/", 1)[-1][:64]
        return None

    def credentials(self, request: Request, form: dict | None = None):
        c = super().credentials(request, form)
        if c.empty:
            secret = login.session_of(request, self.api)  # a /login session: cookie plus its /cpsess token
            if secret:
                return Credentials(session=secret)
        return c

    async def authenticate(self, request: Request, c) -> object:
        principal = await super().authenticate(request, c)
        if principal.method == "api_token":
            principal = replace(principal, scopes=whm_acls.token_scopes(principal.scopes))
        return principal

    def parse(self, request: Request, body: bytes, principal) -> list[pipeline.Call]:
        p = params.parse(request.query_params.multi_items(), body, request.headers.get("content-type", ""))
        if p.meta.get("api.version", "").strip() == "1":
            request.scope["whm.version"] = 1
        request.scope["whm.principal"] = principal  # from here on, failures are the function's (HTTP 200)
        version = request.scope["whm.version"]
        command = request.scope["whm.command"]
        if command == "cpanel" and PATH.match(request.url.path):
            if not whm_acls.allows(principal, proxy.ACL):
                raise Forbidden("Permission denied")
            call = proxy.parse(p, principal, self.env, request.client.host if request.client else "")
            request.scope["whm.proxy"] = call.extra
            return [call]
        fn: Function | None = FUNCTIONS.get(command)
        if fn is None or not PATH.match(request.url.path) or (version == 0 and fn.v0 is None):
            raise UnknownFunction(command)
        if not whm_acls.allows(principal, fn.acl):
            raise Forbidden("Permission denied")
        return [pipeline.Call(operation=fn.operation, principal=principal, env=self.env,
                              ip=request.client.host if request.client else "", query=p,
                              extra={"version": version, "function": fn})]

    def serialize(self, request: Request, calls, results) -> Response:
        if calls[0].extra.get("proxy"):
            return proxy.serialize(calls[0].extra, results[0])
        fn: Function = calls[0].extra["function"]
        out: wire.Outcome = results[0]
        if calls[0].extra["version"] == 1:
            doc = wire.v1(fn.name, out)
            meta = calls[0].query.meta
            if meta and "data" in doc:
                doc["data"] = postprocess.apply(doc["data"], meta, doc["metadata"])
            return wire.json_response(doc)
        return wire.json_response(fn.v0(out))

    def error(self, request: Request, exc: Exception) -> Response:
        if isinstance(exc, AuthFailed) or (isinstance(exc, Forbidden) and "whm.principal" not in request.scope):
            return wire.access_denied()
        if isinstance(exc, proxy.ProxyError):
            return proxy.error(exc.extra, exc)
        if "whm.proxy" in request.scope and not isinstance(exc, Forbidden):
            return proxy.error(request.scope["whm.proxy"], exc)
        command = request.scope.get("whm.command", "")
        version = request.scope.get("whm.version", 0)
        if isinstance(exc, UnknownFunction):
            return wire.json_response(wire.unknown_v1(command) if version == 1 else wire.unknown_v0(command))
        if isinstance(exc, (BodyTooLarge, BodyIncomplete)):
            reason = str(exc)
        else:
            reason = errors.reason(exc, request.scope.get("whm.principal"))
        data = exc.data if isinstance(exc, wire.Failure) else None
        raw = exc.raw if isinstance(exc, wire.Failure) else None
        if version == 1:
            return wire.json_response(wire.v1_failure(command, reason, data, raw))
        fn = FUNCTIONS.get(command)
        return wire.json_response(wire.v0_failure(fn.v0 if fn and fn.v0 else wire.v0_result(), reason))


def routes(env, listener) -> list:
    dialect = Whm(env, listener)

    async def endpoint(request: Request) -> Response:
        return await dialect.handle(request)

    return [Route("/json-api/{function}", endpoint, methods=["GET", "POST"]),
            Route("/{cpsess}/json-api/{function}", endpoint, methods=["GET", "POST"])] + login.routes(env, listener, "whm")
