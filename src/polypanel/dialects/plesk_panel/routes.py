"""The panel's own entry on the Plesk listeners: single-use session tokens and the start page.

``GET /enterprise/rsession_init.php?PLESKSESSID=<token>`` redeems a token made by the REST API's
``POST /api/v2/server/session`` or the XML API's ``server.create_session`` (both through
``auth.sessions.one_time_key``): once, from the address it is bound to, before it expires. It
opens a panel session (cookie ``PLESKSESSID``) for that user and redirects to the start page,
``/``, which says who is logged in (the web interface will live there). A token that is unknown,
used, expired or presented from another address gets a 403 page, and the guard counts it.
"""
from __future__ import annotations

import html

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from polypanel.auth import sessions
from polypanel.core.errors import AuthFailed

API = "plesk_panel"
COOKIE = "PLESKSESSID"
SESSION_KIND = "plesk_panel"
SESSION_IDLE = 1800  # seconds, as Plesk's default session idle time


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}"
                        f"</title></head><body style=\"font-family:sans-serif;margin:2em\"><h1>{html.escape(title)}</h1>"
                        f"{body}</body></html>", status_code=status)


def routes(env, listener) -> list:
    def redeem(token: str, ip: str) -> str:
        principal = env.auth.one_time_key(token, ip=ip, api=API)
        with env.panel.context(principal) as ctx:
            _row, session = sessions.open_session(ctx, kind=SESSION_KIND, bind_ip=ip, idle_seconds=SESSION_IDLE)
        return session

    async def rsession_init(request: Request) -> Response:
        token = request.query_params.get("PLESKSESSID", "")
        ip = request.client.host if request.client else ""
        if not token or len(token) > 256:
            return _page("Access denied", "<p>The session token is missing.</p>", 403)
        try:
            session = await run_in_threadpool(redeem, token, ip)
        except AuthFailed:
            return _page("Access denied", "<p>The session token is not valid: it is unknown, was used already, "
                                          "has expired, or was issued for another address.</p>", 403)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(COOKIE, session, httponly=True, secure=listener.tls, samesite="lax", path="/")
        return response

    async def start(request: Request) -> Response:
        token = request.cookies.get(COOKIE, "")
        ip = request.client.host if request.client else ""
        principal = None
        if token and len(token) <= 256:
            try:
                principal = await run_in_threadpool(env.auth.session, token, kind=SESSION_KIND, ip=ip, api=API)
            except AuthFailed:
                principal = None
        if principal is None:
            return _page("polypanel", "<p>Not logged in. Log in with a session link from the REST API "
                                      "(<code>POST /api/v2/server/session</code>) or the XML API "
                                      "(<code>server.create_session</code>).</p>"
                                      "<p><a href=\"/api/v2/\">REST API reference and playground</a></p>")
        who = html.escape(principal.login)
        return _page("polypanel", f"<p>Logged in as <strong id=\"login\">{who}</strong> "
                                  f"(<span id=\"role\">{html.escape(principal.role)}</span>).</p>"
                                  "<p><a href=\"/api/v2/\">REST API reference and playground</a></p>")

    return [Route("/enterprise/rsession_init.php", rsession_init, methods=["GET"]),
            Route("/", start, methods=["GET"])]
