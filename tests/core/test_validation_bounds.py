"""No input can freeze the panel: every check in core/validation.py refuses a megabyte of its
worst input at once.

Each call runs in a thread with a hard deadline as a hang guard (a quadratic or exponential
regular expression would still be running); the assertion is on behaviour: an over-long input
is refused with ``Invalid``. The functions are enumerated from the module, so a new check must
get a sample here (the first test fails until it does).
"""
import inspect
import threading

import pytest

from polypanel.core import validation
from polypanel.core.errors import Invalid

MB = 1 << 20
HANG_GUARD = 30  # seconds; a linear check of 1 MB takes milliseconds

# A valid call of every public function of core/validation.py.
SAMPLES = {
    "login": {"value": "user1"},
    "system_user": {"value": "user1"},
    "email": {"value": "a@b.cd"},
    "password": {"value": "Str0ng-Pass!"},
    "domain_name": {"value": "example.com"},
    "ip_address": {"value": "192.0.2.1"},
    "ip_or_network": {"value": "192.0.2.0/24"},
    "database_name": {"value": "db_1"},
    "forward_url": {"value": "https://example.com/a?b=c"},
    "mailbox_local_part": {"value": "info"},
    "quota": {"value": "5"},
    "ttl": {"value": "300"},
    "dns_record": {"zone": "example.com", "rtype": "TXT", "name": "www", "value": "hi", "opt": ""},
    "record_name": {"zone": "example.com", "name": "www"},
}
# Helpers that render rather than check: they must return, not refuse.
RENDERERS = {
    "txt_quoted": {"value": "hi"},
    "rdata_text": {"rtype": "TXT", "value": "hi", "opt": ""},
    "rdata_of": {"rtype": "TXT", "value": "hi", "opt": ""},
}
NOT_INPUT = {"field", "strength", "required"}

WORST = {
    "email-dots": "a@" + "." * MB + "@",
    "letters": "a" * MB,
    "dots": "." * MB,
    "dashes": "-" * MB,
    "labels": "a." * (MB // 2),
    "quotes": '"' * MB,
    "backslashes": "\\" * MB,
    "blanks-then-x": " " * MB + "x",
    "idna": "xn--" + "a" * MB,
    "digits": "1" * MB,
    "quoted-strings": '"a" ' * (MB // 4),
    "percents": "%" * MB,
    "url": "http://" + "a" * MB,
    "ats": "@" * MB,
}


def public_functions():
    return sorted(name for name, fn in inspect.getmembers(validation, inspect.isfunction)
                  if fn.__module__ == validation.__name__ and not name.startswith("_"))


def run_guarded(fn, kwargs):
    """(returned value, raised exception) of fn(**kwargs); fails the test if it does not finish."""
    out: dict = {}

    def target():
        try:
            out["value"] = fn(**kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(HANG_GUARD)
    if worker.is_alive():
        pytest.fail(f"{fn.__name__} did not finish on a 1 MB input: it is not linear")
    return out.get("value"), out.get("error")


def test_every_function_has_a_sample():
    assert set(public_functions()) == set(SAMPLES) | set(RENDERERS)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_samples_are_valid(name):
    _value, error = run_guarded(getattr(validation, name), SAMPLES[name])
    assert error is None


def _cases():
    for name in public_functions():
        sample = SAMPLES.get(name) or RENDERERS.get(name) or {}
        for param in inspect.signature(getattr(validation, name)).parameters:
            if param in NOT_INPUT:
                continue
            for worst in WORST:
                yield name, param, worst


@pytest.mark.parametrize("name,param,worst", list(_cases()))
def test_a_megabyte_of_the_worst_input_is_refused_at_once(name, param, worst):
    kwargs = {**(SAMPLES.get(name) or RENDERERS[name]), param: WORST[worst]}
    value, error = run_guarded(getattr(validation, name), kwargs)
    if name in RENDERERS:
        assert error is None or isinstance(error, Invalid)
        if name == "rdata_of":
            assert value is None  # too long to be one record's data
    else:
        assert isinstance(error, Invalid), f"{name}({param}=<1 MB {worst}>) returned {value!r:.80} / {error!r:.200}"
