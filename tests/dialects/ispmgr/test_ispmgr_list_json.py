"""A list's JSON made without the XML tree (wire.list_json) is the JSON the tree gives, for the awkward
cells too: flags, absent values, control characters, elements with attributes and children, a cell
named like one sjson always makes an array, one row (an object, not an array) and none."""
from __future__ import annotations

import json

import pytest

from polypanel.dialects.ispmgr import wire
from polypanel.dialects.ispmgr.wire import Node, Rows

FORM = {"func": "webdomain", "out": "json", "lang": "ru", "elid": "a\x01b", "auth": "secret"}
ROWS = [
    {"id": 1, "name": "one.example", "active": "on", "disabled": None, "flag": True, "gone": False,
     "text": "tab\there\nnew line\r and \x00\x1f\ud800 \ufffe end", "unicode": "пример.рф", "number": 0},
    {"id": 2, "name": "", "database": Node("database", "Not used", {"orig": "db_not_assigned"}),
     "param": "p1", "page": "x", "elem": "nested"},
    {"id": 3, "tree": Node("tree", None, {"a": "1"}, [Node("leaf", "x"), Node("leaf", "y"), Node("param", "z")]),
     "alias": Node("other", "renamed"), "other": "clash"},
    {"id": 4, "blank": " ", "empty": "", "database": Node("database", "Not used", {"orig": "db_not_assigned"}),
     "odd": Node("odd", "v", {"list": ["not", "hashable"]})},
]


@pytest.mark.parametrize("out", ["json", "sjson"])
@pytest.mark.parametrize("count", [0, 1, 2, len(ROWS)])
def test_list_json_is_what_the_tree_gives(out, count):
    result = Rows(ROWS[:count], key="id")
    want = wire.render(wire.document("webdomain", "ru", out, FORM, result, host="https://h"), out)[0]
    got = wire.list_json("webdomain", "ru", out, FORM, result, host="https://h")
    assert wire.render_json(got)[0] == want
    doc = json.loads(want)["doc"]
    assert doc["p_cnt"]["$"] == str(count)
    if count:  # the comparison compared rows
        assert "elem" in doc


def test_a_cell_name_the_tree_refuses_is_refused_too():
    bad = Rows([{"no spaces": "x"}])
    with pytest.raises(ValueError):
        wire.document("webdomain", "en", "json", {}, bad)
    with pytest.raises(ValueError):
        wire.list_json("webdomain", "en", "json", {}, bad)


def test_an_sjson_messages_cell_is_left_to_the_tree():
    assert wire.list_json("webdomain", "en", "sjson", {}, Rows([{"messages": "x"}])) is None
