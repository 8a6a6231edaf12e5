"""cPanel-side clients (UAPI, API 2) for a cPanel account made through WHM."""
from __future__ import annotations

import httpx
import pytest

from tests.dialects.whm.fixtures import unique

PASSWORD = "Cpan-Passw0rd!x"


class CPanelClient:
    def __init__(self, server, *, user: str, password: str | None = None, token: str | None = None,
                 listener: str = "cpanel_https"):
        headers = {"Authorization": f"cpanel {user}:{token}"} if token else {}
        self.user = user
        self.http = httpx.Client(base_url=server.url(listener), verify=False, timeout=60, headers=headers,
                                 auth=(user, password) if password else None)

    def uapi(self, module: str, func: str, method: str = "GET", **params) -> dict:
        if method == "GET":
            r = self.http.get(f"/execute/{module}/{func}", params=params)
        else:
            r = self.http.post(f"/execute/{module}/{func}", data=params)
        assert r.status_code == 200, r.text
        return r.json()

    def ok(self, module: str, func: str, **params):
        doc = self.uapi(module, func, **params)
        assert doc["status"] == 1, doc
        return doc["data"]

    def api2(self, module: str, func: str, **params) -> dict:
        r = self.http.get("/json-api/cpanel", params={"cpanel_jsonapi_user": self.user, "cpanel_jsonapi_apiversion": "2",
                                                      "cpanel_jsonapi_module": module, "cpanel_jsonapi_func": func,
                                                      **params})
        assert r.status_code == 200, r.text
        return r.json()["cpanelresult"]


@pytest.fixture
def account(admin_whm):
    user = unique("cp")[:10]
    admin_whm.ok("createacct", username=user, domain=f"{user}.example", password=PASSWORD)
    return {"user": user, "domain": f"{user}.example"}


@pytest.fixture
def cp(whm, account) -> CPanelClient:
    return CPanelClient(whm, user=account["user"], password=PASSWORD)
