"""WHM API 1's generic list post-processing: ``api.filter``, ``api.sort``, ``api.chunk``, ``api.columns``.

They act on the one list inside ``data`` (``data.acct``, ``data.pkg`` ...) and report in ``metadata``
(``filter.filtered``, ``chunk.{records,start,chunks,current,size}``), as cPanel's own UI reads them.
A filter compares text: it never runs a caller's pattern.
"""
from __future__ import annotations

import ipaddress
import re

_KEY = re.compile(r"^api\.(filter|sort|columns)\.([a-z0-9_]{1,16})(?:\.(field|arg0|type|method|reverse))?$")
MAX_RULES = 16


def _enabled(meta: dict, what: str) -> bool:
    return str(meta.get(f"api.{what}.enable", "0")).strip() == "1"


def _rules(meta: dict, what: str) -> list[dict]:
    rules: dict[str, dict] = {}
    for key, value in meta.items():
        m = _KEY.match(key)
        if m and m.group(1) == what and len(rules) < MAX_RULES:
            rules.setdefault(m.group(2), {})[m.group(3) or "value"] = value
    return [rules[k] for k in sorted(rules)]


def _matches(value, arg: str, kind: str) -> bool:
    text = "" if value is None else str(value)
    if kind in ("eq", "=="):
        return text == arg
    if kind == "!=":
        return text != arg
    if kind == "begins":
        return text.lower().startswith(arg.lower())
    if kind in ("lt", "gt", "lt_equal", "gt_equal"):
        try:
            a, b = float(text), float(arg)
        except ValueError:
            return False
        return {"lt": a < b, "gt": a > b, "lt_equal": a <= b, "gt_equal": a >= b}[kind]
    return arg.lower() in text.lower()  # contains (the default)


def _sort_key(method: str):
    def key(value):
        if method == "numeric":
            try:
                return (0, float(value))
            except (TypeError, ValueError):
                return (1, 0.0)
        if method == "ipv4":
            try:
                return (0, int(ipaddress.IPv4Address(str(value))))
            except ValueError:
                return (1, 0)
        return (0, str(value).lower())
    return key


def apply(data, meta: dict, metadata: dict):
    """``data`` with the requested processing of its list; ``metadata`` gains what was done."""
    if not isinstance(data, dict) or len(data) != 1:
        return data
    (name, items), = data.items()
    if not isinstance(items, list) or not any(_enabled(meta, w) for w in ("filter", "sort", "chunk", "columns")):
        return data
    if _enabled(meta, "filter"):
        before = len(items)
        for rule in _rules(meta, "filter"):
            field, arg = rule.get("field", ""), rule.get("arg0", "")
            items = [i for i in items if isinstance(i, dict) and _matches(i.get(field), arg, rule.get("type", "contains"))]
        metadata["filter"] = {"filtered": before - len(items)}
    if _enabled(meta, "sort"):
        for rule in reversed(_rules(meta, "sort")):
            field = rule.get("field", "")
            items = sorted(items, key=lambda i: _sort_key(rule.get("method", "alphabetic"))(i.get(field)),
                           reverse=str(rule.get("reverse", "0")) == "1")
    if _enabled(meta, "chunk"):
        try:
            size = max(1, min(int(meta.get("api.chunk.size", "10")), 100000))
            start = max(1, int(meta.get("api.chunk.start", "1")))
        except ValueError:
            size, start = 10, 1
        records = len(items)
        metadata["chunk"] = {"records": records, "start": start, "size": size,
                             "chunks": (records + size - 1) // size, "current": (start - 1) // size + 1}
        items = items[start - 1:start - 1 + size]
    if _enabled(meta, "columns"):
        keep = {v for k, v in meta.items() if k.startswith("api.columns.") and k != "api.columns.enable"}
        items = [{k: v for k, v in i.items() if k in keep} if isinstance(i, dict) else i for i in items]
    return {name: items}
