"""The real DNS backend for BIND 9: ``named-checkconf -z`` on staged zones,
``rndc reload``, then wait until the server answers with the new serials."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence

import dns.exception
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

from polypanel.provision.dns import SUFFIX, ZONES_CONF
from polypanel.provision.errors import ReloadFailed, ValidationFailed
from polypanel.provision.staging import Staging
from polypanel.provision.zonefile import serial_of

_FAILED_ZONE = re.compile(r"^zone ([^/\s]+)/IN: (?:not loaded due to errors|loading from master file)", re.M)


class BindBackend:
    tool = "named-checkconf"

    def __init__(
        self,
        *,
        checkconf: str = "named-checkconf",
        rndc: Sequence[str] = ("rndc",),
        query_address: tuple[str, int] | None = None,
        reload_timeout: float = 30.0,
    ) -> None:
        self.checkconf = checkconf
        self.rndc = list(rndc)
        self.query_address = query_address
        self.reload_timeout = reload_timeout
        self._expected: dict[str, int] = {}
        self._expected_lock = threading.Lock()

    def validate(self, staging: Staging, changed: Sequence[str]) -> Sequence[str]:
        zones = [rel[: -len(SUFFIX)] for rel in changed if rel.endswith(SUFFIX)]
        if zones:
            self._check_zones(staging, zones)
        if ZONES_CONF in changed:
            self._check_zones_conf(staging)
        with self._expected_lock:
            for zone in zones:
                serial = serial_of(staging.file(zone + SUFFIX).read_bytes())
                if serial is not None:
                    self._expected[zone] = serial
        return ()

    def reload(self) -> None:
        with self._expected_lock:
            expected, self._expected = self._expected, {}
        result = subprocess.run([*self.rndc, "reload"], capture_output=True, text=True)
        if result.returncode != 0:
            raise ReloadFailed("rndc", (result.stderr or result.stdout).strip())
        if self.query_address is not None and expected:
            missing = self._wait_for_serials(expected)
            if missing:
                shown = ", ".join(sorted(missing)[:10])
                raise ReloadFailed("named", f"zones not served with the new serial after reload: {shown}")

    def _check_zones(self, staging: Staging, zones: list[str]) -> None:
        lines = [f'options {{ directory "{staging.path}"; }};']
        lines += [f'zone "{z}" {{ type primary; file "{staging.file(z + SUFFIX)}"; }};' for z in zones]
        output = self._run_checkconf(staging, "\n".join(lines), "-z")
        if output is not None:
            failed = {f"{zone}{SUFFIX}" for zone in _FAILED_ZONE.findall(output)}
            raise ValidationFailed(self.tool, _readable(output, staging), failed)

    def _check_zones_conf(self, staging: Staging) -> None:
        text = f'options {{ directory "{staging.path}"; }};\ninclude "{staging.file(ZONES_CONF)}";\n'
        output = self._run_checkconf(staging, text)
        if output is not None:
            raise ValidationFailed(self.tool, _readable(output, staging), {ZONES_CONF})

    def _run_checkconf(self, staging: Staging, text: str, *flags: str) -> str | None:
        fd, path = tempfile.mkstemp(prefix=".named-test-", suffix=".conf", dir=staging.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            result = subprocess.run([self.checkconf, *flags, path], capture_output=True, text=True)
        finally:
            os.unlink(path)
        return None if result.returncode == 0 else (result.stdout + result.stderr)

    def _wait_for_serials(self, expected: dict[str, int]) -> set[str]:
        assert self.query_address is not None
        address, port = self.query_address
        waiting = dict(expected)
        deadline = time.monotonic() + self.reload_timeout
        while waiting and time.monotonic() < deadline:
            for zone, serial in list(waiting.items()):
                if (_served_serial(zone, address, port) or -1) >= serial:
                    del waiting[zone]
            if waiting:
                time.sleep(0.02)
        return set(waiting)


def _served_serial(zone: str, address: str, port: int) -> int | None:
    query = dns.message.make_query(zone + ".", dns.rdatatype.SOA)
    try:
        response = dns.query.udp(query, address, port=port, timeout=0.5)
    except (dns.exception.DNSException, OSError):
        return None
    if response.rcode() != dns.rcode.NOERROR:
        return None
    for rrset in response.answer:
        if rrset.rdtype == dns.rdatatype.SOA:
            return rrset[0].serial
    return None


def _readable(output: str, staging: Staging) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    return "\n".join(lines[:20]).replace(str(staging.path), "<staged>")

