"""Reading bytes per host from the supervised nginx's access log (the "vhost" format)."""
from polypanel.provision.traffic import TrafficLog, parse_line


def test_parse_line_reads_host_month_and_bytes():
    line = 'shop.test 127.0.0.1 [30/Nov/2026:12:40:00 +0000] "GET /a b HTTP/1.1" 200 1234\n'
    assert parse_line(line) == ("shop.test", 2026, 11, 1234)
    assert parse_line('WWW.Shop.Test. ::1 [01/Jan/2025:00:00:00 +0000] "GET / HTTP/1.1" 304 0') == \
        ("www.shop.test", 2025, 1, 0)
    for bad in ("", "host", 'h 1 [30/Nov/2026:1] "GET /" 200 -', 'h 1 [30/Foo/2026:1 +0] "x" 200 5',
                'h 1 30/Nov/2026 "x" 200 5', "h 1 [x] " + "a" * 20000 + " 5"):
        assert parse_line(bad) is None


def test_totals_per_month_and_rotated_log(tmp_path):
    log = tmp_path / "access.log"
    log.write_text('a.test 1 [01/Nov/2026:00:00:00 +0000] "GET /" 200 100\n'
                   'a.test 1 [02/Nov/2026:00:00:00 +0000] "GET / \\x22q\\x22" 200 50\n'
                   'b.test 1 [02/Oct/2026:00:00:00 +0000] "GET /" 200 7\n'
                   'garbage line\n')
    (tmp_path / "access.log.1").write_text('a.test 1 [31/Oct/2026:23:59:59 +0000] "GET /" 200 3\n')
    traffic = TrafficLog([log])
    assert traffic.bytes_by_host(2026, 11) == {"a.test": 150}
    assert traffic.bytes_by_host(2026, 10) == {"a.test": 3, "b.test": 7}
    assert traffic.bytes_by_host(2020, 1) == {}
    with log.open("a") as f:
        f.write('a.test 1 [03/Nov/2026:00:00:00 +0000] "GET /" 200 1\n')
    assert traffic.bytes_by_host(2026, 11) == {"a.test": 151}  # a grown log is read again
    assert TrafficLog([tmp_path / "missing.log"]).bytes_by_host(2026, 11) == {}
