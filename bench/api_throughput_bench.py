"""Requests per second of the Plesk REST API against a bare ASGI hello-world on the same stack
(uvicorn + TLS, same machine, same client), in one run.

    .venv/bin/python bench/api_throughput_bench.py [--seconds 5] [--clients 8]

Measures: the hello-world, GET /health (no auth), GET /api/v2/server with Basic auth (a
billing system sending its password on every call: the verified-password cache at work), with
X-API-Key, and GET /api/v2/clients. Prints figures and ratios, asserts nothing.
"""
from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import free_port  # noqa: E402
from tests.panel_process import PanelProcess  # noqa: E402

PASSWORD = "Bench-Adm1n-Pass!"


def hello_server(port: int, cert: str, key: str) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def hello(_request):
        return JSONResponse({"hello": "world"})

    app = Starlette(routes=[Route("/", hello)])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False,
                ssl_certfile=cert, ssl_keyfile=key)


def load(url: str, seconds: float, clients: int, **kwargs) -> float:
    done = [0] * clients
    stop = time.monotonic() + seconds

    def worker(i: int) -> None:
        with httpx.Client(verify=False, timeout=30, **kwargs) as c:
            while time.monotonic() < stop:
                r = c.get(url)
                if r.status_code != 200:
                    raise SystemExit(f"{url}: {r.status_code} {r.text[:200]}")
                done[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        p = PanelProcess(Path(tmp) / "panel", admin_password=PASSWORD, listeners=("plesk_https",)).start()
        try:
            cert, key = str(p.data_dir / "tls" / "panel.crt"), str(p.data_dir / "tls" / "panel.key")
            hport = free_port()
            hello = multiprocessing.Process(target=hello_server, args=(hport, cert, key), daemon=True)
            hello.start()
            for _ in range(100):
                try:
                    httpx.get(f"https://127.0.0.1:{hport}/", verify=False)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            api_key = httpx.post(p.url("plesk_https", "/api/v2/auth/keys"), json={}, auth=("admin", PASSWORD),
                                 verify=False).json()["key"]
            base = p.url("plesk_https")
            rows = [
                ("bare ASGI hello-world", load(f"https://127.0.0.1:{hport}/", args.seconds, args.clients)),
                ("GET /health", load(f"{base}/health", args.seconds, args.clients)),
                ("GET /api/v2/server (Basic)", load(f"{base}/api/v2/server", args.seconds, args.clients,
                                                     auth=("admin", PASSWORD))),
                ("GET /api/v2/server (X-API-Key)", load(f"{base}/api/v2/server", args.seconds, args.clients,
                                                         headers={"X-API-Key": api_key})),
                ("GET /api/v2/clients (Basic)", load(f"{base}/api/v2/clients", args.seconds, args.clients,
                                                      auth=("admin", PASSWORD))),
            ]
            hello.terminate()
        finally:
            p.stop()
    baseline = rows[0][1]
    print(f"{args.clients} clients, {args.seconds:.0f} s each, HTTPS on loopback")
    for label, rps in rows:
        print(f"{label:32s} {rps:8.0f} req/s   {rps / baseline:5.2f}x of hello-world")


if __name__ == "__main__":
    main()
