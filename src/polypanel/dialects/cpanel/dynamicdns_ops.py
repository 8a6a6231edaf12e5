"""DynamicDNS (UAPI): list, create, delete, recreate, set_description, and the unauthenticated
``/cpanelwebcall/<id>[/ipv4/ADDR][/ipv6/ADDR]`` update call on the cPanel ports."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from polypanel.core import dynamic_dns
from polypanel.core.errors import AlreadyExists, Invalid, NotFound

from ..whm.wire import Failure
from .domain_ops import account


def _view(ctx, row) -> dict:
    v4, v6 = dynamic_dns.addresses(ctx, row)
    return {"id": row.id, "domain": row.domain, "description": row.description,
            "created_time": dynamic_dns.epoch(row.created_at), "last_update_time": dynamic_dns.epoch(row.last_update_at),
            "last_run_times": list(row.last_run_times or []), "ipv4": v4, "ipv6": v6}


def _row(ctx, call):
    sub = account(ctx, call)
    id_ = call.query.text("id").strip()
    if not id_:
        raise Failure("You must specify the “id” parameter.")
    if not dynamic_dns.valid_id(id_):
        raise Failure(f"Invalid “id”: {id_[:64]}")
    try:
        return dynamic_dns.get(ctx, sub, id_)
    except NotFound as exc:
        raise Failure(exc.message) from None


def list_(ctx, call):
    return [_view(ctx, row) for row in dynamic_dns.list_(ctx, account(ctx, call))]


def create(ctx, call):
    sub = account(ctx, call)
    try:
        row = dynamic_dns.create(ctx, sub, call.query.text("domain"), call.query.text("description"))
    except Invalid as exc:
        raise Failure(exc.reason if exc.reason.endswith(".") else f"The “domain” parameter is invalid: {exc.reason}") from None
    except AlreadyExists as exc:
        raise Failure(exc.message) from None
    return {"id": row.id, "created_time": dynamic_dns.epoch(row.created_at)}


def set_description(ctx, call):
    row = _row(ctx, call)
    if not call.query.text("description"):
        raise Failure("You must specify the “description” parameter.")
    try:
        dynamic_dns.set_description(ctx, row, call.query.text("description"))
    except Invalid as exc:
        raise Failure(exc.reason) from None
    return None


def recreate(ctx, call):
    return {"id": dynamic_dns.recreate(ctx, _row(ctx, call))}


def delete(ctx, call):
    dynamic_dns.delete(ctx, _row(ctx, call))
    return {"deleted": 1}


# --- the update call -----------------------------------------------------------------------------

MAX_PATH = 512


def _parse(rest: str) -> tuple[str, dict[str, str]]:
    """``<id>[/key/value...]`` -> (id, args); Invalid with cPanel's reason for a malformed call."""
    id_, _, tail = rest.partition("/")
    if not dynamic_dns.valid_id(id_):
        raise Invalid("id", f"Invalid webcall ID: {id_[:64]}")
    if rest.endswith("/") and not tail:
        raise Invalid("args", "Argument(s) must follow slash.")
    parts = tail.split("/") if tail else []
    if len(parts) % 2:
        raise Invalid("args", "args list must be even")
    args = dict(zip(parts[0::2], parts[1::2]))
    return id_, args


def webcall_route(env):
    async def webcall(request: Request) -> Response:
        rest = request.url.path[len("/cpanelwebcall/"):]
        if len(rest) > MAX_PATH:
            return PlainTextResponse("Request-URI Too Long", status_code=414)
        ip = request.client.host if request.client else ""

        def run() -> bool:
            id_, args = _parse(rest)
            with env.panel.context(env.panel.admin(api="cpanel", source_ip=ip)) as ctx:
                return dynamic_dns.run(ctx, id_, args, ip)

        try:
            await run_in_threadpool(run)
        except Invalid as exc:
            return PlainTextResponse(exc.reason, status_code=400)
        except NotFound:
            return PlainTextResponse("Not Found", status_code=404)
        except dynamic_dns.RateLimited as exc:
            return PlainTextResponse("Too Many Requests", status_code=429, headers={"Retry-After": str(exc.retry_after)})
        return PlainTextResponse("OK")

    return webcall
