"""A webspace's ``performance`` (bandwidth in KB/s, max_connections) reaches a real nginx: a big
download is throttled, a request over the subscription's connection limit gets 503 on any of its
sites, and a plan's performance changed by service-plan.set reaches the subscriptions that follow it."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

from polypanel.provision.ports import free_port
from tests.provision.conftest import require_binary
from tests.provision.test_jobs import DRY, stack  # noqa: F401 - the fixture

from .conftest import Agent, packet, results
from .test_plesk_xml_dns import webspace

SIZE = 600 * 1024  # bytes; at 100 KB/s about 6 s


def curl(port: int, host: str, path: str, timeout: int = 30) -> subprocess.Popen:
    return subprocess.Popen(["curl", "-s", "-o", "/dev/null", "--max-time", str(timeout), "--resolve",
                             f"{host}:{port}:127.0.0.1", "-w", "%{http_code} %{size_download} %{time_total}",
                             f"http://{host}:{port}{path}"], stdout=subprocess.PIPE, text=True)


def fetch(port: int, host: str, path: str) -> tuple[int, int, float]:
    out, _ = curl(port, host, path).communicate(timeout=60)
    code, size, seconds = out.split()
    return int(code), int(size), float(seconds)


def ok(root, path: str) -> None:
    r = results(root, path)[0]
    assert r.findtext("status") == "ok", r.findtext("errtext")


def set_performance(agent, wid: int, bandwidth: int, conns: int) -> None:
    ok(agent.post(packet(f"<webspace><set><filter><id>{wid}</id></filter><values><performance><bandwidth>{bandwidth}"
                         f"</bandwidth><max_connections>{conns}</max_connections></performance></values></set>"
                         "</webspace>")), "webspace/set")


def while_downloading(port: int, host: str, probe) -> tuple[str, object]:
    """Start a throttled download of /big.bin, run ``probe`` while it runs, return both outcomes."""
    first = curl(port, host, "/big.bin")
    time.sleep(1.0)
    try:
        seen = probe()
    finally:
        out, _ = first.communicate(timeout=60)
    return out, seen


def served(tmp_path, name: str) -> None:
    conf = (tmp_path / "state" / "nginx" / "sites" / f"{name}.conf").read_text()
    docroot = Path(conf.split('root "', 1)[1].split('"', 1)[0])
    docroot.mkdir(parents=True, exist_ok=True)
    (docroot / "big.bin").write_bytes(b"x" * SIZE)
    (docroot / "small.txt").write_text("small\n")


def test_performance_limits_are_enforced_by_nginx(stack, tmp_path):  # noqa: F811
    require_binary("nginx", "curl")
    http = free_port()
    panel, _runner = stack({**DRY, "web": {"applier": "nginx", "http_port": str(http), "https_port": str(free_port()),
                                           "listen": "127.0.0.1"}})
    agent = Agent(panel)
    wid = webspace(agent, "slow.test")
    other = webspace(agent, "free.test")
    ok(agent.post(packet(f"<site><add><gen_setup><name>second.test</name><webspace-id>{wid}</webspace-id></gen_setup>"
                         "<hosting><vrt_hst/></hosting></add></site>")), "site/add")
    for name in ("slow.test", "second.test", "free.test"):
        served(tmp_path, name)
    code, size, fast = fetch(http, "slow.test", "/big.bin")
    assert (code, size) == (200, SIZE) and fast < 2.0  # no limit yet

    set_performance(agent, wid, 100, 1)
    conf = (tmp_path / "state" / "nginx" / "sites" / "slow.test.conf").read_text()
    assert "limit_rate 100k;" in conf and "limit_conn polypanel_limit_groups 1;" in conf
    got = agent.post(packet(f"<webspace><get><filter><id>{wid}</id></filter><dataset><performance/></dataset></get>"
                            "</webspace>"))
    assert got.findtext(".//performance/bandwidth") == "100" and got.findtext(".//performance/max_connections") == "1"

    out, (same, sibling, stranger) = while_downloading(http, "slow.test", lambda: (
        fetch(http, "slow.test", "/small.txt")[0], fetch(http, "second.test", "/small.txt")[0],
        fetch(http, "free.test", "/small.txt")[0]))
    code, size, seconds = out.split()
    assert (int(code), int(size)) == (200, SIZE)
    assert 3.0 < float(seconds) < 20.0  # 600 KB at 100 KB/s: about 6 s (nginx sends the first burst at once)
    assert (same, sibling, stranger) == (503, 503, 200)  # the subscription's one connection is taken; others are not
    assert fetch(http, "slow.test", "/small.txt")[0] == 200  # free again once the download ended

    set_performance(agent, wid, -1, -1)
    out, second = while_downloading(http, "slow.test", lambda: fetch(http, "second.test", "/small.txt")[0])
    assert second == 200 and float(out.split()[2]) < 2.0
    assert "limit_" not in (tmp_path / "state" / "nginx" / "sites" / "slow.test.conf").read_text()
    assert other


def test_plan_performance_reaches_its_subscriptions(stack, tmp_path):  # noqa: F811
    require_binary("nginx", "curl")
    http = free_port()
    panel, _runner = stack({**DRY, "web": {"applier": "nginx", "http_port": str(http), "https_port": str(free_port()),
                                           "listen": "127.0.0.1"}})
    agent = Agent(panel)
    ok(agent.post(packet("<service-plan><add><name>Slow</name></add></service-plan>")), "service-plan/add")
    wid = webspace(agent, "planned.test")
    ok(agent.post(packet(f"<webspace><switch-subscription><filter><id>{wid}</id></filter><plan-guid>"
                         + results(agent.post(packet("<service-plan><get><filter><name>Slow</name></filter></get>"
                                                     "</service-plan>")), "service-plan/get")[0].findtext("guid")
                         + "</plan-guid></switch-subscription></webspace>")), "webspace/switch-subscription")
    served(tmp_path, "planned.test")
    ok(agent.post(packet("<service-plan><set><filter><name>Slow</name></filter><performance><bandwidth>100"
                         "</bandwidth><max_connections>1</max_connections></performance></set></service-plan>")),
       "service-plan/set")
    conf = (tmp_path / "state" / "nginx" / "sites" / "planned.test.conf").read_text()
    assert "limit_rate 100k;" in conf and "limit_conn polypanel_limit_groups 1;" in conf
    out, second = while_downloading(http, "planned.test", lambda: fetch(http, "planned.test", "/small.txt")[0])
    assert second == 503 and float(out.split()[2]) > 3.0
