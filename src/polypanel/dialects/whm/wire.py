"""WHM's wire format: the API 1 envelope, the API 0 documents, the 403 of a failed login."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from starlette.responses import Response


@dataclass
class Outcome:
    """A function's result: its ``data`` (None = no data key), reason and captured output."""

    data: Any = None
    reason: str = "OK"
    raw: str | None = None
    messages: list[str] | None = None
    warnings: list[str] | None = None
    result: int = 1


class Failure(Exception):
    """A function that reports a failure (HTTP 200, ``result: 0``) with cPanel's reason."""

    def __init__(self, reason: str, data: Any = None, raw: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.data = data
        self.raw = raw


def json_response(doc, status: int = 200, media_type: str = "application/json", headers=None) -> Response:
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    h = {"Cache-Control": "no-cache, no-store, must-revalidate, private", **(headers or {})}
    return Response(body, status_code=status, media_type=media_type, headers=h)


ACCESS_DENIED = {"cpanelresult": {"apiversion": "2", "error": "Access denied",
                                  "data": {"reason": "Access denied", "result": "0"}, "type": "text"}}


def access_denied() -> Response:
    return Response(json.dumps(ACCESS_DENIED, separators=(",", ":")), status_code=403,
                    headers={"Content-Type": 'text/plain; charset="utf-8"', "Connection": "close"})


def v1(command: str, out: Outcome) -> dict:
    metadata: dict = {"version": 1, "command": command, "result": out.result, "reason": out.reason}
    output = {}
    if out.raw is not None:
        output["raw"] = out.raw
    if out.messages is not None:
        output["messages"] = out.messages
    if out.warnings is not None:
        output["warnings"] = out.warnings
    if output:
        metadata["output"] = output
    doc: dict = {"metadata": metadata}
    if out.data is not None:
        doc["data"] = out.data
    return doc


def v1_failure(command: str, reason: str, data=None, raw: str | None = None) -> dict:
    return v1(command, Outcome(data=data, reason=reason, raw=raw, result=0))


def unknown_v1(command: str) -> dict:
    return v1_failure(command, f"Unknown app ({command}) requested for this version (1) of the API.")


def unknown_v0(command: str) -> dict:
    return {"error": f"Unknown App Requested: {command}"}


# -- API 0 documents -----------------------------------------------------------------------------

V0 = Callable[[Outcome], dict]


def v0_list(key: str, source: str | None = None) -> V0:
    """``{"acct":[...],"status":1,"statusmsg":"Ok"}``"""
    def build(out: Outcome) -> dict:
        items = (out.data or {}).get(source or key) if isinstance(out.data, dict) else None
        return {key: items if items is not None else [], "status": out.result, "statusmsg": "Ok" if out.result else out.reason}
    return build


def v0_result(options: bool = False) -> V0:
    """``{"result":[{"status":1,"statusmsg":"...","rawout":"...","options":{...}}]}``"""
    def build(out: Outcome) -> dict:
        item: dict = {"status": out.result, "statusmsg": out.reason}
        if out.raw is not None:
            item["rawout"] = out.raw
        if options and out.data is not None:
            item["options"] = out.data
        return {"result": [item]}
    return build


def v0_flat(out: Outcome) -> dict:
    return dict(out.data or {}) if out.result else {"status": 0, "statusmsg": out.reason}


def v0_failure(build: V0, reason: str) -> dict:
    return build(Outcome(reason=reason, result=0))
