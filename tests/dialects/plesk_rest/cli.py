"""Calling the CLI gateway in tests: ``cli(api, "subscription", "--info", name)`` -> {code, stdout, stderr}."""
from __future__ import annotations


def cli(api, utility: str, *params: str, env: dict | None = None) -> dict:
    body = {"params": list(params)}
    if env is not None:
        body["env"] = env
    r = api.post(f"/cli/{utility}/call", json=body)
    assert r.status_code == 200, r.text
    out = r.json()
    assert set(out) == {"code", "stdout", "stderr"} and isinstance(out["code"], int)
    return out


def ok(api, utility: str, *params: str, env: dict | None = None) -> str:
    out = cli(api, utility, *params, env=env)
    assert out["code"] == 0 and out["stderr"] == "", out
    return out["stdout"]


def fails(api, utility: str, *params: str, env: dict | None = None) -> str:
    out = cli(api, utility, *params, env=env)
    assert out["code"] == 1 and out["stderr"], out
    return out["stderr"]
