"""Two panel processes on one PostgreSQL database: started together, they see the same
objects and share one brute-force guard."""
import threading

import time

import httpx
import pytest

from tests.conftest import ADMIN_PASSWORD, PG_URL

pytestmark = pytest.mark.skipif(not PG_URL, reason="several processes share a store on PostgreSQL (run by scripts/test.sh)")


def test_two_processes_share_one_store(panel_process, fresh_database_url):
    url = fresh_database_url(migrated=False)
    one = panel_process("one", database_url=url, listeners=("plesk_https",))
    two = panel_process("two", database_url=url, listeners=("plesk_https",))
    errors = []

    def start(p):
        try:
            p.start(timeout=60)
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=start, args=(p,)) for p in (one, two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors

    with one.client(auth=("admin", ADMIN_PASSWORD)) as a, two.client(auth=("admin", ADMIN_PASSWORD)) as b:
        r = a.post("/api/v2/clients", json={"name": "Shared", "login": "shared", "password": "Sh4red-Pass!",
                                            "email": "s@shared.test", "type": "customer"})
        assert r.status_code == 201, r.text
        assert "shared" in [c["login"] for c in b.get("/api/v2/clients").json()]
        # The second process refuses the same login: one store, one uniqueness rule.
        r = b.post("/api/v2/clients", json={"name": "Again", "login": "shared", "password": "Sh4red-Pass!",
                                            "email": "s@shared.test", "type": "customer"})
        assert r.status_code == 400, r.text

    # Failures counted by one process block the login on the other.
    for _ in range(5):
        assert httpx.get(one.url("plesk_https", "/api/v2/server"), auth=("admin", "wrong"), verify=False).status_code == 401
    # The other process honours the block once the credentials it verified moments ago (at most
    # 2 s: auth/verified_cache.py) have aged out; a credential it never saw is refused at once.
    r = httpx.get(two.url("plesk_https", "/api/v2/server"), auth=("root", ADMIN_PASSWORD), verify=False)
    assert r.status_code == 401
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:
        r = httpx.get(two.url("plesk_https", "/api/v2/server"), auth=("admin", ADMIN_PASSWORD), verify=False)
        if r.status_code == 401:
            break
        time.sleep(0.25)
    assert r.status_code == 401
