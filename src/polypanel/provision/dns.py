"""DNS zones as master files ``<zone>.zone`` plus one ``zones.conf``
listing them for the DNS server, in one directory.

A zone whose records did not change keeps its file and serial; a changed
zone gets the next ``YYYYMMDDnn`` serial (see ``zonefile``).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Sequence

from polypanel.provision.errors import ValidationFailed
from polypanel.provision.file_applier import FileApplier, FileBackend
from polypanel.provision.report import ApplyReport
from polypanel.provision.specs import ZoneSpec
from polypanel.provision.staging import ConfigDir, Content, Staging
from polypanel.provision.templates import Templates
from polypanel.provision.zonefile import check_zone_text, next_serial, render_zone, serial_of

SUFFIX = ".zone"
ZONES_CONF = "zones.conf"


class DnsApplier(FileApplier[ZoneSpec]):
    kind = "dns"

    def __init__(
        self,
        zones_dir: str | os.PathLike[str],
        backend: FileBackend,
        *,
        allow_transfer: Sequence[str] = (),
        also_notify: Sequence[str] = (),
        templates: Templates | None = None,
        today: Callable[[], datetime.date] = datetime.date.today,
    ) -> None:
        super().__init__(ConfigDir(zones_dir), backend)
        self.allow_transfer = list(allow_transfer)
        self.also_notify = list(also_notify)
        self.templates = templates or Templates()
        self.today = today
        self._skipped: dict[str, list[str]] = {}

    def keys(self) -> set[str]:
        return {name[: -len(SUFFIX)] for name in self.directory.files(SUFFIX)}

    def files_of(self, key: str) -> list[str]:
        return [key + SUFFIX]

    def render(self, zone: ZoneSpec) -> dict[str, Content]:
        rel = zone.name + SUFFIX
        live = self.directory.read(rel)
        current = serial_of(live)
        skipped: list[str] = []
        self._skipped[zone.key] = skipped
        if current is not None and (zone.soa.serial is None or zone.soa.serial <= current):
            text = render_zone(zone, current, self.templates, skipped)
            if text.encode("utf-8") == live:
                return {rel: text}
            skipped.clear()
        serial = next_serial(current, zone.soa.serial, self.today())
        return {rel: render_zone(zone, serial, self.templates, skipped)}

    def _plan(self, upsert, remove, report: ApplyReport):
        """As every file applier; a zone written without some of its records is also reported
        as rejected, with the records left out, so the job and the API show them."""
        self._skipped = {}
        changes = super()._plan(upsert, remove, report)
        for key, lines in self._skipped.items():
            if lines and key not in report.rejected:
                report.rejected[key] = "\n".join(lines)
        return changes

    def derived(self, staging: Staging) -> dict[str, Content | None]:
        zones = [name[: -len(SUFFIX)] for name in staging.names(SUFFIX)]
        text = self.templates.render(
            "bind/zones.conf.j2",
            zones=zones,
            zones_dir=str(self.directory.path),
            allow_transfer=self.allow_transfer,
            also_notify=self.also_notify,
        )
        return {ZONES_CONF: text}

    def serial(self, name: str) -> int | None:
        """The serial of the live zone file of ``name``."""
        return serial_of(self.directory.read(name + SUFFIX))


def check_zones_in_process(staging: Staging, changed: Sequence[str]) -> None:
    """A dry backend's check: parse changed zone files with dnspython."""
    culprits, messages = [], []
    for rel in changed:
        if rel.endswith(SUFFIX):
            error = check_zone_text(staging.file(rel).read_bytes(), rel[: -len(SUFFIX)])
            if error:
                culprits.append(rel)
                messages.append(error)
    if culprits:
        raise ValidationFailed("dnspython", "\n".join(messages), culprits)
