"""``plesk bin customer`` and ``plesk bin reseller``: customer and reseller accounts (core.accounts)."""
from __future__ import annotations

from polypanel.core import accounts, cascade
from polypanel.core.errors import Invalid, NotFound

from .base import Command, Run, Utility, created, removed, status_word, table, updated

# Plesk's option -> the account's profile field.
PROFILE = {"name": "name", "company": "company", "phone": "phone", "email": "email", "address": "address",
           "city": "city", "state": "state", "zip": "postal_code", "country": "country", "locale": "locale",
           "description": "description", "external-id": "external_id"}
OPTIONS = {
    "name": "contact name", "company": "company name", "phone": "phone number", "email": "e-mail address",
    "address": "street address", "city": "city", "state": "state or province", "zip": "postal code",
    "country": "two-letter country code", "locale": "interface language, e.g. en-US",
    "description": "description", "external-id": "the account's id in another system",
    "passwd": "password (empty: the PSA_PASSWORD environment variable)",
    "new_login": "a new login (--update)", "owner": "the owner's login (a reseller; customers only)",
}


def _profile(run: Run) -> dict:
    return {field: run.opts[opt] for opt, field in PROFILE.items() if opt in run.opts}


def _account(run: Run, role: str):
    acc = accounts.get(run.ctx, login=run.target)
    if acc.role != role:
        raise NotFound("account", run.target, f"Unable to find {role} with the login '{run.target}'")
    return acc


def _info(run: Run, acc) -> None:
    table(run, [("Company name", acc.company), ("Contact name", acc.name), ("Login", acc.login),
                ("Phone", acc.phone), ("E-mail", acc.email), ("Address", acc.address), ("City", acc.city),
                ("State/Province", acc.state), ("Postal/ZIP code", acc.postal_code), ("Country", acc.country),
                ("Locale", acc.locale), ("Status", status_word(accounts.effective_status(acc))),
                ("Owner", acc.owner.login if acc.owner else ""), ("External ID", acc.external_id),
                ("Description", acc.description), ("GUID", acc.guid), ("ID", acc.id)])


def _utility(role: str) -> Utility:
    def create(run: Run) -> None:
        if role == "reseller" and "owner" in run.opts:
            raise Invalid("owner", "a reseller belongs to the administrator: -owner is for customers")
        acc = accounts.create(run.ctx, role=role, login=run.target, password=run.password() or "",
                              owner_login=run.opt("owner") or None, **_profile(run))
        created(run, role, acc.login)

    def update(run: Run) -> None:
        acc = _account(run, role)
        accounts.update(run.ctx, acc, login=run.opt("new_login") or None, password=run.password(),
                        owner_login=run.opt("owner") or None, **_profile(run))
        updated(run, role, acc.login)

    def remove(run: Run) -> None:
        acc = _account(run, role)
        cascade.delete_account(run.ctx, acc)
        removed(run, run.target)

    def info(run: Run) -> None:
        _info(run, _account(run, role))

    def list_(run: Run) -> None:
        for acc in accounts.list_(run.ctx, role=role):
            run.say(acc.login)

    def switch(status: str):
        def handler(run: Run) -> None:
            acc = _account(run, role)
            accounts.set_status(run.ctx, acc, status)
            updated(run, role, acc.login)
        return handler

    options = dict(OPTIONS)
    if role == "reseller":
        options.pop("owner")
    return Utility(role, role, [
        Command("--create", create, f"create a {role} account", ("-c",), "LOGIN", phrase="creation"),
        Command("--update", update, f"change a {role} account", ("-u",), "LOGIN", phrase="update"),
        Command("--remove", remove, f"remove a {role} account with everything it owns", ("-r",), "LOGIN",
                phrase="removal"),
        Command("--info", info, f"show a {role} account", ("-i",), "LOGIN", phrase="getting info"),
        Command("--list", list_, f"list the {role}s' logins", ("-l",), None, phrase="listing"),
        Command("--on", switch("active"), f"activate a {role} account", (), "LOGIN", phrase="activation"),
        Command("--off", switch("suspended"), f"suspend a {role} account", (), "LOGIN", phrase="suspension"),
    ], options)


customer = _utility("customer")
reseller = _utility("reseller")
