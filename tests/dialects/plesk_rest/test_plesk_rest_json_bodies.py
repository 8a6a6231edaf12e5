"""Request bodies that decode as JSON but cannot be used: `null` and other non-objects, lone surrogates.

Each gets the API's own 400 (a JSON body with ``code`` and ``message``), never a 500 or a plain-text page,
and nothing is stored.
"""
import pytest

from polypanel.dialects.plesk_rest import spec

from .fixtures import unique

WITH_BODY = sorted(k for k, op in spec.operations().items() if op.body_schema is not None)


def concrete(path: str, world) -> str:
    return (path.replace("/clients/{id}", f"/clients/{world.client_id}")
            .replace("/domains/{id}", f"/domains/{world.domain_id}")
            .replace("{id}", "1").replace("{name}", "n"))


def assert_plesk_400(r, property_=None):
    assert r.status_code == 400, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["code"] == 400 and body["message"]
    if property_ is not None:
        assert property_ in {e["property"] for e in body["errors"]}, body
    return body


def test_every_operation_with_a_body_is_listed():
    # The eleven of the report plus /auth/keys, /cli/{id}/call, /server/init, /server/license, /extensions
    # and PUT /dns/records/{id}; and POST /server/session of the current spec.
    assert len(WITH_BODY) == 18


@pytest.mark.parametrize("method,path", WITH_BODY, ids=[f"{m} {p}" for m, p in WITH_BODY])
@pytest.mark.parametrize("raw", [b"null", b"[]", b"7", b'"text"', b"true"])
def test_a_body_that_is_not_an_object_is_a_400(admin_api, world, method, path, raw):
    r = admin_api.request(method, concrete(path, world), content=raw, headers={"Content-Type": "application/json"})
    body = assert_plesk_400(r)
    assert "JSON object" in body["message"] or "must be an object" in body["message"] or "is not of type" in body["message"]


def client_body(name: str, login: str) -> dict:
    return {"name": name, "login": login, "password": "Cust0mer-Pass!", "email": f"{login}@example.com",
            "type": "customer"}


def raw_json(fields: dict) -> bytes:
    """JSON text with the strings written as given (json.dumps would refuse nothing, but httpx re-encodes)."""
    parts = ", ".join(f'"{k}": "{v}"' for k, v in fields.items())
    return ("{" + parts + "}").encode("ascii")


@pytest.mark.parametrize("field", ["name", "login", "email"])
def test_a_lone_surrogate_in_a_client_field_is_a_400_and_nothing_is_stored(admin_api, field):
    login = unique("sur")
    fields = {**client_body("Sur Rogate", login), field: r"x\ud800y"}
    before = admin_api.get("/clients").json()
    r = admin_api.post("/clients", content=raw_json(fields), headers={"Content-Type": "application/json"})
    body = assert_plesk_400(r, field)
    assert "surrogate" in body["message"]
    assert admin_api.get("/clients").json() == before


@pytest.mark.parametrize("text", [r"\ud800", r"\udfff", r"a\udc80", r"\ude00\ud83d"])
def test_a_lone_surrogate_in_a_domain_name_is_a_400(admin_api, world, text):
    before = admin_api.get("/domains").json()
    r = admin_api.post("/domains", content=raw_json({"name": text + ".example"}),
                       headers={"Content-Type": "application/json"})
    assert_plesk_400(r, "name")
    r = admin_api.put(f"/domains/{world.domain_id}", content=raw_json({"name": text + ".example"}),
                      headers={"Content-Type": "application/json"})
    assert_plesk_400(r, "name")
    assert admin_api.get("/domains").json() == before


def test_surrogates_anywhere_in_the_body_are_named_in_the_error(admin_api, world):
    h = {"Content-Type": "application/json"}
    # Nested: a reference object, and a property name that is itself a lone surrogate.
    r = admin_api.post("/domains", content=b'{"name": "ok.example", "owner_client": {"login": "\\ud800"}}', headers=h)
    assert_plesk_400(r, "owner_client.login")
    r = admin_api.post("/domains", content=b'{"name": "ok.example", "\\ud800": 1}', headers=h)
    body = assert_plesk_400(r)
    assert body["errors"][0]["property"] == "\\ud800"
    # In a list, and in the DNS records of an existing domain.
    r = admin_api.post("/cli/domain/call", content=b'{"params": ["--info", "\\udbff"]}', headers=h)
    assert_plesk_400(r, "params[1]")
    r = admin_api.post("/dns/records", params={"domain": world.domain},
                       content=b'{"type": "TXT", "host": "", "value": "v\\udc00"}', headers=h)
    assert_plesk_400(r, "value")


def test_a_surrogate_pair_is_ordinary_text_and_is_kept(admin_api):
    # "\ud83d\ude00" is the JSON escape of one character (U+1F600): valid, stored and sent back as given.
    login = unique("pair")
    fields = client_body(r"Smile \ud83d\ude00", login)
    r = admin_api.post("/clients", content=raw_json(fields), headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    assert admin_api.get(f"/clients/{r.json()['id']}").json()["name"] == "Smile \U0001F600"


def test_surrogates_in_the_url_never_reach_the_core(admin_api, world):
    # Percent-encoded surrogates are not UTF-8: the server decodes them as replacement characters.
    r = admin_api.get("/dns/records", params={"domain": "\udcff.example".encode("utf-8", "surrogatepass")})
    assert r.status_code == 404 and r.json()["code"] == 404
    r = admin_api.get("/clients/%ED%A0%80")
    assert_plesk_400(r, "id")
