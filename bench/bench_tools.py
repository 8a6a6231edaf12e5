"""What the API bench needs on the machine: wrk (Debian package) and the bench server stacks (PyPI)."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bench_requirements() -> list[str]:
    """The ``bench`` optional-dependency group of pyproject.toml."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["optional-dependencies"]["bench"]


def _module_of(requirement: str) -> str:
    name = requirement.split(">")[0].split("=")[0].split("<")[0].split("[")[0].strip()
    return name.replace("-", "_")


def ensure_python_packages(say) -> None:
    missing = [r for r in bench_requirements() if importlib.util.find_spec(_module_of(r)) is None]
    if missing:
        say(f"installing {', '.join(missing)} into {sys.prefix}")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *missing], check=True)
        importlib.invalidate_caches()


def ensure_wrk(say) -> None:
    if shutil.which("wrk"):
        return
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    say("installing wrk with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = sudo + ["apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(sudo + ["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL, check=True)
        subprocess.run(install, env=env, stdout=subprocess.DEVNULL, check=True)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed and apt-get could not install it")


def has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def granian_bin() -> str | None:
    local = Path(sys.executable).parent / "granian"
    return str(local) if local.exists() else shutil.which("granian")
