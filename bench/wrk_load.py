"""Loading one URL with wrk: a generated Lua script sets the request and prints the figures as JSON."""
from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MARK = "BENCH-RESULT "

# wrk calls done() once at the end; latency figures are in microseconds.
DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,'
    .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\\n',
    MARK, summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass
class Target:
    """One row of the table: a request wrk repeats against one server.

    ``server`` names the process that answers: a hello-world stack, or ``panel:<listener>`` for
    one of the panel's listeners (plesk_https, whm_https, ...). ``expect`` is the status one
    request sent by hand must get before wrk loads the target; under load wrk counts any status
    of 400 or more as an error (a Lua response() hook would check every status, but it makes wrk
    parse every answer and lowers the ceiling it measures).
    """

    name: str
    server: str
    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    expect: int = 200
    connections: int | None = None  # this row's own wrk connections (a slow list: one request's latency)
    timeout: float = 10.0  # wrk's per-request timeout


def lua_string(text: str) -> str:
    """A Lua string literal for any text (decimal escapes for everything but plain ASCII)."""
    out = []
    for byte in text.encode("utf-8"):
        ch = chr(byte)
        out.append(ch if 32 <= byte < 127 and ch not in '"\\' else f"\\{byte:03d}")
    return '"' + "".join(out) + '"'


def lua_script(target: Target) -> str:
    lines = [f"MARK = {lua_string(MARK)}", f"wrk.method = {lua_string(target.method)}"]
    if target.body is not None:
        lines.append(f"wrk.body = {lua_string(target.body)}")
    for name, value in target.headers.items():
        lines.append(f"wrk.headers[{lua_string(name)}] = {lua_string(value)}")
    return "\n".join(lines) + "\n" + DONE


@dataclass
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def run_wrk(url: str, target: Target, *, seconds: float, threads: int = 1, connections: int = 16,
            timeout: float = 10.0) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="bench-") as script:
        script.write(lua_script(target))
        script.flush()
        cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
               f"--timeout={timeout:g}s", "-s", script.name, url + target.path]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + timeout + 30)
    for line in proc.stdout.splitlines():
        if line.startswith(MARK):
            data = json.loads(line[len(MARK):])
            break
    else:
        raise RuntimeError(f"wrk gave no result for {target.name}:\n{proc.stdout}\n{proc.stderr}")
    ms = lambda us: us / 1000.0  # noqa: E731
    return LoadResult(requests=data["requests"], seconds=data["duration_us"] / 1e6, p50_ms=ms(data["p50_us"]),
                      p90_ms=ms(data["p90_us"]), p99_ms=ms(data["p99_us"]), max_ms=ms(data["max_us"]),
                      errors={k: v for k, v in data["errors"].items() if v})


def wrk_version() -> str:
    proc = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (proc.stdout or proc.stderr).splitlines()[0].strip() if (proc.stdout or proc.stderr) else "wrk"
