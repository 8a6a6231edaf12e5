"""plesk bin certificate on the box: the -*-file options read files there; run as another customer, a
certificate (and its key) is invisible and cannot be assigned or removed."""
import datetime

import pytest

from tests.tls_certs import issue

from .test_plesk_cli_tenancy import run, tenants  # noqa: F401


@pytest.fixture(autouse=True)
def real_time(clock):
    clock._now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def test_box_reads_files_and_tenancy_holds(tenants, tmp_path):  # noqa: F811
    good = issue("a.example", "www.a.example")
    (tmp_path / "a.key").write_text(good.key)
    (tmp_path / "a.crt").write_text(good.cert)
    custa, custb, resa = tenants["custa"], tenants["custb"], tenants["resa"]
    code, out, err = run(custa, "certificate", "-c", "A cert", "-domain", "a.example",
                         "-key-file", str(tmp_path / "a.key"), "-cert-file", str(tmp_path / "a.crt"))
    assert (code, out, err) == (0, "SUCCESS: Creation of certificate 'A cert' completed.\n", "")
    assert "A cert" in run(resa, "certificate", "-l", "-domain", "a.example")[1]  # its customer's

    code, _out, err = run(custb, "certificate", "-l", "-domain", "a.example")
    assert code == 1 and "A cert" not in err
    for args in (("--assign-cert", "A cert", "-domain", "a.example"), ("-r", "A cert", "-domain", "a.example"),
                 ("--assign-cert", "A cert", "-domain", "b.example"),
                 ("-u", "A cert", "-domain", "a.example", "-new-name", "stolen")):
        code, out, err = run(custb, "certificate", *args)
        assert code == 1 and out == "" and "BEGIN" not in err, args
    assert run(custb, "certificate", "-l", "-admin")[0] == 1  # the server pool is the administrator's

    code, _out, err = run(custa, "certificate", "-c", "B", "-domain", "a.example", "-key-file", "/nonexistent",
                          "-cert-file", str(tmp_path / "a.crt"))
    assert code == 1 and "unable to read the file '/nonexistent'" in err
    assert run(custa, "certificate", "--assign-cert", "A cert", "-domain", "a.example")[0] == 0
    assert run(custa, "certificate", "-l", "-domain", "a.example")[1].splitlines()[1].split()[-1] == "1"
