"""cPanel's request parameters: query string and form body merged; a repeated name ``x`` becomes
``x``, ``x-0``, ``x-1`` ... and list readers collect them in that order."""
from __future__ import annotations

import re
from urllib.parse import parse_qsl

MAX_PARAMS = 1000
_SUFFIX = re.compile(r"^(.*)-(\d{1,4})$")


class Params(dict):
    """Function arguments (``api.*`` meta arguments kept apart in ``meta``)."""

    def __init__(self, items):
        super().__init__()
        self.meta: dict[str, str] = {}
        seen: dict[str, int] = {}
        for n, (key, value) in enumerate(items):
            if n >= MAX_PARAMS:
                break
            if key.startswith("api."):
                self.meta.setdefault(key, value)
                continue
            if key in self:
                i = seen.get(key, 0)
                while f"{key}-{i}" in self:
                    i += 1
                seen[key] = i + 1
                key = f"{key}-{i}"
            self[key] = value

    def text(self, *names: str, default: str = "") -> str:
        for name in names:
            value = self.get(name)
            if value is not None:
                return value
        return default

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.get(name)
        if value is None or value == "":
            return default
        return value.strip().lower() in ("1", "y", "yes", "on", "true")

    def many(self, name: str) -> list[str]:
        """``name`` then ``name-0``, ``name-1``, ... (by number)."""
        out = [(-1, self[name])] if name in self else []
        for key, value in self.items():
            m = _SUFFIX.match(key)
            if m and m.group(1) == name:
                out.append((int(m.group(2)), value))
        return [v for _, v in sorted(out, key=lambda kv: kv[0])]


def parse(query_items, body: bytes, content_type: str) -> Params:
    items = list(query_items)
    content_type = (content_type or "").lower()
    if body and ("application/x-www-form-urlencoded" in content_type or not content_type):
        try:
            items += parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=MAX_PARAMS)
        except ValueError:
            pass
    return Params(items)
