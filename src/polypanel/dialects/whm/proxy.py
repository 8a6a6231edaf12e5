"""WHM's ``/json-api/cpanel`` proxy: cPanel API 2 (and UAPI with apiversion 3) run on a user's account
with WHM credentials (``cpanel_jsonapi_user``, or ``user``); the caller must own that account."""
from __future__ import annotations

from polypanel.core.accounts import is_admin_alias
from polypanel.core.errors import NotFound

from .. import pipeline
from ..cpanel import wire as cpanel_wire
from ..cpanel.functions import API2, UAPI
from .wire import Failure, json_response

ACL = "cpanel-api"


class ProxyError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse(p, principal, env, ip) -> pipeline.Call:
    user = (p.pop("cpanel_jsonapi_user", None) or p.pop("user", None) or "").strip()
    module = p.pop("cpanel_jsonapi_module", "")[:64]
    func = p.pop("cpanel_jsonapi_func", "")[:64]
    raw = p.pop("cpanel_jsonapi_apiversion", None) or p.pop("cpanel_jsonapi_version", None) or "2"
    version = 3 if raw.strip() == "3" else 2
    extra = {"module": module, "func": func, "version": version, "user": user, "proxy": True}
    if not user:
        raise ProxyError("User parameter is invalid or was not supplied").with_extra(extra)
    if is_admin_alias(user):
        raise ProxyError(f"The user “{user}” is not associated with a cPanel account and cannot call cPanel API 2"
                         ).with_extra(extra)
    fn = (UAPI if version == 3 else API2).get((module, func))
    if fn is None:
        text = (f"The system could not find the function “{func}” in the module “{module}”." if version == 3
                else f"Could not find function '{func}' in module '{module}'")
        raise ProxyError(text).with_extra(extra)
    return pipeline.Call(operation=fn.operation, principal=principal, env=env, ip=ip, query=p, extra=extra)


def _with_extra(self, extra):
    self.extra = extra
    return self


ProxyError.with_extra = _with_extra


def serialize(extra: dict, data):
    if extra["version"] == 3:
        if isinstance(data, cpanel_wire.UapiResult):
            result = cpanel_wire.uapi(data.data, messages=data.messages, warnings=data.warnings, errors=data.errors,
                                      metadata=data.metadata)
        else:
            result = cpanel_wire.uapi(data)
        return json_response({"apiversion": 3, "module": extra["module"], "func": extra["func"], "result": result})
    return json_response(cpanel_wire.api2(extra["module"], extra["func"], data))


def error(extra: dict, exc: Exception):
    if isinstance(exc, NotFound) and exc.kind in ("account", "subscription"):
        text = f"Access Denied to {extra.get('user', '')}"
    elif isinstance(exc, ProxyError):
        text = exc.message
    else:
        text = cpanel_wire.message(exc)
    if extra.get("version") == 3 and not isinstance(exc, (ProxyError, NotFound)):
        return json_response({"apiversion": 3, "module": extra["module"], "func": extra["func"],
                              "result": cpanel_wire.uapi(errors=[text])})
    body = {"data": {"reason": text, "result": "0"}, "type": "text", "error": text}
    return json_response({"cpanelresult": body} if extra.get("version") == 2 else body)


__all__ = ["parse", "serialize", "error", "ProxyError", "ACL", "Failure"]
