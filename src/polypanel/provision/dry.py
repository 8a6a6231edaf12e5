"""Render-only backends: files are written and swapped like the real ones,
but no daemon is validated against or reloaded."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from polypanel.provision.databases import UserState
from polypanel.provision.staging import Staging, write_file_atomic


class DryBackend:
    """A ``FileBackend`` that accepts everything, or what ``check`` accepts
    (an in-process check that raises ``ValidationFailed``)."""

    tool = "dry"

    def __init__(self, check: Callable[[Staging, Sequence[str]], None] | None = None) -> None:
        self.check = check
        self.reloads = 0

    def validate(self, staging: Staging, changed: Sequence[str]) -> Sequence[str]:
        if self.check is not None:
            self.check(staging, changed)
        return ()

    def reload(self) -> None:
        self.reloads += 1


class DryDatabaseBackend:
    """A database server that only exists in a JSON file: what the real one
    would hold after the same statements."""

    def __init__(self, type: str, state_file: str | os.PathLike[str]) -> None:
        self.type = type
        self.state_file = Path(state_file)
        self.statements = 0

    def _load(self) -> dict:
        try:
            return json.loads(self.state_file.read_text())
        except FileNotFoundError:
            return {"databases": [], "users": {}}

    def _change(self, mutate: Callable[[dict], None]) -> None:
        state = self._load()
        mutate(state)
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        write_file_atomic(self.state_file, json.dumps(state, indent=1, sort_keys=True), 0o600)
        self.statements += 1

    def databases(self) -> set[str]:
        return set(self._load()["databases"])

    def create_database(self, name: str) -> None:
        self._change(lambda s: s.update(databases=sorted({*s["databases"], name})))

    def drop_database(self, name: str) -> None:
        self._change(lambda s: s.update(databases=[d for d in s["databases"] if d != name]))

    def user(self, login: str, host: str) -> UserState | None:
        entry = self._load()["users"].get(login)
        if entry is None:
            return None
        partial = {db: frozenset(privs) for db, privs in entry.get("privileges", {}).items()}
        return UserState(entry["hash"], frozenset(entry["databases"]), partial)

    def user_exists(self, login: str) -> bool:
        return login in self._load()["users"]

    def create_user(self, login: str, host: str, password_hash: str) -> None:
        self._change(lambda s: s["users"].update({login: {"hash": password_hash, "databases": []}}))

    def set_password(self, login: str, host: str, password_hash: str) -> None:
        self._change(lambda s: s["users"][login].update(hash=password_hash))

    def grant(self, login: str, host: str, database: str, privileges: frozenset[str] | None = None) -> None:
        def mutate(s: dict) -> None:
            entry = s["users"][login]
            entry["databases"] = sorted({*entry["databases"], database})
            partial = entry.setdefault("privileges", {})
            if privileges is None:
                partial.pop(database, None)
            else:
                partial[database] = sorted(privileges)
        self._change(mutate)

    def revoke(self, login: str, host: str, database: str) -> None:
        def mutate(s: dict) -> None:
            entry = s["users"][login]
            entry["databases"] = [d for d in entry["databases"] if d != database]
            entry.get("privileges", {}).pop(database, None)
        self._change(mutate)

    def drop_user(self, login: str, host: str) -> None:
        self._change(lambda s: s["users"].pop(login, None))
