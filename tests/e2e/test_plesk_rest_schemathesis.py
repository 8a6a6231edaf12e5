"""Property-based tests of the REST API against its own served spec (schemathesis): no 5xx, and every
answer (status, content type, body) as the spec says. Requests are made with an admin API key."""
import copy
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from polypanel.dialects.plesk_rest import spec
from tests.conftest import ADMIN_PASSWORD
from tests.dialects.plesk_rest.fixtures import API, client

# Left out: positive_data_acceptance, because schema-valid data that the core's own rules refuse (a
# weak password, a login with spaces, ...) gets a documented 400, which is no spec violation; and
# ignored_auth, whose probes with made-up credentials would trip the brute-force guard for the
# test's address (every operation's refusal without credentials is tested in test_plesk_rest_auth).
EXCLUDED = [checks.positive_data_acceptance, checks.ignored_auth]
pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")


@pytest.fixture(scope="module")
def fuzzed_server(plesk_servers):
    server = plesk_servers.start("fuzz")
    with client(server, auth=("admin", ADMIN_PASSWORD)) as api:
        # Initialised once, so that a generated /server/init cannot change the admin's password.
        assert api.post("/server/init", json={"admin": {"name": "Admin", "email": "admin@example.com"},
                                              "password": ADMIN_PASSWORD}).status_code == 200
        key = api.post("/auth/keys", json={"description": "schemathesis"}).json()["key"]
        api.post("/domains", json={"name": "fuzz.example"})
    return server, key


# The document the server serves at /api/v2/openapi.json (tests/dialects/plesk_rest checks they are equal).
schema = schemathesis.openapi.from_dict(copy.deepcopy(spec.openapi3()))


@schema.auth()
class AdminKey:
    """Every generated request carries the admin's API key (and no made-up credentials).

    Cases may be generated before the server exists: the key is put in when the case is sent.
    """

    def get(self, case, ctx):
        return "set-when-sent"

    def set(self, case, data, ctx):
        case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
        case.headers["X-API-Key"] = data


# The coverage phase (every boundary value of every field) runs in the nightly-style full run only:
# POLYPANEL_FUZZ_COVERAGE=1. The generated (fuzzing) phase and the examples always run.
schema.config.phases.coverage.enabled = os.environ.get("POLYPANEL_FUZZ_COVERAGE") == "1"


@schema.parametrize()
@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_spec(case, fuzzed_server):
    server, key = fuzzed_server
    case.headers["X-API-Key"] = key
    case.call_and_validate(base_url=server.url("plesk_https", API), verify=False,
                           excluded_checks=EXCLUDED, timeout=30)
