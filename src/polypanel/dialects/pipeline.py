"""The door frame every remote API goes through.

    request -> access rules of the listener -> credentials (auth/credentials) -> Principal
            -> body (read only now, with a limit) -> the dialect parses it into calls
            -> per call: authorization (core) -> handler in one unit of work -> result
            -> the dialect serializes the results;  any error -> the dialect's wire error

A dialect is a ``Dialect`` subclass that supplies only what is its own: which credential forms
its protocol uses, how it finds the operation(s) in a request, the operation table, how it
writes results and errors. Everything else (the order of the steps, body limits, the unit of
work, read-only lookups, the thread pool for blocking work) is here, once.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from polypanel.auth import credentials as creds
from polypanel.core import authorization
from polypanel.core.errors import AuthFailed, Forbidden
from polypanel.core.principal import Principal

from .body import BodyIncomplete, BodyTooLarge
from .body import read as read_body

Handler = Callable[[Any, "Call"], Any]  # (unit of work, call) -> plain data


@dataclass(frozen=True)
class Operation:
    """One vendor operation: a name, the handler, and how it is run."""

    name: str
    handler: Handler
    action: str | None = None  # core authorization action checked before the handler runs
    read_only: bool = False  # a lookup: read-only unit of work
    own_units: bool = False  # the handler opens its own units of work (it gets ``None`` as ctx)


@dataclass
class Call:
    """One operation to run, parsed from the wire into plain values."""

    operation: Operation
    principal: Principal | None
    env: Any
    ip: str
    path: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    body: Any = None
    extra: dict = field(default_factory=dict)  # dialect-specific (e.g. an XML filter id)

    def field(self, name: str, default=None):
        return self.body.get(name, default) if isinstance(self.body, dict) else default


# Verifications under way, by verification key: when a verified credential's moment is over, the
# requests already queued with it (a billing system's connections) share one store lookup instead
# of each taking a worker thread for the same answer.
_in_flight: dict[bytes, asyncio.Future] = {}


async def _verify_once(auth, c: creds.Credentials, ip: str, api: str) -> Principal:
    key = auth.verification_key(c, ip=ip, api=api)
    if key is None:
        return await run_in_threadpool(auth.verify, c, ip=ip, api=api)
    running = _in_flight.get(key)
    if running is not None:
        return await asyncio.shield(running)
    future = asyncio.get_running_loop().create_future()
    future.add_done_callback(lambda f: f.cancelled() or f.exception())  # retrieved even with no one waiting
    _in_flight[key] = future
    try:
        principal = await run_in_threadpool(auth.verify, c, ip=ip, api=api)
    except BaseException as e:
        future.set_exception(e)
        raise
    else:
        future.set_result(principal)
        return principal
    finally:
        _in_flight.pop(key, None)


class Dialect:
    """Base of every dialect. Subclasses override the hooks marked *dialect*."""

    api = "core"  # the Principal's api, audit's api, and the authorization action "api:<api>"
    forms = creds.CredentialForms()
    max_body = 1024 * 1024  # bytes read after authentication
    anonymous_body = 0  # bytes a protocol may need before authentication (credentials in a form body)

    def __init__(self, env, listener):
        self.env = env
        self.listener = listener

    # -- dialect hooks -----------------------------------------------------------------------

    def refuse(self, request: Request) -> Exception | None:
        """*dialect*: an error when the listener's access rules refuse this request (before anything else)."""
        return None

    def parse(self, request: Request, body: bytes, principal: Principal | None) -> list[Call]:
        """*dialect*: the call(s) in the request."""
        raise NotImplementedError

    def serialize(self, request: Request, calls: list[Call], results: list[Any]) -> Response:
        """*dialect*: the reply. ``results`` holds each call's value or the exception it raised."""
        raise NotImplementedError

    def error(self, request: Request, exc: Exception) -> Response:
        """*dialect*: the wire error for an error that stopped the whole request."""
        raise NotImplementedError

    def wants_body(self, request: Request) -> bool:
        """*dialect*: False when the operation takes no body (it is then never read)."""
        return True

    def needs_credentials(self, request: Request) -> bool:
        """*dialect*: False for the few operations that take none (a login form, a public spec)."""
        return True

    batch = False  # True: a failed call becomes that call's result; False: it stops the request

    def credentials(self, request: Request, form: dict | None = None) -> creds.Credentials:
        query = dict(request.query_params)
        if form:
            query = {**form, **query}
        return creds.parse(self.forms, request.headers, query)

    def check_principal(self, principal: Principal) -> None:
        """The API as a whole: may this principal use it at all (role, permission, token scope)."""
        if not authorization.may_use_api(principal, self.api):
            raise Forbidden(f"Access denied: this account may not use the {self.api} API")

    # -- the pipeline ------------------------------------------------------------------------

    async def authenticate(self, request: Request, c: creds.Credentials) -> Principal:
        ip = request.client.host if request.client else ""
        auth = self.env.auth
        principal = auth.cached(c, ip=ip, api=self.api)
        if principal is None:
            principal = await _verify_once(auth, c, ip, self.api)
        return principal

    async def handle(self, request: Request) -> Response:
        try:
            refusal = self.refuse(request)
            if refusal is not None:
                raise refusal
            principal = None
            body = b""
            if self.needs_credentials(request):
                form = None
                if self.anonymous_body:
                    body = await read_body(request, self.anonymous_body)
                    form = self.form_credentials(request, body)
                c = self.credentials(request, form)
                if c.empty:
                    raise AuthFailed("Authentication required")
                principal = await self.authenticate(request, c)
                self.check_principal(principal)
            if not body and self.wants_body(request):
                body = await read_body(request, self.max_body)
            calls = self.parse(request, body, principal)
            results = [await self.run(call) for call in calls]
            return self.serialize(request, calls, results)
        except creds.MalformedCredentials as e:
            return self.error(request, AuthFailed(str(e)))
        except Exception as e:  # noqa: BLE001 - every error becomes the dialect's wire error
            return self.error(request, e)

    def form_credentials(self, request: Request, body: bytes) -> dict | None:
        """*dialect*: credentials a protocol sends in a form body (read before authentication)."""
        return None

    async def run(self, call: Call) -> Any:
        try:
            if call.operation.action and call.principal is not None:
                authorization.require(call.principal, call.operation.action)
            if call.operation.own_units:
                return await run_in_threadpool(call.operation.handler, None, call)
            if call.operation.read_only:
                if self.env.panel.local_store:
                    return self._run_read(call)  # an embedded store's lookup: no thread hop (see Panel)
                return await run_in_threadpool(self._run_read, call)
            return await run_in_threadpool(self._run_write, call)
        except Exception as e:
            if self.batch:
                return e
            raise

    def _run_read(self, call: Call) -> Any:
        with self.env.panel.context(call.principal, read_only=True) as ctx:
            return call.operation.handler(ctx, call)

    def _run_write(self, call: Call) -> Any:
        with self.env.panel.context(call.principal) as ctx:
            return call.operation.handler(ctx, call)


__all__ = ["Dialect", "Operation", "Call", "BodyTooLarge", "BodyIncomplete"]
