"""``plesk bin service_plan``: hosting service plans and their limits (core.plans)."""
from __future__ import annotations

from polypanel.core import plans

from .base import Command, Run, Utility, created, removed, table, updated
from .subscription import LIMITS

OPTIONS = {
    "new-name": "a new name (--update)",
    **{k: f"limit: {v.replace('_', ' ')} (-1 or unlimited: no limit; sizes as 100M, 1G)" for k, v in LIMITS.items()},
}


def _limits(run: Run) -> dict:
    return {key: run.number(opt) for opt, key in LIMITS.items() if opt in run.opts}


def create(run: Run) -> None:
    plan = plans.create(run.ctx, name=run.target, limits=_limits(run))
    created(run, "service plan", plan.name)


def update(run: Run) -> None:
    plan = plans.get(run.ctx, name=run.target)
    plans.update(run.ctx, plan, name=run.opt("new-name") or None, limits=_limits(run) or None)
    updated(run, "service plan", plan.name)


def remove(run: Run) -> None:
    plans.delete(run.ctx, plans.get(run.ctx, name=run.target))
    removed(run, run.target)


def info(run: Run) -> None:
    plan = plans.get(run.ctx, name=run.target)
    by_key = {v: k for k, v in LIMITS.items()}
    rows = [("Name", plan.name), ("GUID", plan.guid), ("ID", plan.id)]
    for key, value in sorted((plan.limits or {}).items()):
        rows.append((by_key.get(key, key), "Unlimited" if value == -1 else value))
    table(run, rows)


def list_(run: Run) -> None:
    for plan in plans.list_(run.ctx):
        if plan.kind == "hosting":
            run.say(plan.name)


service_plan = Utility("service_plan", "service plan", [
    Command("--create", create, "create a hosting service plan", ("-c",), "NAME", phrase="creation"),
    Command("--update", update, "change a service plan's name or limits", ("-u",), "NAME", phrase="update"),
    Command("--remove", remove, "remove a service plan no subscription uses", ("-r",), "NAME", phrase="removal"),
    Command("--info", info, "show a service plan", ("-i",), "NAME", phrase="getting info"),
    Command("--list", list_, "list the service plans", ("-l",), None, phrase="listing"),
], OPTIONS)
