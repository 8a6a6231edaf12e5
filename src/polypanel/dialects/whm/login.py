"""Password sessions on the WHM and cPanel ports: ``POST /login/?login_only=1`` and the one-time
URLs of ``create_user_session`` (``GET /cpsessNNNNNNNNNN/login/?session=...``).

A session is a cookie (``whostmgrsession`` / ``cpsession``) plus the security token ``/cpsess`` and
ten digits that every later URL carries; the digits are derived from the session's secret, so a
request must hold both (a cookie alone, e.g. sent by another site, is refused).
"""
from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from polypanel.auth import sessions
from polypanel.core import authorization
from polypanel.core.errors import AuthFailed, PanelError

from ..body import read as read_body

SESSION_IDLE = 3600
PREFIX = re.compile(r"^/cpsess(\d{10})(?:/|$)")
COOKIES = {"whm": "whostmgrsession", "cpanel": "cpsession", "webmail": "webmailsession"}
LANDING = {"whm": "/", "cpanel": "/frontend/jupiter/", "webmail": "/webmail/jupiter/"}
MAX_FORM = 16 * 1024


def security_token(session: str) -> str:
    digits = str(int(hashlib.sha256(("cpsess:" + session).encode()).hexdigest(), 16))[-10:]
    return "/cpsess" + digits.zfill(10)


def session_of(request: Request, api: str) -> str | None:
    """The session secret of a cookie whose security token is in the URL, else None."""
    cookie = request.cookies.get(COOKIES[api], "")
    if not cookie or len(cookie) > 256:
        return None
    m = PREFIX.match(request.url.path)
    if not m or security_token(cookie) != f"/cpsess{m.group(1)}":
        return None
    return cookie


def _json(doc: dict, status: int, headers=None) -> Response:
    return Response(json.dumps(doc), status_code=status, media_type="application/json", headers=headers)


def routes(env, listener, api: str) -> list:
    cookie_name = COOKIES[api]

    def open_for(principal, ip: str) -> str:
        with env.panel.context(principal) as ctx:
            _row, secret = sessions.open_session(ctx, kind=api, bind_ip=ip, idle_seconds=SESSION_IDLE)
        return secret

    def started(secret: str, status: int, body: dict | None = None) -> Response:
        token = security_token(secret)
        location = token + LANDING[api]
        if body is None:
            response: Response = RedirectResponse(location, status_code=status)
        else:
            response = _json({**body, "security_token": token, "redirect": location}, status, {"Location": location})
        response.set_cookie(cookie_name, secret, httponly=True, secure=listener.tls, samesite="lax", path="/")
        return response

    async def login(request: Request) -> Response:
        ip = request.client.host if request.client else ""
        if request.method == "GET":
            return await consume(request)
        try:
            body = await read_body(request, MAX_FORM)
        except Exception:  # noqa: BLE001 - too large or cut short: a failed login
            return _json({"status": 0, "message": "invalid_login"}, 401)
        form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=20))
        user, password = form.get("user", ""), form.get("pass", "")
        try:
            principal = await run_in_threadpool(env.auth.password, user, password, ip=ip, api=api)
            if not authorization.may_use_api(principal, api):
                raise AuthFailed("login attempt by an account that may not use this service")
            secret = await run_in_threadpool(open_for, principal, ip)
        except PanelError:
            return _json({"status": 0, "message": "invalid_login"}, 401)
        return started(secret, 301, {"status": 1})

    async def consume(request: Request) -> Response:
        ip = request.client.host if request.client else ""
        value = request.query_params.get("session", "")
        key = value.rsplit(",", 1)[-1] if "create_user_session," in value else ""
        if not key or len(key) > 128:
            return _json({"status": 0, "message": "invalid_session"}, 401)
        try:
            principal = await run_in_threadpool(env.auth.one_time_key, key, ip=ip, api=api)
            if not authorization.may_use_api(principal, api):
                raise AuthFailed("not allowed")
            secret = await run_in_threadpool(open_for, principal, ip)
        except PanelError:
            return _json({"status": 0, "message": "invalid_session"}, 401)
        return started(secret, 307)

    return [Route("/login/", login, methods=["GET", "POST"]), Route("/login", login, methods=["POST"]),
            Route("/{cpsess}/login/", consume, methods=["GET"])]
