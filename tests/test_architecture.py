"""The layers of DESIGN.md, checked on the source: which package may import which, and module size."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "polypanel"
MAX_LINES = 500

# package -> module prefixes it must never import
FORBIDDEN = {
    "core": ("polypanel.auth", "polypanel.dialects", "polypanel.server", "polypanel.cli", "polypanel.provision"),
    "dialects": ("sqlalchemy", "polypanel.store", "polypanel.cli"),
    "auth": ("polypanel.dialects", "polypanel.server", "polypanel.cli", "polypanel.provision"),
    "store": ("polypanel.core", "polypanel.auth", "polypanel.dialects", "polypanel.server", "polypanel.cli",
              "polypanel.provision"),
    "provision": ("polypanel.dialects", "polypanel.server", "polypanel.cli", "polypanel.auth"),
}


def _modules():
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("polypanel",) + path.relative_to(SRC).parent.parts)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.append(name)
            out += [f"{name}.{a.name}" for a in node.names]
    return out


def _violations(path: Path) -> list[str]:
    layer = path.relative_to(SRC).parts[0]
    banned = FORBIDDEN.get(layer, ())
    return sorted({name for name in _imports(path) for b in banned if name == b or name.startswith(b + ".")})


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_module_respects_its_layer(path):
    assert _violations(path) == [], f"{path.relative_to(SRC)} imports what its layer must not"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_module_is_small(path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.relative_to(SRC)} has {lines} lines (at most {MAX_LINES})"


def test_the_check_sees_a_violation(tmp_path, monkeypatch):
    """The check itself works: a dialect module importing the store is caught."""
    fake = SRC / "dialects" / "_architecture_probe.py"
    fake.write_text("from polypanel.store.models import Account\nimport sqlalchemy\n")
    try:
        assert _violations(fake) == ["polypanel.store.models", "polypanel.store.models.Account", "sqlalchemy"]
    finally:
        fake.unlink()
