"""End to end: from the Plesk REST call that creates a subscription with its domain to the
site answering over HTTP (and its zone over DNS), at p50 and p99.

    .venv/bin/python bench/subscription_e2e_bench.py [--count 50] [--store sqlite|postgresql]

Starts its own `polypanel serve` with real nginx and BIND on free loopback ports in a
temporary directory (PostgreSQL store: a scratch database on 127.0.0.1:5432, dropped after).
Prints figures, asserts nothing.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import dns.message
import dns.query
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import free_port  # noqa: E402
from tests.panel_process import PanelProcess  # noqa: E402

PASSWORD = "Bench-Adm1n-Pass!"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--store", choices=("sqlite", "postgresql"), default="sqlite")
    args = ap.parse_args()
    pg_admin = db_name = None
    database_url = None
    if args.store == "postgresql":
        from sqlalchemy import create_engine, text

        db_name = f"pp_bench_{uuid.uuid4().hex[:8]}"
        pg_admin = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test", isolation_level="AUTOCOMMIT")
        with pg_admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{db_name}"'))
        database_url = f"postgresql://postgres@127.0.0.1:5432/{db_name}"
    with tempfile.TemporaryDirectory() as tmp:
        web, tls, dnsp = free_port(), free_port(), free_port()
        ini = (f"[web]\napplier = nginx\nhttp_port = {web}\nhttps_port = {tls}\nlisten = 127.0.0.1\n"
               f"[dns]\napplier = bind\nport = {dnsp}\nlisten = 127.0.0.1\n"
               "[databases]\napplier = dry\n[mail]\napplier = dry\n[ftp]\napplier = dry\n")
        p = PanelProcess(Path(tmp) / "panel", admin_password=PASSWORD, database_url=database_url, extra_ini=ini)
        p.start(timeout=90)
        try:
            api = p.client(auth=("admin", PASSWORD))
            r = api.post("/api/v2/clients", json={"name": "Bench", "login": "bench", "password": "Bench-Cust0mer!",
                                                  "email": "bench@bench.test", "type": "customer"})
            r.raise_for_status()
            call, serving, zone = [], [], []
            site = httpx.Client(timeout=10)
            for i in range(args.count):
                name = f"b{i}-{uuid.uuid4().hex[:6]}.bench.test"
                t0 = time.perf_counter()
                r = api.post("/api/v2/domains", json={"name": name, "hosting_type": "virtual",
                                                      "owner_client": {"login": "bench"},
                                                      "hosting_settings": {"ftp_login": f"bu{i}x{uuid.uuid4().hex[:5]}",
                                                                           "ftp_password": "Bench-Ftp-Pass1!"}})
                t1 = time.perf_counter()
                r.raise_for_status()
                while site.get(f"http://127.0.0.1:{web}/", headers={"Host": name}).status_code != 200:
                    time.sleep(0.005)
                t2 = time.perf_counter()
                while not dns.query.udp(dns.message.make_query(name, "A"), "127.0.0.1", port=dnsp, timeout=5).answer:
                    time.sleep(0.005)
                t3 = time.perf_counter()
                call.append(t1 - t0)
                serving.append(t2 - t0)
                zone.append(t3 - t0)
            print(f"store: {args.store}, subscriptions created: {args.count}")
            for label, values in (("API call returns", call), ("site serving", serving), ("zone answering", zone)):
                print(f"{label:18s} p50 {statistics.median(values) * 1000:8.1f} ms   p99 {percentile(values, 99) * 1000:8.1f} ms"
                      f"   max {max(values) * 1000:8.1f} ms")
        finally:
            p.stop()
    if pg_admin is not None:
        from sqlalchemy import text

        with pg_admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
