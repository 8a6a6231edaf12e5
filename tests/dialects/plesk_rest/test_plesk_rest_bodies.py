"""Nothing large is read before the caller is known, and no body is read past the limit (every listener)."""
import base64
import socket
import ssl

from polypanel.dialects.body import DEFAULT_LIMIT
from tests.conftest import ADMIN_PASSWORD

BASIC = "Basic " + base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()


def exchange(server, head: str, *parts: bytes) -> tuple[int, bytes]:
    """Send a request head and body bytes on a raw TLS connection; the status and the answer,
    once the server closed the connection (a server waiting for the rest of a body times out instead)."""
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", server.ports["plesk_https"]), timeout=30) as raw:
        with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(head.replace("\n", "\r\n").encode() + b"\r\n")
            for part in parts:
                tls.sendall(part)
            data = b""
            while True:  # a server waiting for the rest of the body would time out here, not close
                chunk = tls.recv(65536)
                if not chunk:
                    break
                data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


def test_an_unauthenticated_huge_post_is_refused_without_reading_it(plesk):
    status, answer = exchange(plesk, "POST /api/v2/clients HTTP/1.1\nHost: localhost\n"
                                             "Content-Type: application/json\nContent-Length: 300000000\n", b'{"name": "')
    assert status == 401
    assert b'"code":401' in answer.replace(b" ", b"") and b"connection: close" in answer.lower()


def test_a_declared_length_over_the_limit_is_413_before_reading(plesk):
    status, answer = exchange(plesk, f"POST /api/v2/clients HTTP/1.1\nHost: localhost\nAuthorization: {BASIC}\n"
                                             f"Content-Type: application/json\nContent-Length: {DEFAULT_LIMIT + 1}\n", b"{")
    assert status == 413
    assert b'"code":413' in answer.replace(b" ", b"")


def test_a_chunked_body_is_cut_off_at_the_limit(plesk):
    chunk = b"x" * 65536
    parts = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * (DEFAULT_LIMIT // len(chunk)) + [b"1\r\nx\r\n"]  # no last chunk
    status, answer = exchange(plesk, f"POST /api/v2/clients HTTP/1.1\nHost: localhost\nAuthorization: {BASIC}\n"
                                             f"Content-Type: application/json\nTransfer-Encoding: chunked\n", *parts)
    assert status == 413
    assert b"too large" in answer


def test_a_body_within_the_limit_is_read_whole(plesk):
    body = b'{"name": "x"' + b" " * (DEFAULT_LIMIT - 100) + b"}"
    status, answer = exchange(plesk, f"POST /api/v2/clients HTTP/1.1\nHost: localhost\nAuthorization: {BASIC}\n"
                                        f"Content-Type: application/json\nContent-Length: {len(body)}\n"
                                        f"Connection: close\n", body)
    assert status == 400 and b"login" in answer  # the JSON was read and checked: no login given
