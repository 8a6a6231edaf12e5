"""``plesk bin customer`` and ``plesk bin domain``: Plesk's command-line utilities over the core services.

Each runner has the shape of ``secret_key.secret_key``: ``(state, args, out, err) -> exit code``,
so the same code serves the ``plesk`` command and the REST API's CLI gateway.
"""
from __future__ import annotations

import os

from polypanel.core import accounts, cascade, domains, subscriptions, vocabulary, webspaces
from polypanel.core.errors import PanelError

from .options import parse as _options

CUSTOMER_COMMANDS = {
    "--create": "create a customer: --create LOGIN -name NAME -passwd PASSWORD [-email E] [-company C] [-owner RESELLER]",
    "--update": "change a customer: --update LOGIN [-name N] [-passwd P] [-email E] [-company C] [-status enabled|disabled]",
    "--remove": "remove a customer: --remove LOGIN",
    "--info": "show a customer: --info LOGIN",
    "--list": "list the customers' logins",
    "--on": "activate a customer: --on LOGIN",
    "--off": "suspend a customer: --off LOGIN",
}
CUSTOMER_OPTIONS = {
    "-name": "contact name", "-passwd": "password (or the PSA_PASSWORD environment variable)", "-email": "e-mail",
    "-company": "company name", "-owner": "owner login (a reseller)", "-status": "enabled | disabled",
    "-description": "description", "-external-id": "external id", "-locale": "locale, e.g. en-US",
}
DOMAIN_COMMANDS = {
    "--create": "create a domain: --create NAME [-owner LOGIN] [-webspace-name SUBSCRIPTION] [-ip IP] "
                "[-login FTP_LOGIN] [-passwd PASSWORD] [-service-plan PLAN]",
    "--remove": "remove a domain: --remove NAME",
    "--info": "show a domain: --info NAME",
    "--list": "list the domains",
    "--on": "activate a domain: --on NAME",
    "--off": "suspend a domain: --off NAME",
}
DOMAIN_OPTIONS = {
    "-owner": "owner login (new subscriptions)", "-webspace-name": "the subscription an add-on domain joins",
    "-ip": "IP address", "-login": "system (FTP) user", "-passwd": "its password (or PSA_PASSWORD)",
    "-service-plan": "service plan name", "-description": "description",
}
SHORT = {"-c": "--create", "-u": "--update", "-r": "--remove", "-i": "--info", "-l": "--list"}


def _command(args: list[str], commands: dict) -> tuple[str, str, dict] | None:

    if not args:
        return None
    command = SHORT.get(args[0], args[0])
    if command.startswith("-") and not command.startswith("--"):
        command = "-" + command
    if command not in commands:
        return None
    target = args[1] if len(args) > 1 and not args[1].startswith("-") else ""
    return command, target, _options(args[2:] if target else args[1:])


def _usage(name: str, commands: dict, out) -> None:
    out.write(f"Usage: plesk bin {name} <command> [<options>]\nCommands:\n")
    for cmd, text in commands.items():
        out.write(f"  {cmd:<10} {text}\n")


def _password(state, opts: dict) -> str | None:
    if "passwd" not in opts:
        return None
    environ = getattr(state, "environ", None) or os.environ
    return opts["passwd"] or environ.get("PSA_PASSWORD", "")


def _run(state, name: str, commands: dict, args: list[str], out, err, body) -> int:
    if args and args[0] in ("-h", "--help"):
        _usage(name, commands, out)
        return 0
    parsed = _command(args, commands)
    if parsed is None:
        err.write(f"Unknown command: {args[0] if args else ''}\n")
        _usage(name, commands, err)
        return 1
    command, target, opts = parsed
    if command != "--list" and not target:
        err.write(f"The {name} is not specified\n")
        return 1
    try:
        with state.context() as ctx:
            body(ctx, command, target, opts, out)
    except PanelError as e:
        err.write(f"An error occurred during {name} {command.lstrip('-')}: {e.message}\n")
        return 1
    return 0


def customer(state, args: list[str], out, err) -> int:
    def body(ctx, command, login, opts, out):
        status = {"enabled": "active", "disabled": "suspended"}.get(opts.get("status", ""), opts.get("status") or None)
        profile = {k: opts[o] for k, o in (("name", "name"), ("email", "email"), ("company", "company"),
                                           ("description", "description"), ("external_id", "external-id"),
                                           ("locale", "locale")) if o in opts}
        if command == "--create":
            acc = accounts.create(ctx, role="customer", login=login, password=_password(state, opts) or "",
                                  owner_login=opts.get("owner") or None, status=status or "active", **profile)
            out.write(f"SUCCESS: Creation of customer '{acc.login}' completed.\n")
        elif command == "--list":
            for acc in accounts.list_(ctx, role="customer"):
                out.write(acc.login + "\n")
        else:
            acc = accounts.get(ctx, login=login)
            if acc.role != "customer":
                raise PanelError(f"{login} is not a customer")
            if command == "--info":
                out.write(f"Contact name: {acc.name}\nLogin: {acc.login}\nCompany name: {acc.company}\n"
                          f"E-mail: {acc.email}\nStatus: {accounts.effective_status(acc)}\nOwner: "
                          f"{acc.owner.login if acc.owner else ''}\nGUID: {acc.guid}\nID: {acc.id}\n")
            elif command == "--update":
                accounts.update(ctx, acc, password=_password(state, opts), status=status, **profile)
                out.write(f"SUCCESS: Update of customer '{acc.login}' completed.\n")
            elif command == "--remove":
                cascade.delete_account(ctx, acc)
                out.write(f"SUCCESS: Removal of '{login}' completed.\n")
            else:
                accounts.set_status(ctx, acc, "active" if command == "--on" else "suspended")
                out.write(f"SUCCESS: Update of customer '{acc.login}' completed.\n")

    return _run(state, "customer", CUSTOMER_COMMANDS, args, out, err, body)


def domain(state, args: list[str], out, err) -> int:
    def body(ctx, command, name, opts, out):
        if command == "--create":
            if opts.get("webspace-name"):
                sub = subscriptions.get(ctx, name=opts["webspace-name"])
                d = domains.create(ctx, subscription=sub, name=name, kind="addon",
                                   description=opts.get("description", ""))
            else:
                sub = subscriptions.create(ctx, domain=name, owner_login=opts.get("owner") or None,
                                           plan_name=opts.get("service-plan") or None,
                                           system_user=opts.get("login") or None, password=_password(state, opts),
                                           ip_address=opts.get("ip") or None, description=opts.get("description", ""))
                d = webspaces.main_domain(sub)
            out.write(f"SUCCESS: Creation of domain '{d.name}' completed.\n")
        elif command == "--list":
            for d in domains.list_(ctx, kinds=vocabulary.SITE_KINDS):
                out.write(d.name + "\n")
        else:
            d = domains.get(ctx, name=name)
            if command == "--info":
                out.write(f"Domain name: {d.name}\nASCII name: {d.ascii_name}\nKind: {d.kind}\n"
                          f"Owner's contact name: {d.subscription.owner.name} ({d.subscription.owner.login})\n"
                          f"Status: {d.status}\nWWW root: {d.document_root}\nGUID: {d.guid}\nID: {d.id}\n")
            elif command == "--remove":
                cascade.delete_domain(ctx, d)
                out.write(f"SUCCESS: Removal of '{name}' completed.\n")
            else:
                status = "active" if command == "--on" else "suspended"
                domains.update(ctx, d, status=status)
                if d.kind == "main":
                    subscriptions.update(ctx, d.subscription, status=status)
                out.write(f"SUCCESS: Update of domain '{d.name}' completed.\n")

    return _run(state, "domain", DOMAIN_COMMANDS, args, out, err, body)
