"""A daemon the README's test command installs cannot go missing silently: its tests fail, not skip."""
import pytest
from _pytest.outcomes import Failed, Skipped

from tests import installed


@pytest.fixture
def nothing_installed(monkeypatch):
    monkeypatch.setattr(installed, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("POLYPANEL_TEST_REQUIRE_ALL", raising=False)


def test_every_daemon_the_tests_use_is_in_the_package_lists():
    assert {installed.PROVIDED_BY[b] for b in ("nginx", "named", "rndc", "pure-pw", "postmap", "doveadm", "curl",
                                               "chromium", "chromedriver")} <= installed.listed_packages()


@pytest.mark.parametrize("binary", ["nginx", "named", "named-checkconf", "pure-pw", "postmap", "doveadm", "chromedriver"])
def test_a_missing_listed_daemon_fails_the_test(nothing_installed, binary):
    with pytest.raises(Failed, match="scripts/test.sh installs it"):
        installed.require_binary(binary)


def test_something_not_listed_skips_outside_ci_and_fails_in_ci(nothing_installed, monkeypatch):
    with pytest.raises(Skipped):
        installed.require_binary("some-tool-nobody-lists")
    with pytest.raises(Skipped):
        installed.require_server("MariaDB", OSError("refused"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(Failed):
        installed.require_binary("some-tool-nobody-lists")
    with pytest.raises(Failed):
        installed.require_server("MariaDB", OSError("refused"))
    monkeypatch.setenv("CI", "")
    monkeypatch.setenv("POLYPANEL_TEST_REQUIRE_ALL", "1")  # set by scripts/test.sh
    with pytest.raises(Failed):
        installed.require_server("PostgreSQL", OSError("refused"))


def test_an_installed_daemon_passes():
    installed.require_binary("nginx", "named")  # scripts/test.sh installed them on this machine
