"""Plesk XML API at ``POST /enterprise/control/agent.php``, on the shared pipeline.

A packet holds operators, each with operations; an operation with a filter of several values
becomes one call per value (each in its own unit of work, so one failing value does not undo or
stop the others). Each request operator gets its own reply operator, in order. Errors that stop
the whole packet (authentication, parsing, unknown operator, version) are ``<system>`` errors.
Replies are always HTTP 200 ``text/xml;charset=UTF-8``.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from polypanel.auth.credentials import CredentialForms

from .. import pipeline
from ..access import AccessMiddleware, AccessRules
from . import errors, wire
from .operators import ECHO_FILTER_TAG, OPERATORS, Failed, Spec

PATH = "/enterprise/control/agent.php"
MEDIA = "text/xml;charset=UTF-8"
MAX_CALLS = 1000  # operations x filter values in one packet: each runs in its own unit of work


def _pretty(request: Request) -> bool:
    return (request.headers.get("http_pretty_print") or request.headers.get("http-pretty-print") or "").strip().upper() \
        == "TRUE"


def _reply(body: bytes) -> Response:
    return Response(body, status_code=200, headers={"Content-Type": MEDIA})


class PleskXml(pipeline.Dialect):
    api = "plesk_xml"
    forms = CredentialForms(basic=True, header_pair=("HTTP_AUTH_LOGIN", "HTTP_AUTH_PASSWD"), key_headers=("KEY",))
    batch = True
    max_body = 2 * 1024 * 1024

    def credentials(self, request: Request, form=None):
        c = super().credentials(request, form)
        request.state.credential = "none" if c.empty else ("key" if c.key is not None and c.password is None
                                                           else "password")
        return c

    def parse(self, request: Request, body: bytes, principal) -> list[pipeline.Call]:
        version, root = wire.parse_packet(body)
        request.state.version = version
        ip = request.client.host if request.client else ""
        calls = []
        operators = wire.children(root)
        if not operators:
            raise wire.PacketError(errors.PARSER, "Parser error: the packet holds no operator")
        for i, operator in enumerate(operators):
            table = OPERATORS.get(operator.tag)
            if table is None:
                raise wire.PacketError(errors.PARSER, f"Parser error: unknown operator <{str(operator.tag)[:64]}>")
            operations = wire.children(operator)
            if not operations:
                raise wire.PacketError(errors.PARSER, f"Parser error: <{operator.tag}> holds no operation")
            for j, operation in enumerate(operations):
                spec: Spec = table.get(operation.tag)
                if spec is None:
                    raise wire.PacketError(errors.PARSER, f"Parser error: unknown operation <{str(operation.tag)[:64]}> "
                                                          f"of <{operator.tag}>")
                if spec.filtered and not spec.operation.read_only and operation.find("filter") is None \
                        and operation.find("template") is None:
                    raise wire.PacketError(errors.PARSER, f"Parser error: <{operator.tag}><{operation.tag}> needs "
                                                          "a <filter>")
                for flt in _filters(operation) if spec.filtered else [None]:
                    if len(calls) >= MAX_CALLS:
                        raise wire.PacketError(errors.PARSER, f"Parser error: a packet may hold at most {MAX_CALLS} "
                                                              "operations and filter values")
                    calls.append(pipeline.Call(operation=spec.operation, principal=principal, env=self.env, ip=ip,
                                               body=operation, extra={"slot": (i, j), "filter": flt, "spec": spec,
                                                                      "version": version or wire.NEWEST}))
        return calls

    def serialize(self, request: Request, calls, results) -> Response:
        by_slot: dict[tuple[int, int], list] = {}
        for call, result in zip(calls, results):
            by_slot.setdefault(call.extra["slot"], []).extend(_results(call, result))
        out: list = []
        for call in calls:
            i, j = call.extra["slot"]
            operator, operation = call.body.getparent().tag, call.body.tag
            if len(out) <= i:
                out.append((operator, []))
            ops = out[i][1]
            if len(ops) <= j:
                ops.append((operation, by_slot[(i, j)]))
        return _reply(wire.packet(request.state.version or wire.NEWEST, out, _pretty(request)))

    def error(self, request: Request, exc: Exception) -> Response:
        code, text = errors.system(exc, getattr(request.state, "credential", ""))
        version = getattr(request.state, "version", None) or wire.NEWEST
        return _reply(wire.system_error(version, code, text, _pretty(request)))


def _filters(operation) -> list:
    """[(tag, value)] for each value of the operation's ``<filter>``; [None] for an empty or no filter."""
    flt = operation.find("filter")
    if flt is None:
        return [None]
    values = [(c.tag, (c.text or "").strip()) for c in wire.children(flt) if not wire.children(c)]
    return values or [None]


def _results(call: pipeline.Call, result) -> list:
    spec: Spec = call.extra["spec"]
    flt = call.extra["filter"]
    if isinstance(result, Exception):
        result = [Failed(result)]
    out = []
    for item in result:
        if isinstance(item, Failed):
            code, text = errors.code_and_text(item.error)
            tag = flt[0] if flt is not None and spec.echo == ECHO_FILTER_TAG else spec.echo
            echo = item.echo if item.echo is not None else (
                [wire.n(tag, flt[1])] if flt is not None and tag else [])
            out.append(wire.n("result", [wire.n("status", "error"), wire.n("errcode", code), wire.n("errtext", text),
                                         *echo]))
        else:
            out.append(wire.n("result", [wire.n("status", "ok"), *item]))
    return out


def _refused(status: int, message: str) -> Response:
    return _reply(wire.system_error(wire.NEWEST, 1006, message, False))


def routes(env, listener) -> list:
    dialect = PleskXml(env, listener)

    async def endpoint(scope, receive, send):
        response = await dialect.handle(Request(scope, receive))
        await response(scope, receive, send)

    app = AccessMiddleware(endpoint, AccessRules.from_env(env, listener), _refused)
    return [Route(PATH, app, methods=["POST"])]


__all__ = ["routes", "PleskXml", "PATH"]
