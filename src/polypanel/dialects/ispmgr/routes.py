"""ISPmanager (COREmanager) API: ``/ispmgr``, ``/manager/ispmgr`` and ``/`` on the ISPmanager listener.

    form (query + body, at most ``anonymous_body`` bytes before authentication)
      -> credentials: ``authinfo=LOGIN:PASSWORD`` (within ``[ispmgr] restrict_authinfo``), ``auth=SESSION``
      -> ``su=USER`` (core/impersonation) -> the function of ``func`` -> ``<doc>`` in ``out``

``func=auth`` takes no credentials: it checks ``username``/``password`` or a one-time ``key``
itself and opens a session. Every reply is HTTP 200, an error included (``<error type object>``).
"""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from polypanel.auth.authenticator import ip_allowed
from polypanel.auth.credentials import CredentialForms
from polypanel.core import impersonation

from .. import pipeline
from ..body import read as read_body
from . import errors, form as request_form, operations, request_log, wire

FORM = "polypanel.ispmgr.form"
SECTION = "ispmgr"


def _split(value: str) -> list[str]:
    return [x for x in value.replace(",", " ").split() if x]


class IspMgr(pipeline.Dialect):
    api = "ispmgr"
    forms = CredentialForms(basic=False, query_pair="authinfo", query_session="auth")
    anonymous_body = 64 * 1024
    max_body = 64 * 1024

    def __init__(self, env, listener):
        super().__init__(env, listener)
        self.restrict_authinfo = env.flag(SECTION, "restrict_authinfo", False)
        self.authinfo_range = _split(env.option(SECTION, "restrict_authinfo_range", ""))
        try:
            self.one_time_expire = max(60, min(int(env.option(SECTION, "one_time_expire", "3600") or 3600), 86400))
        except ValueError:
            self.one_time_expire = 3600
        self.log = request_log.RequestLog.for_env(env)

    # -- the form, read once ----------------------------------------------------------------------

    @staticmethod
    def form(request: Request) -> dict:
        return request.scope.get(FORM) or {}

    def needs_credentials(self, request: Request) -> bool:
        return operations.needs_credentials(self.form(request).get("func", ""))

    def form_credentials(self, request: Request, body: bytes) -> dict | None:
        return self.form(request)

    def wants_body(self, request: Request) -> bool:
        return False  # read before authentication, with the form

    # -- who is calling -----------------------------------------------------------------------------

    def refuse_authinfo(self, ip: str) -> bool:
        return self.restrict_authinfo and not ip_allowed(ip, self.authinfo_range or ["127.0.0.1/32", "::1/128"])

    async def authenticate(self, request: Request, c):
        ip = request.client.host if request.client else ""
        if c.password is not None and c.password_source == "query" and self.refuse_authinfo(ip):
            raise errors.IspError("access", "authinfo", "Authorization with authinfo is not allowed from this address",
                                  f"remote_addr: [{ip}]", code=6)
        principal = await super().authenticate(request, c)
        request.scope["polypanel.ispmgr.user"] = principal.login
        su = self.form(request).get("su", "").strip()
        if su:
            principal = await run_in_threadpool(self._act_as, principal, su)
            request.scope["polypanel.ispmgr.user"] = principal.login
        return principal

    def _act_as(self, principal, login: str):
        with self.env.panel.context(principal, read_only=True) as ctx:
            return impersonation.act_as(ctx, login)

    # -- calls and replies --------------------------------------------------------------------------

    def parse(self, request: Request, body: bytes, principal) -> list[pipeline.Call]:
        form = self.form(request)
        func = form.get("func", "").strip()
        op = operations.get(func)
        if op is None:
            raise errors.unknown_function(func)
        ip = request.client.host if request.client else ""
        return [pipeline.Call(operation=op, principal=principal, env=self.env, ip=ip, query=form,
                              extra={"func": func, "lang": errors.lang_of(form.get("lang")),
                                     "one_time_expire": self.one_time_expire})]

    def serialize(self, request: Request, calls, results) -> Response:
        form = self.form(request)
        result = results[0]
        out = form.get("out", "")
        if isinstance(result, wire.Legacy) and out in ("json", "sjson"):
            body, media = wire.legacy_json(result.value)
            return Response(body, media_type=media)
        if out in ("json", "sjson") and isinstance(result, wire.Rows):
            doc = wire.list_json(calls[0].extra["func"], errors.lang_of(form.get("lang")), out, form, result,
                                 host=self._host(request))
            if doc is not None:
                body, media = wire.render_json(doc)
                return Response(body, media_type=media)
        root = wire.document(calls[0].extra["func"], errors.lang_of(form.get("lang")), out, form, result,
                             host=self._host(request))
        body, media = wire.render(root, out, calls[0].extra["func"])
        if out == "json" and isinstance(result, wire.Node) and result.tag == "auth":
            # ISPmanager 4 clients (certbot-dns-ispmgr) read a top-level "auth"; mgr5 clients read "doc"
            body, media = wire.legacy_json({**wire.to_json(root), "auth": result.text})
        return Response(body, media_type=media)

    def error(self, request: Request, exc: Exception) -> Response:
        form = self.form(request)
        ip = request.client.host if request.client else ""
        lang = errors.lang_of(form.get("lang"))
        e = errors.from_exception(exc, ip).localized(lang)
        request.scope["polypanel.ispmgr.error"] = e
        out = form.get("out", "")
        if operations.is_legacy(form.get("func", "")) and out in ("json", "sjson"):
            body, media = wire.legacy_json({"error": {"code": str(e.code), "obj": e.object, "msg": e.message},
                                            **({"authfail": {}} if e.type == "auth" else {})})
            return Response(body, media_type=media)
        root = wire.error_document(lang, e)
        if e.type == "auth" and form.get("func") == "auth":
            root.append(wire.etree.Element("authfail"))  # ISPmanager 4 clients look for it
        body, media = wire.render(root, out, "Error")
        return Response(body, media_type=media)

    @staticmethod
    def _host(request: Request) -> str:
        host = request.headers.get("host", "")
        return f"https://{host}" if host and all(c.isprintable() and c not in "<>\"' " for c in host) else ""

    async def endpoint(self, request: Request) -> Response:
        """Read the form (query + body, within ``anonymous_body``), then the shared pipeline."""
        try:
            body = await read_body(request, self.anonymous_body) if request.method == "POST" else b""
            request.scope[FORM] = request_form.parse(request.url.query, request.headers.get("content-type", ""), body)
        except Exception as e:  # noqa: BLE001 - a malformed form is an ISPmanager error too
            try:
                request.scope[FORM] = request_form.parse(request.url.query, "", b"")  # for out= and lang=
            except Exception:  # noqa: BLE001
                request.scope[FORM] = {}
            return self.error(request, e)
        response = await self.handle(_Replayed(request.scope))
        self.log.request(request.client.host if request.client else "", request.scope.get("polypanel.ispmgr.user", ""),
                         request.scope[FORM])
        return response


class _Replayed(Request):
    """The request again, its body already read (the pipeline reads nothing more)."""

    def __init__(self, scope):
        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        super().__init__(scope, receive)


def routes(env, listener) -> list:
    dialect = IspMgr(env, listener)
    methods = ["GET", "POST", "HEAD"]
    return [Route(path, dialect.endpoint, methods=methods) for path in ("/ispmgr", "/manager/ispmgr", "/")]


__all__ = ["routes", "IspMgr"]
