"""Property-based tests of the REST API against its own served spec (schemathesis): no 5xx, and every
answer (status, content type, body) as the spec says.

Every run (CI included, no switch needed) goes through the examples, the coverage phase (every boundary
value of every field, `null` bodies among them), generated requests, and stateful sequences that follow
the links between operations (create a client, then read, change and delete it, ...). The requests take
turns with every credential the API accepts: an administrator's API key, and Basic with ``admin`` and with
``root``. Generated strings sometimes carry a lone surrogate ("\\ud800"), which JSON can express and no
store can hold.
"""
import base64
import copy
import itertools
import threading

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.errors import Flaky
from hypothesis import strategies as st
from schemathesis import checks

from polypanel.dialects.plesk_rest import spec
from tests.conftest import ADMIN_PASSWORD
from tests.dialects.plesk_rest.fixtures import API, client

# Left out: positive_data_acceptance, because schema-valid data that the core's own rules refuse (a
# weak password, a login with spaces, a lone surrogate, ...) gets a documented 400, which is no spec
# violation; and ignored_auth, whose probes with made-up credentials would trip the brute-force guard for
# the test's address (every operation's refusal without credentials is tested in test_plesk_rest_auth).
EXCLUDED = [checks.positive_data_acceptance, checks.ignored_auth]
pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")

SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]


class Credentials:
    """The three ways in, taken in turn by every request sent."""

    def __init__(self, key: str):
        basic = lambda login: "Basic " + base64.b64encode(f"{login}:{ADMIN_PASSWORD}".encode()).decode()  # noqa: E731
        self.kinds = [("X-API-Key", key), ("Authorization", basic("admin")), ("Authorization", basic("root"))]
        self._turns = itertools.cycle(range(len(self.kinds)))
        self._lock = threading.Lock()
        self.used = [0] * len(self.kinds)

    def sign(self, case) -> None:
        with self._lock:
            turn = next(self._turns)
            self.used[turn] += 1
        name, value = self.kinds[turn]
        case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() not in ("authorization", "x-api-key")}
        case.headers[name] = value


def keep_the_admins_password(case) -> None:
    """The credentials must keep working: a generated PUT /clients/1 (the administrator) keeps its password."""
    if case.operation.path == "/clients/{id}" and case.method.upper() == "PUT" and isinstance(case.body, dict):
        if str(case.path_parameters.get("id")).lstrip("+0") in ("1", ""):
            case.body.pop("password", None)


@pytest.fixture(scope="module")
def fuzzed_server(plesk_servers):
    # Negative cases send made-up credentials by the thousand from this one address: trusted, so that
    # the brute-force guard (tested on its own) does not block the fuzzer's real credentials.
    server = plesk_servers.start("fuzz", extra_ini="[security]\ntrusted_ips = 127.0.0.1\n")
    with client(server, auth=("admin", ADMIN_PASSWORD)) as api:
        # Initialised once, so that a generated /server/init cannot change the admin's password.
        assert api.post("/server/init", json={"admin": {"name": "Admin", "email": "admin@example.com"},
                                              "password": ADMIN_PASSWORD}).status_code == 200
        key = api.post("/auth/keys", json={"description": "schemathesis"}).json()["key"]
        assert api.post("/domains", json={"name": "fuzz.example"}).status_code == 201
    credentials = Credentials(key)
    yield server, credentials
    # Every kind of credential was used, and each still works after everything that was sent.
    assert all(credentials.used), credentials.used
    for name, value in credentials.kinds:
        with client(server, headers={name: value}) as c:
            assert c.get("/server").status_code == 200, name


# The document the server serves at /api/v2/openapi.json (tests/dialects/plesk_rest checks they are equal).
schema = schemathesis.openapi.from_dict(copy.deepcopy(spec.openapi3()))
schema.config.phases.coverage.enabled = True
schema.config.phases.stateful.enabled = True


@schema.auth()
class SetWhenSent:
    """No made-up credentials are generated; the real ones are put in when a case is sent (Credentials.sign)."""

    def get(self, case, ctx):
        return "set-when-sent"

    def set(self, case, data, ctx):
        case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
        case.headers["X-API-Key"] = data


def _with_a_surrogate(body):
    """Strategy: the body as generated, or with a lone surrogate put into one of its strings."""
    paths = []

    def strings(node, path):
        if isinstance(node, str):
            paths.append(path)
        elif isinstance(node, dict):
            for k, v in node.items():
                strings(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                strings(v, path + (i,))

    strings(body, ())
    if not paths:
        return st.just(body)

    def put(choice):
        path, char, at = choice
        new = copy.deepcopy(body)
        if not path:
            return new[:at] + char + new[at:]
        node = new
        for step in path[:-1]:
            node = node[step]
        text = node[path[-1]]
        node[path[-1]] = text[:at] + char + text[at:]
        return new

    spoiled = st.tuples(st.sampled_from(paths), st.sampled_from(SURROGATES), st.integers(0, 3)).map(put)
    return st.one_of(st.just(body), spoiled)


@schema.hook
def flatmap_body(ctx, body):
    return _with_a_surrogate(body)


@schema.parametrize()
@settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_spec(case, fuzzed_server):
    server, credentials = fuzzed_server
    keep_the_admins_password(case)
    credentials.sign(case)
    case.call_and_validate(base_url=server.url("plesk_https", API), verify=False,
                           excluded_checks=EXCLUDED, timeout=30)


def test_stateful_sequences_conform_to_the_spec(fuzzed_server):
    server, credentials = fuzzed_server
    base_url = server.url("plesk_https", API)
    sent, failures = [], []

    class Workflow(schema.as_state_machine()):
        def before_call(self, case):
            keep_the_admins_password(case)
            credentials.sign(case)
            sent.append(case.operation.label)

        def get_call_kwargs(self, case):
            return {"base_url": base_url, "verify": False, "timeout": 30}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            try:
                case.validate_response(response, additional_checks=additional_checks, excluded_checks=EXCLUDED,
                                       transport_kwargs=kwargs)
            except BaseException as exc:
                failures.append(exc)
                raise

    try:
        Workflow.run(settings=settings(max_examples=25, stateful_step_count=8, deadline=None, derandomize=True,
                                       suppress_health_check=list(HealthCheck)))
    except Flaky:
        # A live server's state (shared with the other tests) decides which links can be followed, so two
        # runs of one sequence may draw differently; Hypothesis calls that flaky. It is no finding unless a
        # check failed on the way (schemathesis's own runner treats it the same way).
        if failures:
            raise failures[0] from None
    # Sequences really ran: resources were created and then used through the links.
    assert len(sent) >= 50, sent
    assert {"POST /clients", "POST /domains"} & set(sent), sorted(set(sent))
