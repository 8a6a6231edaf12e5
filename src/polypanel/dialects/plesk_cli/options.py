"""Plesk's option syntax for its command-line utilities: ``-name value``, ``-name=value``, flags."""
from __future__ import annotations


def parse(args: list[str]) -> dict[str, str]:
    opts, i = {}, 0
    while i < len(args):
        a = args[i]
        if a.startswith("-"):
            name = a.lstrip("-")
            if "=" in name:
                name, value = name.split("=", 1)
                opts[name] = value
            elif i + 1 < len(args) and not args[i + 1].startswith("-"):
                opts[name] = args[i + 1]
                i += 1
            else:
                opts[name] = ""
        i += 1
    return opts
