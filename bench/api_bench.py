"""Requests per second of the panel's APIs against a bare ASGI hello-world, loaded with wrk, in one run.

    .venv/bin/python bench/api_bench.py [--duration 10] [--warmup 2] [--json] [--only TEXT]

Installs what it needs when missing (wrk with apt-get, the ``bench`` group of pyproject.toml with
pip), then starts, each on a free loopback port with TLS:
  - a bare ASGI hello-world (bench/hello_app.py) on every server stack available: granian,
    uvicorn with httptools + uvloop, uvicorn with h11 + asyncio;
  - a real ``polypanel serve`` with production settings (default argon2 profile, dry appliers,
    a temporary data dir, the admin password given with --admin-password),
creates one client and an API key over the REST API, and loads each row of TARGETS with wrk
(a second process; 1 thread, 16 connections by default) after a short warm-up. Prints
requests/s, p50, p99 and the ratio to the fastest hello-world of the run, and the panel's RSS idle and
under load. Asserts nothing.

To add a row, add a Target to ``targets()``: name, server (a hello stack or ``panel:<listener>``),
method, path, headers, body. A body is sent by the generated wrk Lua script as it is.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_tools import ensure_python_packages, ensure_wrk, has  # noqa: E402

PASSWORD = "Bench-Adm1n-Pass!"
# The panel's listeners the rows use (panel:<listener>); the panel starts only these.
PANEL_LISTENERS = ("plesk_https", "whm_https", "ispmgr_https")


@dataclass
class Setup:
    """What the panel rows need, made over the REST API before loading."""

    password: str
    api_key: str
    client_id: int
    whm_token: str = ""
    ispmgr_session: str = ""  # an ISPmanager session (func=auth), bound to 127.0.0.1 as wrk is
    whm_accounts: int = 0


def targets(hello_names: list[str], s: Setup) -> list:
    from bench_servers import basic
    from wrk_load import Target

    rows = [Target(f"hello-world ({name})", name, "/") for name in hello_names]
    rows += [
        Target("GET /api/v2/clients/{id} X-API-Key", "panel:plesk_https", f"/api/v2/clients/{s.client_id}",
               headers={"X-API-Key": s.api_key, "Accept": "application/json"}),
        Target("GET /api/v2/clients/{id} Basic", "panel:plesk_https", f"/api/v2/clients/{s.client_id}",
               headers={"Authorization": basic("admin", s.password), "Accept": "application/json"}),
        Target("GET /health", "panel:plesk_https", "/health"),
        Target(f"WHM listaccts ({s.whm_accounts} accounts) Basic, 2 conns", "panel:whm_https",
               "/json-api/listaccts?api.version=1", headers={"Authorization": basic("root", s.password)},
               connections=2, timeout=60),
        Target("WHM accountsummary whm token", "panel:whm_https",
               "/json-api/accountsummary?api.version=1&user=wb00000",
               headers={"Authorization": f"whm root:{s.whm_token}"}),
        Target("ISPmanager webdomain out=json authinfo", "panel:ispmgr_https",
               "/ispmgr?" + urlencode({"func": "webdomain", "out": "json", "authinfo": f"admin:{s.password}"})),
        Target("ISPmanager webdomain out=json auth=SESSION", "panel:ispmgr_https",
               "/ispmgr?" + urlencode({"func": "webdomain", "out": "json", "auth": s.ispmgr_session})),
        Target("POST agent.php customer.get KEY", "panel:plesk_https", "/enterprise/control/agent.php", "POST",
               {"KEY": s.api_key, "Content-Type": "text/xml"},
               f"<packet><customer><get><filter><id>{s.client_id}</id></filter><dataset><gen_info/></dataset>"
               "</get></customer></packet>"),
    ]
    return rows


def ispmgr_setup(panel) -> str:
    """A user with a web domain (so webdomain lists a row) and an administrator's session id."""
    from bench_servers import request

    base = panel.url("ispmgr_https") + "/ispmgr?"
    status, body = request(base + urlencode({
        "func": "user.add.finish", "sok": "ok", "out": "json", "authinfo": f"admin:{PASSWORD}", "name": "benchisp",
        "passwd": "Bench-Isp-Pass!1", "confirm": "Bench-Isp-Pass!1", "webdomain_name": "bench-isp.example"}), "GET", {}, None)
    if status != 200 or "ok" not in json.loads(body)["doc"]:
        raise RuntimeError(f"ISPmanager user.add.finish: {status} {body[:300]!r}")
    status, body = request(base + urlencode({"func": "auth", "out": "json", "username": "admin", "password": PASSWORD}),
                           "GET", {}, None)
    return json.loads(body)["doc"]["auth"]["$id"]


def panel_stack() -> str:
    # polypanel serve embeds granian (server/listeners.py) on uvloop when it is installed.
    loop = "uvloop" if has("uvloop") else "asyncio"
    return f"granian (embedded), {loop}"


class RssSampler(threading.Thread):
    def __init__(self, server, every: float = 0.25):
        super().__init__(daemon=True)
        self.server, self.every, self.peak = server, every, 0
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            self.peak = max(self.peak, self.server.rss_kib())
            self.halt.wait(self.every)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.halt.set()
        self.join()


def load_all(rows, urls: dict[str, str], panel_server, args, say) -> tuple[list[dict], int]:
    from bench_servers import request
    from wrk_load import run_wrk

    results, peak = [], 0
    for t in rows:
        url = urls[t.server]
        status, body = request(url + t.path, t.method, t.headers, t.body)
        if status != t.expect:
            raise SystemExit(f"{t.name}: expected {t.expect}, got {status}: {body[:300]!r}")
        say(f"loading {t.name} ({args.warmup:g} s warm-up, {args.duration:g} s)")
        kw = dict(threads=args.threads, connections=t.connections or args.connections, timeout=t.timeout)
        if args.warmup > 0:
            run_wrk(url, t, seconds=args.warmup, **kw)
        sampler = RssSampler(panel_server) if t.server.startswith("panel:") else None
        if sampler:
            sampler.__enter__()
        try:
            r = run_wrk(url, t, seconds=args.duration, **kw)
        finally:
            if sampler:
                sampler.__exit__()
                peak = max(peak, sampler.peak)
        results.append({"name": t.name, "server": t.server, "method": t.method, "path": t.path,
                        "requests": r.requests, "rps": round(r.rps, 1), "p50_ms": round(r.p50_ms, 2),
                        "p90_ms": round(r.p90_ms, 2), "p99_ms": round(r.p99_ms, 2), "max_ms": round(r.max_ms, 2),
                        "errors": r.errors})
    # The baseline is the fastest hello-world measured in this run (granian or uvicorn with httptools).
    base = max((r for r in results if not r["server"].startswith("panel:")), key=lambda r: r["rps"])
    for r in results:
        r["ratio"] = round(r["rps"] / (base["rps"] or 1.0), 4)
    return results, peak


def print_table(report: dict) -> None:
    s = report["settings"]
    print(f"\nwrk: {s['threads']} thread, {s['connections']} connections, {s['duration_s']:g} s per row after "
          f"{s['warmup_s']:g} s warm-up, HTTPS on loopback; load average before: {report['machine']['loadavg']}")
    print(f"ratio = requests/s / {report['baseline']}; panel stack: {report['panel_stack']}\n")
    print(f"{'target':42s} {'req/s':>9s} {'p50 ms':>8s} {'p99 ms':>8s} {'ratio':>7s}  errors")
    for r in report["rows"]:
        errors = " ".join(f"{k}={v}" for k, v in r["errors"].items()) or "-"
        print(f"{r['name']:42s} {r['rps']:9.0f} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} {r['ratio']:7.3f}  {errors}")
    rss = report["panel_rss_mib"]
    print(f"\npolypanel serve RSS (process and children): idle {rss['idle']:.1f} MiB, "
          f"under load (peak) {rss['under_load_peak']:.1f} MiB, idle after load {rss['after_load']:.1f} MiB")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=10, help="seconds of load per row (default 10)")
    ap.add_argument("--warmup", type=float, default=2, help="seconds of unmeasured load before each row (default 2)")
    ap.add_argument("--threads", type=int, default=1, help="wrk threads (default 1)")
    ap.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    ap.add_argument("--only", default="", help="load only the panel rows whose name contains this text (and every hello-world)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    ap.add_argument("--whm-accounts", type=int, default=10000,
                    help="cPanel accounts listaccts lists (default 10000; seeding them takes a few minutes)")
    ap.add_argument("--no-install", action="store_true", help="do not install wrk or the bench packages")
    args = ap.parse_args(argv)
    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    if not args.no_install:
        ensure_wrk(say)
        ensure_python_packages(say)
    from bench_servers import Panel, hello_stacks

    with tempfile.TemporaryDirectory(prefix="polypanel-bench-") as tmp:
        tmp = Path(tmp)
        hellos = hello_stacks(tmp)
        panel = Panel(tmp / "panel", PASSWORD, PANEL_LISTENERS)
        started = []
        try:
            for h in hellos:
                say(f"starting hello-world on {h.description}")
                started.append(h.start())
            say(f"seeding {args.whm_accounts} cPanel accounts (before the server starts: one writer at a time)")
            import subprocess
            (tmp / "panel").mkdir(parents=True, exist_ok=True)
            subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "whm_seed.py"), str(tmp / "panel"),
                            str(max(args.whm_accounts, 1)), PASSWORD], check=True)
            say("starting polypanel serve")
            # A big store opens its ports 20 s after start; its reconcile ends behind them (waited for).
            panel.start(ready_timeout=120 + args.whm_accounts * 0.12)
            started.append(panel.server)
            client = panel.api("POST", "/api/v2/clients", {
                "name": "Bench Client", "login": "benchclient", "password": "Bench-Cust0mer-Pass!",
                "email": "bench@example.test", "type": "customer"})
            key = panel.api("POST", "/api/v2/auth/keys", {})["key"]
            token = panel.whm("api_token_create", token_name="bench")["data"]["token"]
            setup = Setup(PASSWORD, key, client["id"], token, ispmgr_setup(panel), args.whm_accounts)
            time.sleep(1)
            idle = panel.server.rss_kib()
            urls = {h.name: h.url for h in hellos} | {f"panel:{n}": panel.url(n) for n in panel.listeners}
            hello_names = [h.name for h in hellos]
            rows = targets(hello_names, setup)
            rows = [t for t in rows if t.server in hello_names or args.only.lower() in t.name.lower()]
            loadavg = " ".join(f"{x:.2f}" for x in os.getloadavg())
            results, peak = load_all(rows, urls, panel.server, args, say)
            time.sleep(1)
            after = panel.server.rss_kib()
        finally:
            for s in reversed(started):
                s.stop()
    from wrk_load import wrk_version

    report = {
        "machine": {"cpus": os.cpu_count(), "loadavg": loadavg, "python": platform.python_version(),
                    "wrk": wrk_version()},
        "settings": {"duration_s": args.duration, "warmup_s": args.warmup, "threads": args.threads,
                     "connections": args.connections},
        "baseline": max((r for r in results if r["server"] in hello_names), key=lambda r: r["rps"])["name"], "panel_stack": panel_stack(), "rows": results,
        "panel_rss_mib": {"idle": round(idle / 1024, 1), "under_load_peak": round(peak / 1024, 1),
                          "after_load": round(after / 1024, 1)},
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
