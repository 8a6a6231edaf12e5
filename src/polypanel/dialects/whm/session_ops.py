"""create_user_session: a one-time login URL (valid 5 minutes) for cPanel, WHM or Webmail."""
from __future__ import annotations

import calendar
import secrets
from datetime import timedelta

from polypanel.auth import sessions
from polypanel.core import accounts, host, hosting_accounts
from polypanel.core.errors import NotFound

from .account_ops import require
from .wire import Failure, Outcome

TTL = 300  # cPanel's pre-authenticated session lives five minutes
SERVICES = {"cpaneld": ("cpanel_https_port", "2083"), "whostmgrd": ("whm_https_port", "2087"),
            "webmaild": ("webmail_https_port", "2096")}


def security_token() -> str:
    return "/cpsess" + "".join(secrets.choice("0123456789") for _ in range(10))


def create_user_session(ctx, call) -> Outcome:
    user = require(call, "user")
    service = call.query.text("service").strip()
    if service not in SERVICES:
        raise Failure(f"API failure: The “service” parameter is invalid. It must be one of: {', '.join(SERVICE_NAMES)}.")
    locale = call.query.text("locale").strip()
    if len(locale) > 16:
        raise Failure("API failure: The “locale” parameter is invalid.")
    try:
        if service == "whostmgrd":
            acc = accounts.get(ctx, login=user)
            if acc.role == "customer":
                raise Failure(f"API failure: The user “{user}” is not a reseller and cannot log in to WHM.")
        else:
            sub = hosting_accounts.find(ctx, user)
            acc = hosting_accounts.customer_of(sub) or sub.owner
    except NotFound:
        raise Failure(f"API failure: You cannot create a session for the user “{user}” because they do not exist.") from None
    if accounts.effective_status(acc) != "active":
        raise Failure(f"API failure: You cannot create a session for the user “{user}” because they are currently suspended.")
    try:
        key = sessions.one_time_key(ctx, login=acc.login, ttl_seconds=TTL)
    except Exception as e:
        if getattr(e, "message", None) is None:
            raise
        raise Failure(f"API failure: You do not have permission to create sessions for the user “{user}”.") from None
    port_key, default = SERVICES[service]
    port = call.env.option("polypanel", port_key, default) or default
    token = security_token()
    session = f"{user}:{key[:16]}:create_user_session,{key}"
    expires = ctx.now() + timedelta(seconds=TTL)
    data = {"cp_security_token": token, "expires": int(calendar.timegm(expires.timetuple())), "service": service,
            "session": session, "url": f"https://{host.hostname(ctx)}:{port}{token}/login/?session={session}"}
    if locale:
        data["locale"] = locale
    return Outcome(data=data, reason="Created session")


SERVICE_NAMES = tuple(SERVICES)
