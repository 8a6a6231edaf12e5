"""``plesk bin subscription``: subscriptions (webspaces) over core.subscriptions and core.cascade."""
from __future__ import annotations

from polypanel.core import cascade, subscriptions, webspaces

from .base import Command, Run, Utility, created, removed, status_word, table, updated

# Plesk's limit options -> core limit keys (sizes in megabytes; -1 or "unlimited": no limit).
LIMITS = {"max_site": "max_domains", "max_subdom": "max_subdomains", "max_dom_aliases": "max_aliases",
          "max_box": "max_mailboxes", "max_db": "max_databases", "max_dbusers": "max_db_users",
          "max_subftp_users": "max_ftp_users", "disk_space": "disk_space_mb", "max_traffic": "traffic_mb"}
OPTIONS = {
    "owner": "the owner's login (default: the caller)",
    "service-plan": "the service plan (--create, --switch-subscription)",
    "ip": "the IP address of the subscription",
    "login": "the system user (FTP login) of the subscription (--create)",
    "passwd": "the system user's password (empty: the PSA_PASSWORD environment variable)",
    "hosting": "true (default) or false: with or without web hosting (--create)",
    "description": "description", "external-id": "the subscription's id in another system",
    **{k: f"limit: {v.replace('_', ' ')} (-1 or unlimited: no limit; sizes as 100M, 1G)" for k, v in LIMITS.items()},
}


def _limits(run: Run) -> dict | None:
    out = {key: run.number(opt) for opt, key in LIMITS.items() if opt in run.opts}
    return out or None


def create(run: Run) -> None:
    hosting = run.flag("hosting", True)
    sub = subscriptions.create(run.ctx, domain=run.target, owner_login=run.opt("owner") or None,
                               plan_name=run.opt("service-plan") or None, system_user=run.opt("login") or None,
                               password=run.password(), ip_address=run.opt("ip") or None,
                               hosting_type="virtual" if hosting else "none",
                               description=run.opt("description", ""), external_id=run.opt("external-id", ""))
    limits = _limits(run)
    if limits:
        subscriptions.update(run.ctx, sub, limits=limits)
    created(run, "domain", webspaces.main_domain(sub).name)


def update(run: Run) -> None:
    sub = subscriptions.get(run.ctx, name=run.target)
    subscriptions.update(run.ctx, sub, owner_login=run.opt("owner") or None, password=run.password(),
                         ip_address=run.opt("ip") or None, description=run.opt("description"),
                         external_id=run.opt("external-id"), limits=_limits(run))
    updated(run, "domain", webspaces.main_domain(sub).name)


def remove(run: Run) -> None:
    sub = subscriptions.get(run.ctx, name=run.target)
    cascade.delete_subscription(run.ctx, sub)
    removed(run, run.target)


def info(run: Run) -> None:
    sub = subscriptions.get(run.ctx, name=run.target)
    main = webspaces.main_domain(sub)
    rows = [("Domain name", main.name), ("Owner's contact name", f"{sub.owner.name} ({sub.owner.login})"),
            ("Domain status", status_word(webspaces.effective_status(sub))),
            ("Service plan", sub.plan.name if sub.plan else ""), ("IP address", sub.ip.address if sub.ip else ""),
            ("FTP Login", sub.system_user), ("Hosting type", main.hosting_type),
            ("Creation date", sub.created_at.date().isoformat()), ("External ID", sub.external_id),
            ("Description", sub.description), ("GUID", sub.guid), ("ID", sub.id)]
    for key, value in sorted((sub.limits or {}).items()):
        rows.append((f"Limit {key}", "Unlimited" if value == -1 else value))
    table(run, rows)


def list_(run: Run) -> None:
    for sub in subscriptions.list_(run.ctx):
        run.say(webspaces.main_domain(sub).name)


def webspace_status(status: str):
    def handler(run: Run) -> None:
        sub = subscriptions.get(run.ctx, name=run.target)
        subscriptions.update(run.ctx, sub, status=status)
    return handler


def switch(run: Run) -> None:
    sub = subscriptions.get(run.ctx, name=run.target)
    subscriptions.update(run.ctx, sub, plan_name=run.required("service-plan"))
    updated(run, "domain", webspaces.main_domain(sub).name)


subscription = Utility("subscription", "subscription", [
    Command("--create", create, "create a subscription with its main domain", ("-c",), "NAME", phrase="creation"),
    Command("--update", update, "change a subscription's settings and limits", ("-u",), "NAME", phrase="update"),
    Command("--remove", remove, "remove a subscription with its sites, mail, databases and FTP users", ("-r",), "NAME",
            phrase="removal"),
    Command("--info", info, "show a subscription", ("-i",), "NAME", phrase="getting info"),
    Command("--list", list_, "list the subscriptions", ("-l",), None, phrase="listing"),
    Command("--webspace-off", webspace_status("suspended"), "suspend a subscription", (), "NAME", phrase="suspension"),
    Command("--webspace-on", webspace_status("active"), "activate a subscription", (), "NAME", phrase="activation"),
    Command("--switch-subscription", switch, "switch a subscription to the service plan -service-plan", (), "NAME",
            phrase="switching"),
], OPTIONS)
