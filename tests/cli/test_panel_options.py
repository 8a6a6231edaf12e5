"""--data-dir, --config and --database-url work before and after the subcommand."""
from click.testing import CliRunner

from polypanel.cli.main import cli


def test_panel_options_after_the_subcommand(tmp_path, fresh_database_url):
    url = fresh_database_url()
    data_dir = tmp_path / "var"
    other_ini = tmp_path / "etc" / "panel.ini"
    other_ini.parent.mkdir()
    other_ini.write_text("[polypanel]\npassword_strength = very_weak\n")
    runner = CliRunner()

    # After the subcommand: the weak password passes only because --config was honoured.
    r = runner.invoke(cli, ["customer", "create", "late", "--password", "x", "--data-dir", str(data_dir),
                            "--config", str(other_ini), "--database-url", url])
    assert r.exit_code == 0, (r.output, r.exception)
    # Before it: the same store.
    r = runner.invoke(cli, ["--data-dir", str(data_dir), "--database-url", url, "customer", "list"])
    assert r.exit_code == 0 and "late" in r.output
    # Without --config the data dir's own panel.ini (the strong default policy) applies.
    r = runner.invoke(cli, ["customer", "create", "weak", "--password", "x", "--database-url", url, "--data-dir", str(data_dir)])
    assert r.exit_code != 0 and "password_strength" in str(r.exception)
    # After the subcommand wins over before it.
    r = runner.invoke(cli, ["--data-dir", str(tmp_path / "elsewhere"), "customer", "list", "--data-dir", str(data_dir),
                            "--database-url", url])
    assert r.exit_code == 0 and "late" in r.output
    assert not (tmp_path / "elsewhere").exists()
    # Nested groups and `serve` take them too.
    for args in (["dns", "list", "--help"], ["serve", "--help"], ["admin", "--help"]):
        r = runner.invoke(cli, args)
        assert "--data-dir" in r.output and "--config" in r.output and "--database-url" in r.output, args


def test_systemd_unit_is_shipped_and_runs_this_install():
    import subprocess
    import sys
    from pathlib import Path

    out = subprocess.run([str(Path(sys.executable).parent / "polypanel"), "systemd-unit"], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    exec_start = next(line for line in out.splitlines() if line.startswith("ExecStart="))
    assert Path(exec_start.split("=", 1)[1].split()[0]).is_file()
    assert "--data-dir /var/lib/polypanel --config /etc/polypanel/panel.ini serve" in exec_start
    assert "Restart=on-failure" in out and "@" not in out.replace("@BIN_DIR@ filled in", "")
