"""The ``polypanel`` command: serve the panel, and manage it on the box over the same core services."""
from __future__ import annotations

import json
import os
import sys

import click

from polypanel.core import accounts, cascade, dns, domains, subscriptions, webspaces
from polypanel.core.errors import PanelError

from .context import CliState, pass_state, print_rows, share_panel_options


@click.group()
@click.option("--data-dir", envvar="POLYPANEL_DATA_DIR", default="./var", show_default=True,
              help="Where the panel keeps its store, certificates and panel.ini.")
@click.option("--config", "config_file", envvar="POLYPANEL_CONFIG", default=None, help="panel.ini (default DATA_DIR/panel.ini).")
@click.option("--database-url", envvar="POLYPANEL_DATABASE_URL", default=None, help="Store URL (default: SQLite in DATA_DIR).")
@click.pass_context
def cli(ctx: click.Context, data_dir: str, config_file: str | None, database_url: str | None) -> None:
    ctx.obj = CliState(data_dir=data_dir, config_file=config_file, database_url=database_url)


@cli.command()
@click.option("--bind", default=None, help="Address to listen on (default 127.0.0.1, or [polypanel] bind).")
@click.option("--admin-password", envvar="POLYPANEL_ADMIN_PASSWORD", default=None,
              help="The administrator's password (generated and printed once if not given on first start).")
@pass_state
def serve(state: CliState, bind: str | None, admin_password: str | None) -> None:
    """Start the panel: every API listener, with TLS, until SIGTERM or SIGINT."""
    from polypanel.core import bootstrap
    from polypanel.server.runtime import open_runtime
    from polypanel.server.serve import run_forever
    from polypanel.server.startup import banner

    rt = open_runtime(state.data_dir, state.config_file, database_url=state.database_url, bind=bind,
                      admin_password=admin_password)
    listeners = ", ".join(f"{name}={port}" for name, port in rt.config.ports.items() if port)

    def ready() -> None:
        # The generated password is shown once the panel answers: a start that failed before
        # never showed it, and the next one sets and shows a new one.
        shown = None if admin_password else bootstrap.take_unseen_admin_password(rt.panel, rt.admin_password)
        for line in banner(rt.config, rt.panel.settings.hostname, shown, rt.provisioning):
            click.echo(line)
        click.echo(f"polypanel listening on {rt.config.bind}: {listeners}")
        sys.stdout.flush()

    run_forever(rt, ready)
    click.echo("polypanel stopped")


@cli.command()
@click.option("--set-password", "new_password", is_flag=False, flag_value="", default=None, metavar="[PASSWORD]",
              help="Set the administrator's password: the one given, '-' to read a line from standard input; "
                   "without a value it is read from standard input, or asked for on a terminal.")
@pass_state
def admin(state: CliState, new_password: str | None) -> None:
    """The administrator (login admin, or root): set its password, e.g. when the printed one was lost."""
    from polypanel.core import bootstrap

    if new_password is None:
        raise click.UsageError("give --set-password [PASSWORD]")
    if new_password == "-" or (new_password == "" and not sys.stdin.isatty()):
        new_password = sys.stdin.readline().rstrip("\r\n")
    elif new_password == "":
        new_password = click.prompt("New password for admin", hide_input=True, confirmation_prompt=True)
    with state.context() as ctx:
        accounts.update(ctx, accounts.get(ctx, login=bootstrap.ADMIN_LOGIN), password=new_password)
        bootstrap.forget_unseen_password(ctx.session)
    click.echo("The administrator's password was changed.")


SYSTEM_DATA_DIR, SYSTEM_CONFIG, UNIT_PATH = "/var/lib/polypanel", "/etc/polypanel/panel.ini", "/etc/systemd/system/polypanel.service"


@cli.command("systemd-unit")
@click.option("--install", is_flag=True, help=f"Write {UNIT_PATH}, and {SYSTEM_CONFIG} (mode = system) if there is none.")
def systemd_unit(install: bool) -> None:
    """The systemd unit that runs this polypanel as a service (printed, or installed with --install)."""
    from importlib.resources import files
    from pathlib import Path

    from polypanel.server.config import write_template

    unit = (files("polypanel") / "systemd" / "polypanel.service").read_text(encoding="utf-8")
    unit = unit.replace("@BIN_DIR@", str(Path(sys.argv[0]).resolve().parent) if sys.argv[0] else sys.prefix + "/bin")
    if not install:
        click.echo(unit, nl=False)
        return
    Path(UNIT_PATH).write_text(unit, encoding="utf-8")
    click.echo(f"wrote {UNIT_PATH}")
    system = {("web", "mode"): "system", ("dns", "mode"): "system"}
    if write_template(Path(SYSTEM_CONFIG), Path(SYSTEM_DATA_DIR), system):
        click.echo(f"wrote {SYSTEM_CONFIG} ([web] and [dns] mode = system)")
    click.echo("start it with: systemctl daemon-reload && systemctl enable --now polypanel; "
               "its output (the first password too): journalctl -u polypanel")


def _account_row(a) -> dict:
    return {"id": a.id, "login": a.login, "type": a.role, "name": a.name, "email": a.email,
            "owner": a.owner.login if a.owner else "", "status": a.status}


def _account_group(role: str) -> click.Group:
    @click.group(name=role, help=f"Manage {role}s.")
    def group() -> None:
        pass

    @group.command("create")
    @click.argument("login")
    @click.option("--password", required=True)
    @click.option("--name", default="")
    @click.option("--email", default="")
    @click.option("--company", default="")
    @click.option("--owner", "owner_login", default=None, help="Owner login (a reseller), for customers.")
    @pass_state
    def create(state: CliState, login, password, name, email, company, owner_login):
        with state.context() as ctx:
            acc = accounts.create(ctx, role=role, login=login, password=password, name=name or login,
                                  email=email, company=company, owner_login=owner_login)
            click.echo(f"{role} {acc.login} created with id {acc.id}")

    @group.command("list")
    @click.option("--json", "as_json", is_flag=True)
    @pass_state
    def list_cmd(state: CliState, as_json):
        with state.context() as ctx:
            print_rows([_account_row(a) for a in accounts.list_(ctx, role=role)], as_json)

    @group.command("show")
    @click.argument("login")
    @pass_state
    def show(state: CliState, login):
        with state.context() as ctx:
            acc = accounts.get(ctx, login=login)
            if acc.role != role:
                raise PanelError(f"{login} is not a {role}")
            click.echo(json.dumps(_account_row(acc), indent=2))

    @group.command("update")
    @click.argument("login")
    @click.option("--password", default=None)
    @click.option("--name", default=None)
    @click.option("--email", default=None)
    @click.option("--company", default=None)
    @click.option("--status", type=click.Choice(["active", "suspended"]), default=None)
    @pass_state
    def update(state: CliState, login, password, name, email, company, status):
        with state.context() as ctx:
            acc = accounts.get(ctx, login=login)
            accounts.update(ctx, acc, password=password, name=name, email=email, company=company, status=status)
            click.echo(f"{role} {acc.login} updated")

    @group.command("delete")
    @click.argument("login")
    @pass_state
    def delete(state: CliState, login):
        with state.context() as ctx:
            cascade.delete_account(ctx, accounts.get(ctx, login=login))
            click.echo(f"{role} {login} deleted")

    return group


cli.add_command(_account_group("customer"))
cli.add_command(_account_group("reseller"))


@cli.group()
def subscription() -> None:
    """Manage subscriptions (webspaces)."""


@subscription.command("create")
@click.argument("domain")
@click.option("--owner", "owner_login", required=True)
@click.option("--plan", "plan_name", default=None)
@click.option("--system-user", default=None)
@click.option("--password", default=None)
@click.option("--ip", "ip_address", default=None)
@pass_state
def subscription_create(state: CliState, domain, owner_login, plan_name, system_user, password, ip_address):
    with state.context() as ctx:
        sub = subscriptions.create(ctx, domain=domain, owner_login=owner_login, plan_name=plan_name,
                                   system_user=system_user, password=password, ip_address=ip_address)
        click.echo(f"subscription {domain} created with id {sub.id}, system user {sub.system_user}")


@subscription.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def subscription_list(state: CliState, as_json):
    with state.context() as ctx:
        rows = [{"id": s.id, "domain": webspaces.main_domain(s).name, "owner": s.owner.login,
                 "system_user": s.system_user, "plan": s.plan.name if s.plan else "", "status": s.status}
                for s in subscriptions.list_(ctx)]
        print_rows(rows, as_json)


@subscription.command("delete")
@click.argument("domain")
@pass_state
def subscription_delete(state: CliState, domain):
    with state.context() as ctx:
        cascade.delete_subscription(ctx, subscriptions.get(ctx, name=domain))
        click.echo(f"subscription {domain} deleted")


@cli.group()
def domain() -> None:
    """Manage domains, subdomains and aliases."""


@domain.command("create")
@click.argument("name")
@click.option("--subscription", "sub_name", required=True, help="The subscription's main domain.")
@click.option("--kind", type=click.Choice(["addon", "subdomain", "alias", "parked"]), default="addon")
@click.option("--parent", "parent_name", default=None)
@pass_state
def domain_create(state: CliState, name, sub_name, kind, parent_name):
    with state.context() as ctx:
        sub = subscriptions.get(ctx, name=sub_name)
        d = domains.create(ctx, subscription=sub, name=name, kind=kind, parent_name=parent_name)
        click.echo(f"domain {d.name} created with id {d.id}")


@domain.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def domain_list(state: CliState, as_json):
    with state.context() as ctx:
        rows = [{"id": d.id, "name": d.name, "ascii_name": d.ascii_name, "kind": d.kind,
                 "owner": d.subscription.owner.login, "status": d.status, "www_root": d.document_root,
                 "provision": d.provision_status}
                for d in domains.list_(ctx)]
        print_rows(rows, as_json)


@domain.command("show")
@click.argument("name")
@pass_state
def domain_show(state: CliState, name):
    with state.context() as ctx:
        d = domains.get(ctx, name=name)
        click.echo(json.dumps({"id": d.id, "name": d.name, "ascii_name": d.ascii_name, "kind": d.kind,
                               "guid": d.guid, "owner": d.subscription.owner.login, "status": d.status,
                               "www_root": d.document_root, "provision_status": d.provision_status,
                               "provision_error": d.provision_error}, indent=2))


@domain.command("update")
@click.argument("name")
@click.option("--status", type=click.Choice(["active", "suspended", "disabled"]), default=None)
@click.option("--description", default=None)
@pass_state
def domain_update(state: CliState, name, status, description):
    with state.context() as ctx:
        domains.update(ctx, domains.get(ctx, name=name), status=status, description=description)
        click.echo(f"domain {name} updated")


@domain.command("delete")
@click.argument("name")
@pass_state
def domain_delete(state: CliState, name):
    with state.context() as ctx:
        cascade.delete_domain(ctx, domains.get(ctx, name=name))
        click.echo(f"domain {name} deleted")


@cli.group(name="dns")
def dns_group() -> None:
    """Manage DNS records."""


@dns_group.command("list")
@click.argument("zone")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def dns_list(state: CliState, zone, as_json):
    with state.context() as ctx:
        z = dns.get_zone(ctx, name=zone)
        print_rows([{"id": r.id, "host": r.name + ".", "type": r.type, "value": r.value, "opt": r.opt,
                     "ttl": r.ttl if r.ttl is not None else ""} for r in z.records], as_json)


@dns_group.command("add")
@click.argument("zone")
@click.argument("type")
@click.argument("host")
@click.argument("value")
@click.option("--opt", default="")
@click.option("--ttl", default=None, type=int)
@pass_state
def dns_add(state: CliState, zone, type, host, value, opt, ttl):
    with state.context() as ctx:
        rec = dns.add_record(ctx, dns.get_zone(ctx, name=zone), type=type, host=host, value=value, opt=opt, ttl=ttl)
        click.echo(f"record {rec.id} added")


@dns_group.command("delete")
@click.argument("record_id", type=int)
@pass_state
def dns_delete(state: CliState, record_id):
    with state.context() as ctx:
        dns.delete_record(ctx, dns.get_record(ctx, record_id))
        click.echo(f"record {record_id} deleted")


@cli.group(name="secret-key")
def secret_key() -> None:
    """Manage API secret keys (Plesk KEY / X-API-Key)."""


@secret_key.command("create")
@click.option("--ip-address", "ips", default=None, help="IP address(es) the key works from, comma separated.")
@click.option("--description", default="")
@click.option("--login", default=None, help="Owner of the key (default: admin).")
@pass_state
def secret_key_create(state: CliState, ips, description, login):
    from polypanel.auth import keys

    with state.context() as ctx:
        _row, key = keys.create(ctx, login=login, ips=ips, description=description)
    click.echo(key)


@secret_key.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def secret_key_list(state: CliState, as_json):
    from polypanel.auth import keys

    with state.context() as ctx:
        print_rows([{"key": r.hint + "...", "login": r.account.login, "ip_addresses": ",".join(r.ips),
                     "description": r.description} for r in keys.list_(ctx)], as_json)


@secret_key.command("delete")
@click.argument("key")
@pass_state
def secret_key_delete(state: CliState, key):
    from polypanel.auth import keys

    with state.context() as ctx:
        keys.delete(ctx, key)
    click.echo("The key was deleted")


@cli.command()
@pass_state
def reconcile(state: CliState) -> None:
    """Re-render everything from the store and apply it (idempotent: a second run changes nothing)."""
    rt = state.runtime()
    prov = rt.attach_provisioning()
    for warning in prov.warnings:
        click.echo(f"warning: {warning}", err=True)
    rt.runner.recover()
    failed = False
    for service, report in rt.runner.reconcile().items():
        changed, removed = len(report.changed), len(report.removed)
        click.echo(f"{service}: {changed} changed, {removed} removed, {report.unchanged} unchanged"
                   + (f", {len(report.rejected)} rejected" if report.rejected else ""))
        for key, message in report.rejected.items():
            failed = True
            click.echo(f"  {key}: {message}", err=True)
    if failed:
        sys.exit(1)


@cli.command()
@click.option("--failed", is_flag=True, help="Only jobs whose apply failed.")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@pass_state
def jobs(state: CliState, failed: bool, limit: int, as_json: bool) -> None:
    """Provisioning jobs, newest first, with the tool's message for those that failed."""
    from sqlalchemy import select

    from polypanel.store.models import ProvisionJob

    rt = state.runtime()
    q = select(ProvisionJob).order_by(ProvisionJob.id.desc()).limit(limit)
    if failed:
        q = q.where(ProvisionJob.status == "failed")
    with rt.panel.readers() as s:
        rows = [{"id": j.id, "service": j.service, "target": j.target, "status": j.status,
                 "created": j.created_at.isoformat(timespec="seconds"),
                 "error": j.error if as_json else j.error.splitlines()[0][:120] if j.error else ""}
                for j in s.scalars(q)]
    print_rows(rows, as_json)


@cli.command()
@click.option("--login", default=None)
@click.option("--ip", default=None)
@click.option("--allow", "allow", default=None, metavar="ADDRESS",
              help="Trust an address or network for good: it is never blocked.")
@click.option("--disallow", "disallow", default=None, metavar="ADDRESS", help="Remove an address from the trusted ones.")
@click.option("--list", "show", is_flag=True, help="List the blocks in force and the trusted addresses.")
@pass_state
def unblock(state: CliState, login, ip, allow, disallow, show):
    """Lift a brute-force block on a login or an IP address; trust addresses."""
    rt = state.runtime()
    guard = rt.env.auth.guard
    if login:
        login = rt.env.auth.canonical_login(login) or login  # root -> the administrator's own login
    with rt.panel.sessions() as s, s.begin():
        if show:
            rows = [{"kind": b.kind, "value": b.value, "until": b.until.isoformat()} for b in guard.blocks(s)]
            rows += [{"kind": "trusted", "value": a, "until": "-"} for a in guard.allowed(s)]
            print_rows(rows, False)
            return
        if not (login or ip or allow or disallow):
            raise click.UsageError("give --login, --ip, --allow or --disallow")
        try:
            if allow:
                click.echo(f"{guard.allow(s, allow)} is trusted: it is never blocked")
            if disallow:
                click.echo(f"{guard.disallow(s, disallow)} trusted address(es) removed")
        except ValueError:
            raise click.BadParameter(f"not an IP address or network: {allow or disallow}") from None
        n = guard.unblock(s, login=login, ip=ip) if (login or ip) else 0
    if login or ip:
        click.echo(f"{n} block(s) lifted")


share_panel_options(cli)


def main() -> None:
    from polypanel.server.config import PanelConfigError
    from polypanel.server.startup import StartupError

    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except PanelError as e:
        click.echo(f"Error: {e.message}", err=True)
        sys.exit(1)
    except (StartupError, PanelConfigError) as e:
        click.echo(f"Error: {e}", err=True)
        sys.exit(1)
    except SystemExit:
        raise


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
