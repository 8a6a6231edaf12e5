"""The dialects and the listeners each one is served on.

A dialect module provides ``routes(env, listener) -> list[starlette.routing.BaseRoute]``.
"""
from __future__ import annotations

import importlib

# dialect module -> listener names it is served on
DIALECTS: dict[str, tuple[str, ...]] = {
    "polypanel.dialects.plesk_rest.routes": ("plesk_https", "plesk_http"),
    "polypanel.dialects.plesk_panel.routes": ("plesk_https", "plesk_http"),
    "polypanel.dialects.whm.routes": ("whm_https", "whm_http"),
    "polypanel.dialects.cpanel.routes": ("cpanel_https", "cpanel_http"),
    "polypanel.dialects.cpanel.webmail": ("webmail_https", "webmail_http"),
    "polypanel.dialects.ispmgr.routes": ("ispmgr_https",),
    "polypanel.dialects.plesk_xml.routes": ("plesk_https", "plesk_http"),
}


def routes_for(env, listener) -> list:
    out = []
    for module_name, listeners in DIALECTS.items():
        if listener.name in listeners:
            module = importlib.import_module(module_name)
            out.extend(module.routes(env, listener))
    return out
