"""The served description is the edition Plesk serves today (tests/.../data holds a copy of it):
the same 50 operations, summaries, parameters, request bodies and schemas; only the documented
adjustments (spec.ADJUSTMENTS) add to it."""
import json
from pathlib import Path

import httpx
import pytest
import yaml

from polypanel.dialects.plesk_rest import spec

from .fixtures import API

CURRENT = json.loads((Path(__file__).parent / "data" / "plesk-rest-v2-openapi3-current.json").read_text())
METHODS = ("get", "put", "post", "delete", "patch")
ADDED_PROPERTIES = {name: {"provisioning"} for name in spec.PROVISIONED} | {"ErrorResponse": {"errors"}}


def _ops(doc):
    return {(m, p): op for p, item in doc["paths"].items() for m, op in item.items() if m in METHODS}


@pytest.fixture(scope="module")
def served(plesk):
    r = httpx.get(plesk.url("plesk_https", API + "/openapi.json"), verify=False)
    assert r.status_code == 200
    return r.json()


def test_the_served_operations_and_summaries_are_the_current_ones(served):
    mine, theirs = _ops(served), _ops(CURRENT)
    assert set(mine) == set(theirs) and len(mine) == 50
    for key, op in theirs.items():
        assert mine[key]["summary"] == op["summary"], key
        assert mine[key].get("operationId") == op.get("operationId"), key
        assert mine[key].get("tags") == op.get("tags"), key
        assert mine[key].get("parameters") == op.get("parameters"), key
        assert mine[key].get("requestBody") == op.get("requestBody"), key
        for code, answer in op["responses"].items():
            assert mine[key]["responses"][code] == answer, (key, code)
    assert mine[("get", "/server")]["summary"] == "Get server information"
    assert mine[("post", "/server/session")]["summary"] == "Create a session token"


def test_the_served_schemas_are_the_current_ones_plus_the_documented_additions(served):
    mine, theirs = served["components"]["schemas"], CURRENT["components"]["schemas"]
    assert set(mine) == set(theirs)
    changed = {"DomainReference", "OwnerClientReference"}  # any one field identifies the object (ADJUSTMENTS)
    for name, schema in theirs.items():
        ours = json.loads(json.dumps(mine[name]))
        for prop in ADDED_PROPERTIES.get(name, ()):
            assert prop in ours["properties"]
            del ours["properties"][prop]
        if name in changed:
            assert ours.pop("minProperties") == 1 and "required" not in ours
            assert ours["properties"] == schema["properties"]
        else:
            assert ours == schema, name
    assert served["components"]["securitySchemes"] == CURRENT["components"]["securitySchemes"]
    assert served["info"]["title"] == CURRENT["info"]["title"] and served["info"]["version"] == "v2"


def test_swagger_2_is_the_same_api(plesk, served):
    for path in ("/swagger.yml", "/swagger.json"):
        r = httpx.get(plesk.url("plesk_https", API + path), verify=False)
        doc = yaml.safe_load(r.text) if path.endswith(".yml") else r.json()
        assert doc["swagger"] == "2.0" and doc["basePath"] == "/api/v2"
        ops = _ops(doc)
        assert set(ops) == set(_ops(CURRENT))
        for key, op in _ops(CURRENT).items():
            assert ops[key]["summary"] == op["summary"]
        assert set(doc["definitions"]) == set(CURRENT["components"]["schemas"])
        body = [p for p in ops[("post", "/server/session")]["parameters"] if p["in"] == "body"][0]
        assert body["schema"] == {"$ref": "#/definitions/SessionRequest"} and body["required"] is True


def test_the_package_ships_the_current_file_unchanged():
    assert spec._vendor() == CURRENT
