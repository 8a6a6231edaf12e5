"""The Plesk XML API's wire format: a hardened packet parser and the reply packet writer.

Parsing: lxml with entity resolution, DTD loading and network access off, no huge trees; a
packet with a DOCTYPE, too many elements or too deep a tree is refused (error 1014).
Writing: ``<packet version=..>`` with one element per request operator, in request order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

# Protocol versions this server speaks (server.get_protos), oldest first.
PROTOS = ("1.0.0.0", "1.1.0.0", "1.2.0.0", "1.3.0.0", "1.3.1.0", "1.3.2.0", "1.3.3.0", "1.3.4.0", "1.3.5.0",
          "1.3.5.1", "1.4.0.0", "1.4.1.0", "1.4.1.1", "1.4.1.2", "1.4.2.0", "1.5.0.0", "1.5.1.0", "1.5.2.0",
          "1.5.2.1", "1.6.0.0", "1.6.0.1", "1.6.0.2", "1.6.1.0", "1.6.2.0", "1.6.3.0", "1.6.3.1", "1.6.3.2",
          "1.6.3.3", "1.6.3.4", "1.6.3.5", "1.6.4.0", "1.6.5.0", "1.6.6.0", "1.6.7.0", "1.6.8.0", "1.6.9.0",
          "1.6.9.1")
NEWEST = PROTOS[-1]
MAX_ELEMENTS = 20_000
MAX_DEPTH = 40
MAX_TEXT = 64 * 1024


class PacketError(Exception):
    """A packet that cannot be processed at all: a ``<system>`` error."""

    def __init__(self, code: int, text: str):
        super().__init__(text)
        self.code = code
        self.text = text


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True, collect_ids=False)


def _version_tuple(v: str) -> tuple[int, ...] | None:
    parts = v.split(".")
    if not 1 <= len(parts) <= 4 or not all(p.isdigit() and len(p) <= 4 for p in parts):
        return None
    return tuple(int(p) for p in parts) + (0,) * (4 - len(parts))


def supported(version: str) -> bool:
    t = _version_tuple(version)
    return t is not None and _version_tuple(PROTOS[0]) <= t <= _version_tuple(NEWEST)


def parse_packet(body: bytes) -> tuple[str | None, etree._Element]:
    """The packet root and its requested version (None when absent). Raises ``PacketError``."""
    if not body or not body.strip():
        raise PacketError(1014, "Parser error: Request is empty")
    try:
        tree = etree.fromstring(body, _parser()).getroottree()
    except (etree.XMLSyntaxError, ValueError) as e:
        raise PacketError(1014, f"Parser error: Cannot parse the XML from the stream: {_short(e)}") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise PacketError(1014, "Parser error: document type declarations are not accepted")
    root = tree.getroot()
    count = 0
    for el in root.iter():
        count += 1
        if not isinstance(el.tag, str):  # an entity reference left unexpanded
            raise PacketError(1014, "Parser error: entity references are not accepted")
        if count > MAX_ELEMENTS:
            raise PacketError(1014, "Parser error: the packet has too many elements")
        if el.text and len(el.text) > MAX_TEXT:
            raise PacketError(1014, "Parser error: a value is too long")
    if _depth(root) > MAX_DEPTH:
        raise PacketError(1014, "Parser error: the packet is nested too deeply")
    if root.tag != "packet":
        raise PacketError(1014, f"Parser error: the root element must be <packet>, not <{_name(root)}>")
    version = root.get("version")
    if version is not None:
        version = version.strip()
        if not supported(version):
            raise PacketError(1005, "Unsupported protocol version")
    return version, root


def _depth(root) -> int:
    deepest, stack = 0, [(root, 1)]
    while stack:
        el, d = stack.pop()
        deepest = max(deepest, d)
        if d <= MAX_DEPTH:
            stack.extend((c, d + 1) for c in el)
    return deepest


def _short(e: Exception) -> str:
    return str(e).splitlines()[0][:200] if str(e) else "malformed"


def _name(el) -> str:
    return str(el.tag)[:64]


def children(el) -> list:
    return [c for c in el if isinstance(c.tag, str)]


def text(el, name: str, default: str | None = None) -> str | None:
    """The text of ``el``'s child ``name`` ("" for an empty element), or ``default`` when absent."""
    child = el.find(name) if el is not None else None
    if child is None:
        return default
    return (child.text or "").strip()


def texts(el, name: str) -> list[str]:
    return [(c.text or "").strip() for c in el.findall(name)] if el is not None else []


def props(el) -> dict[str, str]:
    """``<property><name>N</name><value>V</value></property>``* -> {N: V}."""
    out = {}
    for p in el.findall("property") if el is not None else []:
        name = text(p, "name")
        if name:
            out[name] = text(p, "value", "") or ""
    return out


# --- building replies ---------------------------------------------------------------------------


@dataclass
class Node:
    """A reply element: a tag with text or children (in order)."""

    tag: str
    text: str | None = None
    children: list = field(default_factory=list)


def n(tag: str, value=None, *kids) -> Node:
    if kids or isinstance(value, Node):
        return Node(tag, None, [k for k in ((value,) if isinstance(value, Node) else ()) + kids if k is not None])
    if isinstance(value, (list, tuple)):
        return Node(tag, None, [k for k in value if k is not None])
    if value is None:
        return Node(tag)
    if isinstance(value, bool):
        value = "true" if value else "false"
    return Node(tag, str(value))


def prop_list(tag: str, items: dict) -> Node:
    return Node(tag, None, [n("property", n("name", k), n("value", v)) for k, v in items.items()])


def _build(parent, node: Node) -> None:
    el = etree.SubElement(parent, node.tag)
    if node.text is not None:
        el.text = _clean(node.text)
    for c in node.children:
        _build(el, c)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # every character below " " but tab, newline, return


def _clean(value: str) -> str:
    # XML 1.0 cannot carry most control characters; a stored value never should, but never fail on one.
    return _CONTROL.sub("", value)


def packet(version: str, operators: list[tuple[str, list[tuple[str, list[Node]]]]], pretty: bool) -> bytes:
    """``operators``: [(operator, [(operation, [result nodes])])] -> the reply document."""
    root = etree.Element("packet", version=version)
    for operator, operations in operators:
        op_el = etree.SubElement(root, operator)
        for operation, results in operations:
            ope = etree.SubElement(op_el, operation)
            for r in results:
                _build(ope, r)
    return document(root, pretty)


def system_error(version: str, code: int, text_: str, pretty: bool) -> bytes:
    root = etree.Element("packet", version=version)
    _build(root, n("system", n("status", "error"), n("errcode", code), n("errtext", text_)))
    return document(root, pretty)


def document(root, pretty: bool) -> bytes:
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=pretty)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + (b"" if pretty else b"\n")
