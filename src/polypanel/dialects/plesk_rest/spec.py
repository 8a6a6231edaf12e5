"""The Plesk REST API v2 description: loaded once, adjusted to what this server does, served, and
used to check every request, so that the published spec and the behaviour cannot drift apart.

The vendor file (OpenAPI 3.0, as Plesk publishes it) ships unchanged beside this module;
``ADJUSTMENTS`` lists each deliberate difference and why.
"""
from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources

import jsonschema

VENDOR_FILE = "plesk-rest-v2-openapi3-current.json"  # the edition Plesk serves today (50 operations)
BASE_PATH = "/api/v2"
METHODS = ("get", "put", "post", "delete", "patch")
MAX_INT = 2**31 - 1

ADJUSTMENTS = """\
Differences from the vendor file, each matching what this server does:
- DomainReference and OwnerClientReference in requests need any one of their fields, not all
  (clients commonly send only a name or a login).
- ErrorResponse documents the optional `errors` list returned with validation failures.
- Every operation documents 400, 401, 403 and 404 answers with an ErrorResponse body.
- Domains, DNS records, databases, database users and FTP users carry a read-only `provisioning`
  object: the latest state of the object on its server (`ok`, `pending` or `error`) and the
  tool's message when the server refused it, so a change the server did not take is never
  shown as done.
- POST /server/session accepts `skip_mfa` and has nothing to skip: the panel's login has no second
  factor yet. Its token is single-use, bound to `user_ip` (or the caller's address) and lives 300 s.
"""

PROVISIONED = ("DomainResponse", "DnsRecord", "Database", "DatabaseUser", "FtpUser")
PROVISIONING = {
    "type": "object",
    "readOnly": True,
    "description": "polypanel: the latest provisioning state of the object on its server.",
    "properties": {
        "status": {"type": "string", "enum": ["ok", "pending", "error"]},
        "message": {"type": "string", "description": "The tool's message when the server refused the object"},
    },
}

ERROR_ANSWERS = {
    "400": "Invalid request data",
    "401": "Missing or wrong credentials",
    "403": "Not allowed: only the administrator may use this API (and resellers and customers POST /server/session), from an allowed address",
    "404": "The object is not found",
}


def _vendor() -> dict:
    return json.loads(resources.files(__package__).joinpath(VENDOR_FILE).read_text(encoding="utf-8"))


def _error_ref() -> dict:
    return {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}}


@functools.cache
def openapi3() -> dict:
    """The served OpenAPI 3.0 document (callers must not change it: use ``copy.deepcopy``)."""
    spec = _vendor()
    spec["info"]["description"] = ("Plesk REST API v2, served by polypanel.\n\n" + ADJUSTMENTS)
    schemas = spec["components"]["schemas"]
    for name in ("DomainReference", "OwnerClientReference"):
        schemas[name].pop("required", None)
        schemas[name]["minProperties"] = 1
        schemas[name]["description"] = "Any one of the fields identifies the object."
    for name in PROVISIONED:
        schemas[name]["properties"]["provisioning"] = copy.deepcopy(PROVISIONING)
    schemas["ErrorResponse"]["properties"]["errors"] = {
        "type": "array",
        "items": {"type": "object", "properties": {"property": {"type": "string"}, "message": {"type": "string"}}},
    }
    for ops in spec["paths"].values():
        for method, op in ops.items():
            if method not in METHODS:
                continue
            for code, text in ERROR_ANSWERS.items():
                op["responses"].setdefault(code, {"description": text, **_error_ref()})
    return spec


def operation_count() -> int:
    return sum(1 for ops in openapi3()["paths"].values() for m in ops if m in METHODS)


# --- OpenAPI 2.0 (Swagger), as Plesk serves /api/v2/swagger.yml -------------------------------


def _schema2(node):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                out[k] = v.replace("#/components/schemas/", "#/definitions/")
            elif k == "minProperties" and isinstance(v, int):
                out[k] = v
            else:
                out[k] = _schema2(v)
        return out
    if isinstance(node, list):
        return [_schema2(v) for v in node]
    return node


def _parameter2(p: dict) -> dict:
    out = {k: v for k, v in p.items() if k not in ("schema", "example")}
    out.update(_schema2(p.get("schema", {})))
    if "example" in p:
        out["x-example"] = p["example"]
    return out


def swagger2(schemes: tuple[str, ...] = ("https",)) -> dict:
    """The same API as OpenAPI 2.0."""
    spec = openapi3()
    out = {
        "swagger": "2.0",
        "info": copy.deepcopy(spec["info"]),
        "basePath": BASE_PATH,
        "schemes": list(schemes),
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "securityDefinitions": {
            "BasicAuth": {"type": "basic"},
            "APIKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        },
        "security": copy.deepcopy(spec["security"]),
        "tags": copy.deepcopy(spec["tags"]),
        "paths": {},
        "definitions": _schema2(spec["components"]["schemas"]),
    }
    for path, ops in spec["paths"].items():
        item = {}
        for method, op in ops.items():
            if method not in METHODS:
                continue
            new = {k: copy.deepcopy(v) for k, v in op.items() if k not in ("parameters", "requestBody", "responses")}
            params = [_parameter2(p) for p in op.get("parameters", [])]
            body = op.get("requestBody")
            if body:
                params.append({"in": "body", "name": "body", "description": body.get("description", ""),
                               "required": bool(body.get("required")),
                               "schema": _schema2(body["content"]["application/json"]["schema"])})
            if params:
                new["parameters"] = params
            new["responses"] = {}
            for code, answer in op["responses"].items():
                r = {"description": answer.get("description", "")}
                schema = answer.get("content", {}).get("application/json", {}).get("schema")
                if schema is not None:
                    r["schema"] = _schema2(schema)
                new["responses"][code] = r
            item[method] = new
        out["paths"][path] = item
    return out


# --- checking requests --------------------------------------------------------------------------


class RequestInvalid(Exception):
    """The request does not match the spec: ``errors`` is a list of (property, message)."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{p}: {m}" if p else m for p, m in errors))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _printable(key: str) -> str:
    """A property name as it can be sent back in an error (a lone surrogate shown as ``\\ud800``)."""
    return key.encode("utf-8", "backslashreplace").decode("utf-8")


def _text_errors(value, where: str, errors: list) -> None:
    """Every string (and property name) must be text that can be stored and sent back: no NUL
    characters and no lone UTF-16 surrogates (JSON's "\\ud800" decodes to one, UTF-8 cannot encode it)."""
    if isinstance(value, str):
        if "\x00" in value:
            errors.append((where, "must not contain NUL characters"))
        if _SURROGATE.search(value):
            errors.append((where, "must not contain lone surrogates (\\ud800-\\udfff): send valid Unicode text"))
    elif isinstance(value, dict):
        for k, v in value.items():
            name = _printable(str(k))
            _text_errors(k, f"{where}.{name}" if where else name, errors)
            _text_errors(v, f"{where}.{name}" if where else name, errors)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _text_errors(v, f"{where}[{i}]", errors)


def check_text(body) -> None:
    """Raises RequestInvalid if a string in a decoded JSON body has a NUL or a lone surrogate."""
    errors: list[tuple[str, str]] = []
    _text_errors(body, "", errors)
    if errors:
        raise RequestInvalid(errors[:10])


def _scalar(raw: str, schema: dict, name: str, errors: list):
    if schema.get("type") == "integer":
        if not re.fullmatch(r"[+-]?\d{1,30}", raw or ""):
            errors.append((name, "must be an integer"))
            return None
        return int(raw)
    return raw


def _errors(err: jsonschema.ValidationError) -> list[tuple[str, str]]:
    """(property, message) pairs of one schema error; a missing required property is named itself."""
    path = ".".join(str(p) for p in err.absolute_path)
    if err.validator == "required" and isinstance(err.validator_value, list) and isinstance(err.instance, dict):
        missing = [k for k in err.validator_value if k not in err.instance]
        return [(f"{path}.{k}" if path else k, "is required") for k in missing]
    return [(path, err.message)]


@dataclass
class Operation:
    method: str
    path: str
    params: list[dict]
    body_schema: dict | None
    body_required: bool
    success: str
    validator: jsonschema.protocols.Validator | None = field(default=None, repr=False)

    def check(self, path_params: dict, query: dict, body) -> tuple[dict, dict]:
        """Typed path and query parameters; raises RequestInvalid."""
        errors: list[tuple[str, str]] = []
        typed_path, typed_query = {}, {}
        for p in self.params:
            name, where = p["name"], p["in"]
            source = path_params if where == "path" else query if where == "query" else {}
            if name not in source:
                if p.get("required"):
                    errors.append((name, "is required"))
                continue
            _text_errors(source[name], name, errors)
            value = _scalar(source[name], p.get("schema", {}), name, errors)
            (typed_path if where == "path" else typed_query)[name] = value
        if body is not None:
            _text_errors(body, "", errors)
        if self.validator is not None and body is not None and not errors:
            for err in sorted(self.validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
                errors.extend(_errors(err))
                if len(errors) >= 10:
                    break
        if errors:
            raise RequestInvalid(errors)
        return typed_path, typed_query


@functools.cache
def operations() -> dict[tuple[str, str], Operation]:
    spec = openapi3()
    out = {}
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method not in METHODS:
                continue
            body = op.get("requestBody")
            schema = body["content"]["application/json"]["schema"] if body else None
            validator = None
            if schema is not None:
                root = {"allOf": [schema], "components": spec["components"]}
                validator = jsonschema.Draft7Validator(root)
            success = next(c for c in op["responses"] if c.startswith("2"))
            out[(method.upper(), path)] = Operation(method.upper(), path, op.get("parameters", []), schema,
                                                    bool(body and body.get("required")), success, validator)
    return out
