"""What every operator module uses: the operation spec, per-item failures, filter helpers."""
from __future__ import annotations

from dataclasses import dataclass

from polypanel.core.errors import Invalid, NotFound

from ... import pipeline
from ..errors import XmlError
from ..wire import Node, n, text, texts  # noqa: F401 - re-exported for the operator modules


ECHO_FILTER_TAG = "<filter>"  # a failed result echoes the filter value under the filter's own tag


@dataclass(frozen=True)
class Spec:
    operation: pipeline.Operation
    filtered: bool  # one call per value of <filter>
    echo: str | None  # the element that echoes the filter value in an error result


@dataclass
class Failed:
    """One failed item of an operation's results (the others still succeed)."""

    error: Exception
    echo: list | None = None


def spec(name: str, handler, *, read_only: bool = False, action: str | None = None, filtered: bool = False,
         echo: str | None = "filter-id") -> Spec:
    return Spec(pipeline.Operation(name=name, handler=handler, action=action, read_only=read_only), filtered, echo)


def filter_of(call) -> tuple[str, str] | None:
    return call.extra["filter"]


def fid(call, own_id=None) -> list[Node]:
    """``<filter-id>``: the filter value that found the result; without a filter, the object's id (as Plesk)."""
    flt = filter_of(call)
    if flt is not None:
        return [n("filter-id", flt[1])]
    return [n("filter-id", own_id)] if own_id is not None else []


def deleted(call, objects, delete) -> list[list[Node]]:
    """Delete each object found, answering its ``<filter-id>`` and ``<id>`` (read before it goes)."""
    out = []
    for obj in objects:
        answer = [*fid(call, obj.id), n("id", obj.id)]
        delete(obj)
        out.append(answer)
    return out


def number(value: str | None, field: str) -> int:
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 12:
        raise Invalid(field, f"'{value[:64]}' is not a valid id")
    return int(value)


def required(el, name: str) -> str:
    value = text(el, name)
    if not value:
        raise XmlError(1014, f"Parser error: <{name}> is required in <{el.tag}>")
    return value


def unknown_filter(call) -> NotFound:
    flt = filter_of(call)
    return XmlError(1014, f"Parser error: <{flt[0][:64]}> is not a filter of <{call.body.tag}>")


def cr_date(value) -> str:
    return value.strftime("%Y-%m-%d") if value is not None else ""
