"""cPanel Webmail on 2096 (TLS) and 2095: what a client of those ports uses.

* ``POST /login/?login_only=1`` with ``user`` = a mail account (``info@example.com``) or the cPanel
  user, and ``pass``: a ``webmailsession`` cookie and the ``/cpsessNNNNNNNNNN`` security token, as
  on the cPanel port; Basic credentials work too.
* UAPI (``/execute/...``) and API 2 (``/json-api/cpanel``) in webmail context: the functions a mail
  account may use about itself (list it, see its quota, change its password, list its forwarders).
  A mail account reaches its own mailbox only (``core.mail.mailbox_of``); every other function is
  refused with cPanel's ``... is not permitted inside of webmail``.

Not served here: the webmail applications themselves (Roundcube and the Jupiter webmail pages that
cPanel's login redirects to); a browser landing on the redirect gets a 404.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from polypanel.auth.credentials import Credentials
from polypanel.core import mail

from .. import pipeline
from ..whm import login
from . import email_ops
from .functions import Function
from .routes import CPanel, Unknown
from .wire import UapiResult

def _mine(ctx, call, items):
    only = mail.mailbox_of(ctx.principal)
    return [i for i in items if only is None or i.get("email", i.get("dest")) == only]


def list_pops(ctx, call):
    result = email_ops.list_pops(ctx, call)
    items = _mine(ctx, call, result.data)
    return UapiResult(items, metadata=result.metadata)


def list_forwarders(ctx, call):
    return _mine(ctx, call, email_ops.list_forwarders(ctx, call))


def _self_address(ctx, call):
    """A mail account names itself when it leaves ``email`` out."""
    only = mail.mailbox_of(ctx.principal)
    if only is not None and not call.query.text("email").strip():
        call.query["email"] = only
    return call


def get_pop_quota(ctx, call):
    return email_ops.get_pop_quota(ctx, _self_address(ctx, call))


def passwd_pop(ctx, call):
    return email_ops.passwd_pop(ctx, _self_address(ctx, call))


UAPI = {(f.module, f.name): f for f in (
    Function("Email", "list_pops", list_pops, True),
    Function("Email", "get_pop_quota", get_pop_quota, True),
    Function("Email", "passwd_pop", passwd_pop),
    Function("Email", "list_forwarders", list_forwarders, True),
)}


class Webmail(CPanel):
    api = "webmail"

    def credentials(self, request: Request, form: dict | None = None):
        c = pipeline.Dialect.credentials(self, request, form)
        if c.empty:
            secret = login.session_of(request, self.api)
            if secret:
                return Credentials(session=secret)
        return c

    def parse(self, request: Request, body: bytes, principal) -> list[pipeline.Call]:
        calls = super().parse(request, body, principal)
        module, func, version = request.scope["cpanel.call"]
        fn = UAPI.get((module, func)) if version == 3 else None
        if fn is None:
            raise Unknown(f"Execution of {module}::{func} (api version:{version}) is not permitted inside of webmail")
        call = calls[0]
        return [pipeline.Call(operation=fn.operation, principal=principal, env=self.env, ip=call.ip,
                              query=call.query, extra=call.extra)]


def routes(env, listener) -> list:
    dialect = Webmail(env, listener)

    async def endpoint(request: Request):
        return await dialect.handle(request)

    return [Route("/execute/{module}/{func}", endpoint, methods=["GET", "POST"]),
            Route("/json-api/cpanel", endpoint, methods=["GET", "POST"]),
            Route("/{cpsess}/execute/{module}/{func}", endpoint, methods=["GET", "POST"]),
            Route("/{cpsess}/json-api/cpanel", endpoint, methods=["GET", "POST"]),
            ] + login.routes(env, listener, "webmail")

