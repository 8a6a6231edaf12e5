"""The served spec: what Plesk publishes, adjusted only where documented, in both versions, without credentials."""
import json

import httpx
import pytest
import yaml
from openapi_spec_validator import validate

from polypanel.dialects.plesk_rest import operations, routes, spec

from .fixtures import API


def test_the_spec_has_the_50_operations_on_33_paths_and_each_has_a_handler():
    ops = spec.operations()
    assert len(ops) == 50
    assert len({path for _m, path in ops}) == 33
    assert set(ops) == set(operations.OPERATIONS) | set(routes.GATEWAY)


def test_both_versions_are_valid_documents():
    validate(spec.openapi3())
    validate(spec.swagger2())


def test_the_adjustments_keep_the_vendor_file_otherwise_unchanged():
    vendor = spec._vendor()
    served = spec.openapi3()
    assert served["info"]["title"] == vendor["info"]["title"] == "Plesk RESTful API"
    assert served["servers"] == vendor["servers"] == [{"url": "/api/v2", "description": "Plesk Server REST API"}]
    assert served["components"]["securitySchemes"] == vendor["components"]["securitySchemes"]
    for path, ops in vendor["paths"].items():
        for method, op in ops.items():
            mine = served["paths"][path][method]
            assert mine.get("parameters") == op.get("parameters")
            for code, answer in op["responses"].items():
                assert mine["responses"][code] == answer
    assert "required" not in served["components"]["schemas"]["DomainReference"]


def test_swagger2_turns_request_bodies_into_body_parameters_and_refs_into_definitions():
    v2 = spec.swagger2()
    post = v2["paths"]["/clients"]["post"]
    body = [p for p in post["parameters"] if p["in"] == "body"][0]
    assert body["schema"] == {"$ref": "#/definitions/ClientRequest"} and body["required"] is True
    assert v2["securityDefinitions"]["APIKeyHeader"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    assert "#/components/" not in json.dumps(v2)
    dns = v2["paths"]["/dns/records"]["get"]["parameters"][0]
    assert dns == {"in": "query", "name": "domain", "description": "Filter by domain or domain alias name",
                   "required": True, "type": "string", "x-example": "example.com"}


@pytest.mark.parametrize("path", ["/swagger.yml", "/swagger.json", "/openapi.json"])
def test_the_spec_is_served_without_credentials(plesk, path):
    r = httpx.get(plesk.url("plesk_https", API + path), verify=False)
    assert r.status_code == 200
    doc = yaml.safe_load(r.text) if path.endswith(".yml") else r.json()
    if path == "/openapi.json":
        assert doc == spec.openapi3()
    else:
        assert doc == spec.swagger2(("https",))
        assert doc["basePath"] == "/api/v2" and doc["schemes"] == ["https"]
    assert r.headers["content-type"].startswith("application/yaml" if path.endswith(".yml") else "application/json")


def test_requests_are_checked_against_the_spec(admin_api):
    r = admin_api.post("/clients", json={"login": "nobody-here", "type": "customer"})
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == 400 and body["message"]
    props = {e["property"] for e in body["errors"]}
    assert {"name", "password", "email"} <= props
    r = admin_api.post("/clients", json={"name": 5, "login": "x1", "password": "p", "email": "e@x.y", "type": "boss"})
    assert r.status_code == 400
    assert {e["property"] for e in r.json()["errors"]} == {"name", "type"}
    assert admin_api.post("/clients", content=b"{not json").status_code == 400
    assert admin_api.post("/clients", json=[1, 2]).status_code == 400
    assert admin_api.get("/dns/records").json()["errors"] == [{"property": "domain", "message": "is required"}]
    assert admin_api.get("/dbusers", params={"dbId": "x"}).status_code == 400
    assert admin_api.get("/clients/abc").status_code == 400
    r = admin_api.post("/clients", json={"name": "a\x00b", "login": "nul", "password": "Passw0rd!x", "email": "a@b.cd",
                                         "type": "customer"})
    assert r.status_code == 400
