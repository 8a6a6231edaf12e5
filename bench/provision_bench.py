"""How long a full reconcile of N sites and N zones takes, dry and real.

    .venv/bin/python bench/provision_bench.py [--count 10000] [--only dry|real]

Prints figures, asserts nothing.  The real run starts its own nginx and named
on 127.0.0.1 free high ports under a temporary directory and stops them.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from polypanel.provision.daemons import NamedDaemon, NginxDaemon
from polypanel.provision.dns import DnsApplier, check_zones_in_process
from polypanel.provision.dry import DryBackend
from polypanel.provision.ports import free_port
from polypanel.provision.specs import RecordSpec, SiteSpec, SoaSpec, ZoneSpec
from polypanel.provision.web import WebApplier


def sites(count: int) -> list[SiteSpec]:
    return [SiteSpec(f"site{i}.bench.test", aliases=(f"www.site{i}.bench.test",)) for i in range(count)]


def zones(count: int) -> list[ZoneSpec]:
    soa = SoaSpec("ns1.bench.test.", "hostmaster@bench.test")
    return [
        ZoneSpec(
            f"site{i}.bench.test",
            soa,
            (
                RecordSpec("@", "NS", "ns1.bench.test."),
                RecordSpec("@", "A", "192.0.2.10"),
                RecordSpec("www", "CNAME", "@"),
                RecordSpec("@", "MX", f"10 mail.site{i}.bench.test."),
                RecordSpec("mail", "A", "192.0.2.25"),
                RecordSpec("@", "TXT", "v=spf1 a mx -all"),
            ),
        )
        for i in range(count)
    ]


def timed(label: str, action: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    summary = ""
    if hasattr(result, "changed"):
        summary = f"changed={len(result.changed)} unchanged={result.unchanged} reloaded={result.reloaded}"
    print(f"  {label:<44} {elapsed:8.2f} s  {summary}", flush=True)
    return result


def run_dry(root: Path, count: int) -> None:
    print(f"dry backends, {count} sites + {count} zones")
    web = WebApplier(root / "sites", DryBackend(), vhosts_root=root / "vhosts", state_dir=root / "web", http_port=8080, https_port=8443)
    dns = DnsApplier(root / "zones", DryBackend(check_zones_in_process))
    site_specs, zone_specs = sites(count), zones(count)
    timed("web reconcile, first (all new)", lambda: web.reconcile(site_specs))
    timed("web reconcile, again (nothing changed)", lambda: web.reconcile(site_specs))
    timed("dns reconcile, first (all new, dnspython check)", lambda: dns.reconcile(zone_specs))
    timed("dns reconcile, again (nothing changed)", lambda: dns.reconcile(zone_specs))


def run_real(root: Path, count: int) -> None:
    print(f"real nginx + named on 127.0.0.1, {count} sites + {count} zones")
    nginx = NginxDaemon(root / "nginx", http_port=free_port(), https_port=free_port())
    named = NamedDaemon(root / "named", port=free_port())
    with nginx, named:
        web = WebApplier(
            nginx.sites_dir, nginx.backend(), vhosts_root=root / "vhosts", state_dir=root / "web",
            http_port=nginx.http_port, https_port=nginx.https_port, listen=["127.0.0.1"],
        )  # fmt: skip
        dns = DnsApplier(named.zones_dir, named.backend())
        site_specs, zone_specs = sites(count), zones(count)
        timed("web reconcile, first (nginx -t, reload)", lambda: web.reconcile(site_specs))
        timed("web reconcile, again (nothing changed)", lambda: web.reconcile(site_specs))
        one = SiteSpec(site_specs[0].name, aliases=site_specs[0].aliases, status="suspended")
        timed("web apply of one site among all (-t, reload)", lambda: web.apply([one]))
        timed("dns reconcile, first (checkconf -z, rndc, serials)", lambda: dns.reconcile(zone_specs))
        timed("dns reconcile, again (nothing changed)", lambda: dns.reconcile(zone_specs))
        extra = ZoneSpec(zone_specs[0].name, zone_specs[0].soa, zone_specs[0].records + (RecordSpec("_acme-challenge", "TXT", "token"),))
        timed("dns apply of one TXT among all (visible)", lambda: dns.apply([extra]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--only", choices=("dry", "real"))
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="polypanel-bench-"))
    try:
        if args.only in (None, "dry"):
            run_dry(root / "dry", args.count)
        if args.only in (None, "real"):
            if not (shutil.which("nginx") and shutil.which("named")):
                print("real: skipped, nginx or named not installed")
            else:
                run_real(root / "real", args.count)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
