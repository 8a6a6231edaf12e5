"""A plan's blocks that the panel keeps as given and answers back (``mail``, ``log-rotation``,
``preferences``, ``performance``, ``php-settings``, ``web-server-settings``): each is stored as a
small tree of the element names the schema allows there, bounded in size."""
from __future__ import annotations

from ..errors import XmlError
from ..wire import Node, n

# block -> the element names allowed anywhere inside it (research: plesk-xml-schema-tree.md)
ALLOWED = {
    "mail": {"nonexistent-user", "bounce", "forward", "reject", "webmail", "maillists", "mailservice",
             "outgoing-messages-mbox-limit", "outgoing-messages-domain-limit",
             "outgoing-messages-subscription-limit", "outgoing-messages-enable-sendmail",
             "outgoing-messages-overlimit-percent"},
    "log-rotation": {"on", "off", "log-condition", "log-bysize", "log-bytime", "log-max-num-files", "log-compress",
                     "log-email"},
    "preferences": {"stat", "maillists", "mailservice", "dns_zone_type"},
    "performance": {"bandwidth", "max_connections"},
    "php-settings": {"setting", "name", "value"},
    "web-server-settings": {"additional", "additional-ssl", "additional-nginx", "restrict-follow-sym-links",
                            "nginx-proxy-mode"},
}
ORDER = tuple(ALLOWED)
MAX_NODES = 200
MAX_TEXT = 4096

# What a plan made without a block answers (the recorded replies of Plesk's own plans hold this
# shape; the panel itself neither rotates site logs nor limits bandwidth: these are not enforced).
DEFAULTS = {
    "mail": ["mail", "", [["nonexistent-user", "", [["reject", "", []]]], ["webmail", "roundcube", []]]],
    "log-rotation": ["log-rotation", "", [["on", "", [["log-condition", "", [["log-bysize", "10485760", []]]],
                                                      ["log-max-num-files", "10", []], ["log-compress", "true", []]]]]],
    "preferences": ["preferences", "", [["stat", "3", []], ["maillists", "false", []],
                                        ["dns_zone_type", "master", []]]],
    "performance": ["performance", "", [["bandwidth", "-1", []], ["max_connections", "-1", []]]],
    "php-settings": ["php-settings", "", [["setting", "", [["name", "safe_mode", []], ["value", "off", []]]]]],
}


def blocks_in(el) -> dict:
    """The blocks present in a plan request, as storable trees."""
    out, count = {}, [0]
    for name in ORDER:
        block = el.find(name)
        if block is not None:
            out[name] = _tree(block, ALLOWED[name], name, count)
    return out


def _tree(el, allowed: set, block: str, count: list) -> list:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise XmlError(1019, f"<{block}> is too large")
    kids = []
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag not in allowed:
            raise XmlError(1019, f"<{block}><{str(child.tag)[:64]}> is not supported by this server")
        kids.append(_tree(child, allowed, block, count))
    value = "" if kids else (el.text or "").strip()
    if len(value) > MAX_TEXT:
        raise XmlError(1019, f"a value in <{block}> is too long")
    return [el.tag, value, kids]


def block_out(settings: dict, name: str) -> Node | None:
    tree = (settings or {}).get(name) or DEFAULTS.get(name)
    return _node(tree) if tree else None


def _node(tree: list) -> Node:
    tag, value, kids = tree
    return n(tag, [_node(k) for k in kids]) if kids else n(tag, value)
