"""Customer databases and database users on MariaDB/MySQL and PostgreSQL.

The applier compares the desired specs with what the server reports and
issues only the statements needed: create/drop databases, create users from
their stored password hash, re-password them, grant and revoke.  It keeps a
ledger (a JSON file) of the databases and users it created.  It never adopts,
changes or drops anything else: a database or user that exists on the server
but is not in the ledger is a stranger's, and a spec naming it is rejected
("exists on the server and is not managed by the panel"); a removal drops
only what the ledger holds.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from polypanel.provision.errors import ApplyFailed, DatabaseError, SpecInvalid
from polypanel.provision.report import ApplyReport
from polypanel.provision.specs import DatabaseSpec, DatabaseUserSpec
from polypanel.provision.staging import write_file_atomic

DatabaseItem = DatabaseSpec | DatabaseUserSpec
_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}$")
_HOST = re.compile(r"^[A-Za-z0-9_.:%-]{1,255}$")
_NOT_OURS = "the {what} {name!r} exists on the server and is not managed by the panel"


@dataclass(frozen=True)
class UserState:
    """A login as the server has it. ``privileges``: database -> its privileges, for the databases
    where the server reports fewer than all (a backend that cannot tell leaves it empty)."""

    password_hash: str
    databases: frozenset[str]
    privileges: Mapping[str, frozenset[str]] = field(default_factory=dict)


class DatabaseBackend(Protocol):
    """One database server, real or dry."""

    type: str  # mysql | postgresql

    def databases(self) -> set[str]: ...
    def create_database(self, name: str) -> None: ...
    def drop_database(self, name: str) -> None: ...
    def user(self, login: str, host: str) -> UserState | None: ...
    def user_exists(self, login: str) -> bool: ...  # from any host
    def create_user(self, login: str, host: str, password_hash: str) -> None: ...
    def set_password(self, login: str, host: str, password_hash: str) -> None: ...
    def grant(self, login: str, host: str, database: str, privileges: frozenset[str] | None = None) -> None: ...
    def revoke(self, login: str, host: str, database: str) -> None: ...
    def drop_user(self, login: str, host: str) -> None: ...


@dataclass
class _Ledger:
    """What polypanel created, per server key."""

    path: Path
    databases: dict[str, set[str]] = field(default_factory=dict)
    users: dict[str, dict[str, str]] = field(default_factory=dict)  # server -> login -> host

    @classmethod
    def load(cls, path: Path) -> _Ledger:
        ledger = cls(path)
        try:
            raw = json.loads(path.read_text())
        except FileNotFoundError:
            return ledger
        ledger.databases = {server: set(names) for server, names in raw.get("databases", {}).items()}
        ledger.users = {server: dict(users) for server, users in raw.get("users", {}).items()}
        return ledger

    def save(self) -> None:
        data = {
            "databases": {server: sorted(names) for server, names in self.databases.items() if names},
            "users": {server: users for server, users in self.users.items() if users},
        }
        write_file_atomic(self.path, json.dumps(data, indent=1, sort_keys=True), 0o600)

    def keys(self) -> set[str]:
        keys = {f"database/{server}/{name}" for server, names in self.databases.items() for name in names}
        keys |= {f"user/{server}/{login}" for server, users in self.users.items() for login in users}
        return keys


class DatabaseApplier:
    """Databases and users on the configured servers (``servers`` maps a
    server key to its backend; a spec whose server key is unknown goes to
    the server keyed by its type, ``mysql`` or ``postgresql``).  Reports
    and ``keys()`` name items by the server key actually used:
    ``database/<server>/<name>`` and ``user/<server>/<login>``."""

    kind = "databases"

    def __init__(self, servers: Mapping[str, DatabaseBackend], state_dir: str | os.PathLike[str]) -> None:
        self.servers = dict(servers)
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._ledger_path = self.state_dir / "databases.json"
        self._lock = threading.Lock()

    def keys(self) -> set[str]:
        return _Ledger.load(self._ledger_path).keys()

    def foreign(self, server_key: str, type_: str, what: str, name: str) -> bool:
        """Does a stranger hold ``name`` (``what``: database | user) on that server: there, but
        not created by polypanel?  An unreachable server answers False (the apply checks again)."""
        try:
            server, backend = self._server(server_key, type_, f"{what}/{server_key}/{name}")
            ledger = _Ledger.load(self._ledger_path)
            if what == "database":
                return name not in ledger.databases.get(server, set()) and name in backend.databases()
            return name not in ledger.users.get(server, {}) and backend.user_exists(name)
        except (DatabaseError, SpecInvalid):
            return False

    def apply(
        self, upsert: Iterable[DatabaseItem] = (), remove: Iterable[DatabaseItem | str] = ()
    ) -> ApplyReport:
        keys = [item if isinstance(item, str) else self.key_for(item) for item in remove]
        return self._apply(list(upsert), keys)

    def reconcile(self, desired: Iterable[DatabaseItem]) -> ApplyReport:
        specs = list(desired)
        wanted = {self.key_for(spec) for spec in specs}
        return self._apply(specs, sorted(self.keys() - wanted))

    def _apply(self, upsert: list[DatabaseItem], remove: list[str]) -> ApplyReport:
        report = ApplyReport(self.kind)
        with self._lock:
            ledger = _Ledger.load(self._ledger_path)
            try:
                # databases before the users granted on them; users dropped before databases
                for spec in [s for s in upsert if isinstance(s, DatabaseSpec)]:
                    self._guarded(report, self.key_for(spec), lambda s=spec: self._upsert_database(s, ledger, report))
                for spec in [s for s in upsert if isinstance(s, DatabaseUserSpec)]:
                    self._guarded(report, self.key_for(spec), lambda s=spec: self._upsert_user(s, ledger, report))
                for key in sorted(remove, key=lambda k: not k.startswith("user/")):
                    self._guarded(report, key, lambda k=key: self._remove(k, ledger, report))
            finally:
                ledger.save()
        if report.rejected:
            raise ApplyFailed(report)
        return report

    def _guarded(self, report: ApplyReport, key: str, action) -> None:
        try:
            action()
        except (DatabaseError, SpecInvalid) as failure:
            report.rejected[key] = failure.message if isinstance(failure, DatabaseError) else failure.reason

    def _server(self, server_key: str, type_: str, key: str) -> tuple[str, DatabaseBackend]:
        for candidate in (server_key, type_):
            backend = self.servers.get(candidate)
            if backend is not None and backend.type == type_:
                return candidate, backend
        raise SpecInvalid(key, f"no {type_} server {server_key!r} configured")

    def key_for(self, spec: DatabaseItem) -> str:
        """The key reports use for ``spec``: its server key resolved."""
        try:
            server, _ = self._server(spec.server_key, spec.type, spec.key)
        except SpecInvalid:
            return spec.key
        name = spec.name if isinstance(spec, DatabaseSpec) else spec.login
        return f"{'database' if isinstance(spec, DatabaseSpec) else 'user'}/{server}/{name}"

    def _upsert_database(self, spec: DatabaseSpec, ledger: _Ledger, report: ApplyReport) -> None:
        _check_name(spec.key, spec.name)
        server, backend = self._server(spec.server_key, spec.type, spec.key)
        ours = spec.name in ledger.databases.get(server, set())
        if spec.name in backend.databases():
            if not ours:
                raise SpecInvalid(spec.key, _NOT_OURS.format(what="database", name=spec.name))
            report.unchanged += 1
        else:
            backend.create_database(spec.name)
            report.changed.append(f"database/{server}/{spec.name}")
        ledger.databases.setdefault(server, set()).add(spec.name)

    def _upsert_user(self, spec: DatabaseUserSpec, ledger: _Ledger, report: ApplyReport) -> None:
        _check_name(spec.key, spec.login)
        for database in spec.databases:
            _check_name(spec.key, database)
        if not _HOST.match(spec.host):
            raise SpecInvalid(spec.key, f"bad host {spec.host!r}")
        _check_hash(spec)
        server, backend = self._server(spec.server_key, spec.type, spec.key)
        if spec.login not in ledger.users.get(server, {}) and backend.user_exists(spec.login):
            raise SpecInvalid(spec.key, _NOT_OURS.format(what="database user", name=spec.login))
        current = backend.user(spec.login, spec.host)
        changed = False
        if current is None:
            backend.create_user(spec.login, spec.host, spec.password_hash)
            ledger.users.setdefault(server, {})[spec.login] = spec.host  # ours from now on, even if a grant fails
            current, changed = UserState("", frozenset()), True
        elif current.password_hash != spec.password_hash:
            backend.set_password(spec.login, spec.host, spec.password_hash)
            changed = True
        wanted = set(spec.databases) & ledger.databases.get(server, set())  # never a grant on a stranger's
        partial = {database: frozenset(privs) for database, privs in spec.privileges}
        for database in sorted(wanted - current.databases):
            backend.grant(spec.login, spec.host, database, partial.get(database))
            changed = True
        for database in sorted(wanted & current.databases):
            if partial.get(database) != current.privileges.get(database):  # the same databases, other privileges
                backend.grant(spec.login, spec.host, database, partial.get(database))
                changed = True
        for database in sorted(current.databases - wanted):
            backend.revoke(spec.login, spec.host, database)
            changed = True
        ledger.users.setdefault(server, {})[spec.login] = spec.host
        if changed:
            report.changed.append(f"user/{server}/{spec.login}")
        else:
            report.unchanged += 1

    def _remove(self, key: str, ledger: _Ledger, report: ApplyReport) -> None:
        what, server, name = _parse_key(key)
        backend = self.servers.get(server)
        if backend is None:
            raise SpecInvalid(key, f"no database server {server!r} configured")
        # only what the ledger says polypanel created: a same-named stranger is never dropped
        if what == "database":
            if name in ledger.databases.get(server, set()) and name in backend.databases():
                backend.drop_database(name)
                report.removed.append(key)
            ledger.databases.get(server, set()).discard(name)
        else:
            host = ledger.users.get(server, {}).get(name)
            if host is not None and backend.user(name, host) is not None:
                backend.drop_user(name, host)
                report.removed.append(key)
            ledger.users.get(server, {}).pop(name, None)


def _parse_key(key: str) -> tuple[str, str, str]:
    parts = key.split("/", 2)
    if len(parts) != 3 or parts[0] not in ("database", "user"):
        raise SpecInvalid(key, "not a database or database user key")
    return parts[0], parts[1], parts[2]


def _check_name(key: str, name: str) -> None:
    if not _NAME.match(name):
        raise SpecInvalid(key, f"bad name {name!r}: letters, digits, '_' and '-' only, at most 63")


def _check_hash(spec: DatabaseUserSpec) -> None:
    if spec.type == "mysql" and not re.fullmatch(r"\*[0-9A-F]{40}", spec.password_hash):
        raise SpecInvalid(spec.key, "password_hash must be a mysql_native_password hash (*HEX)")
    if spec.type == "postgresql" and not spec.password_hash.startswith("SCRAM-SHA-256$"):
        raise SpecInvalid(spec.key, "password_hash must be a SCRAM-SHA-256 verifier")
