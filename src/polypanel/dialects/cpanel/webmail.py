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
from ..whm.wire import Failure
from . import email_ops
from .functions import Function
from .routes import CPanel, Unknown
from .wire import UapiResult

def _own_mailbox(ctx, call):
    """The mail account logged in (None for the cPanel user); ``email`` may only name it."""
    only = mail.mailbox_of(ctx.principal)
    if only is None:
        return None
    named = call.query.text("email").strip().lower()
    domain = call.query.text("domain").strip().lower()
    if named and "@" not in named and domain:
        named = f"{named}@{domain}"
    if named and named != only:
        raise Failure(f"The mailbox {named[:255]} is not found")
    return mail.get(ctx, address=only)


def _pop(mb) -> dict:
    address = f"{mb.local_part}@{mb.domain.ascii_name}"
    return {"email": address, "login": address, "suspended_incoming": 0, "suspended_login": int(not mb.enabled)}


def list_pops(ctx, call):
    if mail.mailbox_of(ctx.principal) is None:
        return email_ops.list_pops(ctx, call)
    return UapiResult([_pop(mb) for mb in mail.list_(ctx)], metadata={"transformed": 1})


def list_forwarders(ctx, call):
    if mail.mailbox_of(ctx.principal) is None:
        return email_ops.list_forwarders(ctx, call)
    out = []
    for mb in mail.list_(ctx):
        address = f"{mb.local_part}@{mb.domain.ascii_name}"
        out += [{"dest": address, "forward": target, "html_dest": address, "html_forward": target,
                 "uri_dest": address.replace("@", "%40"), "uri_forward": target.replace("@", "%40")}
                for target in mb.forwards or []]
    return out


def get_pop_quota(ctx, call):
    mb = _own_mailbox(ctx, call)
    if mb is None:
        return email_ops.get_pop_quota(ctx, call)
    return "unlimited" if mb.quota_mb < 0 else mb.quota_mb


def passwd_pop(ctx, call):
    mb = _own_mailbox(ctx, call)
    if mb is None:
        return email_ops.passwd_pop(ctx, call)
    password = call.query.text("password")
    if not password:
        raise Failure("You must specify the “password” parameter.")
    mail.update(ctx, mb, password=password)
    return None


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

