"""``plesk bin ip_pool --info``: the IP addresses in the caller's pool (core.ips).

Every account's pool here is the server's registered addresses: the panel has no per-reseller
IP pools, so ``--add``/``--del``/``--update`` (which move addresses between pools) are not offered.
"""
from __future__ import annotations

from polypanel.core import accounts, ips
from polypanel.core.errors import Forbidden

from .base import Command, Run, Utility

OPTIONS = {"owner": "the reseller whose pool is shown (default: the caller)"}


def info(run: Run) -> None:
    if run.opt("owner"):
        owner = accounts.get(run.ctx, login=run.opt("owner"))  # only an account the caller may see
        if owner.role == "customer":
            raise Forbidden("A customer has no IP pool")
    for ip in ips.list_(run.ctx):
        run.say(f"{ip.address} {ip.type}")


ip_pool = Utility("ip_pool", "IP pool", [
    Command("--info", info, "list the addresses of the pool and their type (shared or exclusive)", ("-i",), None,
            phrase="getting info"),
], OPTIONS)
