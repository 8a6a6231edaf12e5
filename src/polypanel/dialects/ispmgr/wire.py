"""ISPmanager's document model and its output formats.

Every reply is one ``<doc>`` (as in COREmanager): handlers return plain values (``Rows``, ``Form``,
``Ok``, ``Node`` lists), ``document()`` turns them into the XML tree, and each ``out`` format is
derived from that tree: ``xml``/``devel``, ``json`` (``{"doc": ...}``, ``$`` for text, ``$attr``
for attributes), ``sjson`` (``elem``, ``page`` and ``param`` always arrays), ``JSONdata`` (flat data
only), ``text`` (``key=value`` lines), ``print`` and the HTML page (no ``out``).
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from lxml import etree

FORMATS = ("xml", "devel", "json", "sjson", "JSONdata", "text", "print", "html")
ALWAYS_ARRAYS = ("elem", "page", "param")  # sjson
NOT_DATA = ("tparams", "metadata", "saved_filters", "slist", "tips", "p_cnt", "p_elems", "p_num", "p_order", "p_sort")
HIDDEN_PARAMS = ("authinfo", "username", "password", "passwd", "confirm", "auth")  # never echoed in <tparams>
SECRET_SUFFIXES = ("_passwd", "_password", "_confirm")  # ftp_user_passwd, email_passwd, ...: not echoed either


@dataclass
class Node:
    """One element: ``tag`` with attributes, text and children."""

    tag: str
    text: str | None = None
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)


@dataclass
class Rows:
    """A list function's rows: column -> value (``None``: absent; ``True``: a flag, an empty element)."""

    rows: list[dict]
    key: str = "name"


@dataclass
class Form:
    """A form: field -> value, and select lists (``slists``: field -> [(key, label)])."""

    fields: dict
    slists: dict = field(default_factory=dict)


@dataclass
class Ok:
    """A done action: ``<ok/>``, with the id of a created object.

    The API guide shows ``<ok>restart</ok>`` for a change the web server must be restarted for (the
    client then calls ``func=restart``). The surveyed clients never read the text of ``ok``: they test
    that it is there, and call ``restart`` after every change anyway (JBS) or never. The panel applies
    each change and reloads the server itself, so nothing is left to restart: always ``<ok/>``.
    """

    id: str | None = None


@dataclass
class Legacy:
    """ISPmanager 4's flat JSON (``{"elem": [...]}``, ``{"result": "OK"}``) for the v4 names still sent."""

    value: object
    inner: object  # the same result for every other format


def _text(value) -> str:
    return "" if value is None else str(value)


def _append(parent: etree._Element, node: Node) -> None:
    el = etree.SubElement(parent, node.tag, {k: _text(v) for k, v in node.attrs.items()} if node.attrs else None)
    if node.text is not None:
        el.text = _safe(node.text)
    for child in node.children:
        _append(el, child)


# What XML 1.0 cannot hold: control characters but tab, newline and return, lone surrogates, U+FFFE, U+FFFF.
_UNSAFE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _safe(text: str) -> str:
    """Text XML can hold: control characters (and lone surrogates) become U+FFFD."""
    text = str(text)
    if text.isascii() and text.isprintable():  # most values: nothing to replace, no regex run
        return text
    return _UNSAFE.sub("\ufffd", text)


def _append_value(parent: etree._Element, tag: str, value) -> None:
    """``_append(parent, _value_node(tag, value))`` without the Node in between (a list's cells)."""
    if value is None or value is False:
        return
    if value is True:
        etree.SubElement(parent, tag)
    elif isinstance(value, Node):
        _append(parent, value)
    else:
        etree.SubElement(parent, tag).text = _safe(value)


def _value_node(tag: str, value) -> Node | None:
    if value is None or value is False:
        return None
    if value is True:
        return Node(tag)
    if isinstance(value, Node):
        return value
    return Node(tag, _text(value))


def nodes_for(result) -> list[Node]:
    """The children of ``<doc>`` for a handler's result."""
    if isinstance(result, Legacy):
        return nodes_for(result.inner)
    if isinstance(result, Rows):
        out = []
        for row in result.rows:
            out.append(Node("elem", children=[n for k, v in row.items() if (n := _value_node(k, v)) is not None]))
        return out
    if isinstance(result, Form):
        out = [n for k, v in result.fields.items() if (n := _value_node(k, v)) is not None]
        for name, choices in result.slists.items():
            out.append(Node("slist", attrs={"name": name},
                            children=[Node("val", _text(label), {"key": key}) for key, label in choices]))
        return out
    if isinstance(result, Ok):
        out = [Node("ok")]
        if result.id is not None:
            out.append(Node("id", _text(result.id)))
        return out
    if isinstance(result, Node):
        return [result]
    return list(result or [])


def document(func: str, lang: str, out: str, form: dict, result, *, host: str = "",
             rows: bool = True) -> etree._Element:
    """The ``<doc>`` of a result (``rows=False``: a list's frame only, without its ``elem`` rows)."""
    root = etree.Element("doc", {"lang": lang, "func": func, "binary": "/ispmgr", "host": host})
    if isinstance(result, Rows):  # a list: its cells straight into the tree (what nodes_for gives, row by row)
        sub_element = etree.SubElement
        for row in result.rows if rows else ():
            elem = sub_element(root, "elem")
            for k, v in row.items():
                _append_value(elem, k, v)
    else:
        for node in nodes_for(result):
            _append(root, node)
    if isinstance(result, Rows):
        meta = etree.SubElement(root, "metadata", {"name": func, "type": "list", "key": result.key, "mgr": "ispmgr"})
        meta.text = None
        for tag, value in (("p_cnt", len(result.rows)), ("p_elems", len(result.rows)), ("p_num", 1)):
            etree.SubElement(root, tag).text = str(value)
    elif isinstance(result, Form):
        etree.SubElement(root, "metadata", {"name": func, "type": "form", "mgr": "ispmgr"})
    etree.SubElement(root, "saved_filters")
    tparams = etree.SubElement(root, "tparams")
    for key in sorted(form):
        if key in HIDDEN_PARAMS or key.endswith(SECRET_SUFFIXES) or not _tag_ok(key):
            continue
        value = "xjson" if key == "out" and out == "json" else form[key]
        etree.SubElement(tparams, key).text = _safe(value)
    return root


def _tag_ok(name: str) -> bool:
    return bool(name) and len(name) <= 64 and (name[0].isalpha() or name[0] == "_") and \
        all(c.isalnum() or c in "_-." for c in name) and name.isascii()


def error_document(lang: str, error) -> etree._Element:
    """``<doc><error type object lang>...`` (an error document carries no root attributes)."""
    root = etree.Element("doc")
    _append(root, error_node(lang, error))
    return root


def error_node(lang: str, error) -> Node:
    attrs = {"type": error.type, "object": error.object, "lang": lang}
    children = [Node("param", error.object, {"name": "object", "type": "msg"})]
    if error.value is not None:
        children.append(Node("param", error.value, {"name": "value"}))
    if error.group:
        children.append(Node("group", error.group))
    children += [Node("detail", error.message), Node("msg", error.message)]
    return Node("error", attrs=attrs, children=children)


# --- formats ------------------------------------------------------------------------------------


def to_xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _jsonish(el: etree._Element, smart: bool):
    out: dict = {f"${k}": v for k, v in el.items()}
    text = el.text
    if text is not None and (len(el) == 0 or text.strip()):
        out["$"] = text
    for child in el:
        tag = child.tag
        if len(child) or child.items() or (smart and tag == "messages"):
            value = _jsonish(child, smart)
        else:  # a plain leaf (most of a list): what _jsonish gives for it, without the call
            value = {} if (leaf := child.text) is None else {"$": leaf}
        if smart and tag in ALWAYS_ARRAYS:
            out.setdefault(tag, []).append(value)
        elif tag in out:
            if not isinstance(out[tag], list):
                out[tag] = [out[tag]]
            out[tag].append(value)
        else:
            out[tag] = value
    if smart and el.tag == "messages":
        out = {"$name": el.get("name", ""), "msg": {m.get("name", ""): m.text or "" for m in el}}
    return out


def to_json(root: etree._Element, smart: bool = False) -> dict:
    return {"doc": _jsonish(root, smart)}


def _merge(out: dict, tag: str, value, smart: bool) -> None:
    """A child's JSON into its parent's, as ``_jsonish`` puts it."""
    if smart and tag in ALWAYS_ARRAYS:
        out.setdefault(tag, []).append(value)
    elif tag in out:
        if not isinstance(out[tag], list):
            out[tag] = [out[tag]]
        out[tag].append(value)
    else:
        out[tag] = value


def list_json(func: str, lang: str, out: str, form: dict, result: Rows, *, host: str = "") -> dict | None:
    """``to_json(document(...))`` of a list, its rows turned into JSON without a tree (a list of many
    objects is most of the work of a reply); None when a row holds what only the tree path renders."""
    smart, tags, elems = out == "sjson", set(), []
    made: dict = {}  # an element cell without children (the same in every row, mostly) -> its JSON
    for row in result.rows:
        elem: dict = {}
        for tag, value in row.items():
            if value is None or value is False:
                continue
            if isinstance(value, Node):
                key = None if value.children else (value.tag, value.text, tuple(value.attrs.items()))
                try:
                    cell = made.get(key) if key is not None else None
                except TypeError:  # an attribute value that cannot be a key: made each time
                    key = cell = None
                if cell is None:
                    holder = etree.Element("elem")
                    _append(holder, value)
                    cell = _jsonish(holder[0], smart)
                    if key is not None:
                        made[key] = cell
                tag = value.tag
            elif smart and tag == "messages":
                return None
            else:
                cell = {} if value is True else {"$": _safe(value)}
            if tag not in tags:
                etree.Element(tag)  # a name the tree would refuse is refused here too (ValueError)
                tags.add(tag)
            _merge(elem, tag, cell, smart)
        elems.append(elem)
    frame = _jsonish(document(func, lang, out, form, result, host=host, rows=False), smart)
    doc = {k: v for k, v in frame.items() if k.startswith("$")}
    for elem in elems:
        _merge(doc, "elem", elem, smart)
    doc.update((k, v) for k, v in frame.items() if not k.startswith("$"))
    return {"doc": doc}


def _flat(el: etree._Element):
    if not el.attrib and len(el) == 0:
        return el.text or ""
    out: dict = dict(el.attrib)
    for child in el:
        out[child.tag] = _flat(child)
    if el.text and el.text.strip():
        out["$"] = el.text
    return out


def to_jsondata(root: etree._Element):
    """Data only: a list is a top-level array of flat rows; anything else one flat object."""
    elems = root.findall("elem")
    if elems:
        return [{c.tag: _flat(c) for c in e} for e in elems]
    if root.find("metadata[@type='list']") is not None:
        return []
    return {c.tag: _flat(c) for c in root if c.tag not in NOT_DATA}


def _line_value(el: etree._Element) -> str:
    return (el.text or "").replace("\n", " ")


def to_text(root: etree._Element) -> str:
    """mgrctl's default: a row per line (``col=value`` separated by spaces), or a ``field=value`` per line."""
    error = root.find("error")
    if error is not None:
        return f"ERROR {error.get('type')}({error.get('object')}): {error.findtext('msg') or ''}\n"
    elems = root.findall("elem")
    if elems:
        return "".join(" ".join(f"{c.tag}={_line_value(c)}" for c in e) + "\n" for e in elems)
    lines = []
    for c in root:
        if c.tag in NOT_DATA:
            continue
        if c.tag == "ok":
            lines.append("OK" if not c.text else f"OK {c.text}")
        elif c.tag == "auth":
            lines.append(f"auth={c.get('id')}")
            lines.append(f"level={c.get('level')}")
        elif len(c) == 0:
            lines.append(f"{c.tag}={_line_value(c)}")
        else:
            lines.append(" ".join(f"{k}={v}" for k, v in c.attrib.items()) or c.tag)
    return "".join(line + "\n" for line in lines)


def to_html(root: etree._Element, title: str, printable: bool = False) -> str:
    """A readable page: a table for a list, a definition list for anything else."""
    esc = html.escape
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{esc(title)}</title></head><body>",
             f"<h1>{esc(title)}</h1>"]
    error = root.find("error")
    elems = root.findall("elem")
    if error is not None:
        parts.append(f"<p class='error'>{esc(error.findtext('msg') or '')}</p>")
    elif elems:
        cols: list[str] = []
        for e in elems:
            cols += [c.tag for c in e if c.tag not in cols]
        parts.append("<table border='1'><tr>" + "".join(f"<th>{esc(c)}</th>" for c in cols) + "</tr>")
        for e in elems:
            parts.append("<tr>" + "".join(f"<td>{esc(e.findtext(c) or '')}</td>" for c in cols) + "</tr>")
        parts.append("</table>")
    else:
        parts.append("<dl>")
        for c in root:
            if c.tag not in NOT_DATA:
                parts.append(f"<dt>{esc(c.tag)}</dt><dd>{esc(c.text or ' '.join(f'{k}={v}' for k, v in c.attrib.items()))}</dd>")
        parts.append("</dl>")
    if not printable:
        parts.append("<p><small>polypanel: ISPmanager API. Add out=xml, out=json or out=text to the request.</small></p>")
    parts.append("</body></html>")
    return "".join(parts)


def render(root: etree._Element, out: str, title: str = "ISPmanager") -> tuple[bytes, str]:
    """(body, media type) of the document in ``out``."""
    if out in ("xml", "devel"):
        return to_xml(root), "text/xml; charset=UTF-8"
    if out in ("json", "sjson"):
        return _dumps(to_json(root, smart=out == "sjson")), "application/json; charset=UTF-8"
    if out == "JSONdata":
        return _dumps(to_jsondata(root)), "application/json; charset=UTF-8"
    if out == "text":
        return to_text(root).encode("utf-8"), "text/plain; charset=UTF-8"
    return to_html(root, title, printable=out == "print").encode("utf-8"), "text/html; charset=UTF-8"


def legacy_json(value) -> tuple[bytes, str]:
    return render_json(value)


def render_json(value) -> tuple[bytes, str]:
    """(body, media type) of a JSON value (``list_json``'s document)."""
    return _dumps(value), "application/json; charset=UTF-8"


def _dumps(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "backslashreplace")


# --- request values -> core values, core values -> columns ----------------------------------------

LEVELS = {"customer": 16, "reseller": 24, "admin": 30}  # ISPmanager's access levels: user, reseller, super
# ISPmanager limit fields -> core limit keys (-1: unlimited, shown as an empty value)
LIMITS = {
    "limit_quota": "disk_space_mb", "limit_traff": "traffic_mb", "limit_webdomains": "max_domains",
    "limit_db": "max_databases", "limit_db_users": "max_db_users", "limit_ftp_users": "max_ftp_users",
    "limit_emails": "max_mailboxes", "limit_users": "max_customers",
}
USER_LIMITS = {k: v for k, v in LIMITS.items() if k != "limit_users"}
CUSTOM_PRESET = "#custom"


def level(role: str) -> int:
    return LEVELS.get(role, 16)


def on_off(value: bool) -> str:
    return "on" if value else "off"


def limits_from_form(form: dict, fields=LIMITS) -> dict | None:
    """The core limits a form sets (only the fields sent); None when it sends none."""
    out = {}
    for field_name, key in fields.items():
        if field_name in form:
            value = str(form[field_name]).strip()
            out[key] = -1 if value in ("", "unlimited") else value
    return out or None


def limits_to_form(limits: dict, fields=LIMITS) -> dict:
    out = {}
    for field_name, key in fields.items():
        value = (limits or {}).get(key, -1)
        out[field_name] = "" if value is None or int(value) < 0 else str(value)
    return out
