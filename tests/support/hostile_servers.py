"""Hostile HTTP servers on 127.0.0.1 for benchmarks/hostile.py --network: one raw-socket behaviour per case.

Each case answers GET /x with its hostile response (or, for robots-* cases, GET /robots.txt) and /good with a
small page, so a run can check that the fetcher records a reason for /x and still fetches the rest.
Run one as a process: python -m tests.support.hostile_servers CASE PORT_FILE (it writes its port there).
"""
from __future__ import annotations

import gzip
import os
import socket
import sys
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

GOOD_PAGE = (b"<html><head><title>Good</title></head><body><article><p>" + b"Good words here. " * 100
             + b"</p></article></body></html>")
FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>a</title>'
        b"<link>http://example.com/a</link></item></channel></rss>")
BOMB_BYTES = 1 << 30  # inflated size of the compression bombs
MEGABYTE = 1 << 20

Send = Callable[[bytes], None]
Handler = Callable[[Send, str, int], bool]  # (send, path, number of the request on its connection) -> keep open


def response(status: str, body: bytes, headers: dict[str, str] | None = None, ctype: str = "text/html") -> bytes:
    """A complete response with Content-Length."""
    head = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
    return head.encode("latin-1") + b"\r\n" + body


def bomb(wbits: int, inflated: int = BOMB_BYTES) -> bytes:
    """inflated bytes of zeros, compressed (wbits 31: gzip, 15: zlib deflate)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = b"\0" * MEGABYTE
    return b"".join([packer.compress(block) for _ in range(inflated // MEGABYTE)] + [packer.flush()])


def fixed(data: bytes | Callable[[], bytes], *, keep: bool = True) -> Handler:
    """Send these bytes as the whole answer (a callable is built once, by serve before it announces its port)."""
    cache: list[bytes] = []

    def build() -> bytes:
        if not cache:
            cache.append(data() if callable(data) else data)
        return cache[0]

    def handle(send: Send, path: str, n: int) -> bool:
        send(build())
        return keep
    handle.prepare = build  # type: ignore[attr-defined]
    return handle


def endless(head: bytes, piece: bytes, *, pause_s: float = 0.0, times: int = 10**9) -> Handler:
    """Send head, then piece again and again (pause_s apart), then close."""
    def handle(send: Send, path: str, n: int) -> bool:
        send(head)
        for _ in range(times):
            send(piece)
            if pause_s:
                time.sleep(pause_s)
        return False
    return handle


def silent(seconds: float) -> Handler:
    """Read the request, answer nothing for seconds, then close."""
    def handle(send: Send, path: str, n: int) -> bool:
        time.sleep(seconds)
        return False
    return handle


def counted_redirect(pause_s: float, last: int, prefix: str = "/x") -> Handler:
    """A redirect to prefix?N+1 after pause_s (up to last, then to /good)."""
    def handle(send: Send, path: str, n: int) -> bool:
        hop = int(path.partition("?")[2] or 0)
        time.sleep(pause_s)
        send(response("302 Found", b"", {"Location": f"{prefix}?{hop + 1}" if hop < last else "/good"}))
        return True
    return handle


def first_answer_only(send: Send, path: str, n: int) -> bool:
    """Answer the first request of a connection; close at the next one unanswered (a keep-alive race)."""
    if n:
        return False
    send(response("200 OK", GOOD_PAGE))
    return True


CHUNKED = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
UNSIZED = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html>"
LONG_LENGTH = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
GZIP = {"Content-Encoding": "gzip"}

PAGE_CASES: dict[str, Handler] = {
    "good": fixed(response("200 OK", GOOD_PAGE)),
    "gzip-bomb-page": fixed(lambda: response("200 OK", bomb(31), GZIP)),
    "deflate-bomb-page": fixed(lambda: response("200 OK", bomb(15), {"Content-Encoding": "deflate"})),
    "gzip-members-bomb": fixed(lambda: response("200 OK", gzip.compress(b"\0" * (8 * MEGABYTE), 9) * 128, GZIP)),
    "brotli-page": fixed(response("200 OK", b"\x1b\xff\xff" * 1000, {"Content-Encoding": "br"})),
    "early-hints": fixed(b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
                         + response("200 OK", GOOD_PAGE)),
    "big-with-length": fixed(lambda: response("200 OK", b"<html>" + b"a" * (30 * MEGABYTE))),
    "big-no-length": endless(UNSIZED, b"a" * 65536),
    "length-shorter-than-body": fixed(response("200 OK", GOOD_PAGE).replace(
        b"Content-Length: %d" % len(GOOD_PAGE), b"Content-Length: 100") + b"HTTP/1.1 200 OK\r\n\r\nsmuggled"),
    "length-longer-then-close": fixed(LONG_LENGTH + GOOD_PAGE, keep=False),
    "length-longer-then-hang": endless(LONG_LENGTH + GOOD_PAGE, b"", pause_s=60, times=1),
    "lengths-clashing": fixed(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Length: 999\r\n\r\n" + GOOD_PAGE,
                              keep=False),
    "chunked-endless": endless(CHUNKED, b"10000\r\n" + b"a" * 65536 + b"\r\n"),
    "chunked-one-byte-chunks": endless(CHUNKED, b"1\r\na\r\n" * 100_000),
    "chunked-huge-extensions": endless(CHUNKED, (b"1;" + b"e" * 60_000 + b"\r\na\r\n") * 20),
    "drip-body": endless(LONG_LENGTH, b"a", pause_s=1.0, times=100),
    "drip-headers": endless(b"", b"X", pause_s=0.5, times=100),
    "silent": silent(60),
    "close-mid-headers": fixed(b"HTTP/1.1 200 OK\r\nContent-Type: text/ht", keep=False),
    "close-unanswered": silent(0),
    "keepalive-race": first_answer_only,
    "header-line-20-mb": fixed(lambda: b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * (20 * MEGABYTE) + b"\r\n\r\n",
                               keep=False),
    "headers-200000": fixed(b"HTTP/1.1 200 OK\r\n" + b"X-H: v\r\n" * 200_000 + b"\r\n", keep=False),
    "headers-98-of-64-kb": fixed(lambda: b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                 + (b"X-H: " + b"v" * 65000 + b"\r\n") * 98 + response("200 OK", GOOD_PAGE)[17:]),
    "status-line-invalid": fixed(b"HTCPCP/1.0 418 teapot\r\n\r\nhello", keep=False),
    "status-line-missing": fixed(GOOD_PAGE, keep=False),
    "status-999": fixed(response("999 Whatever", GOOD_PAGE)),
    "continue-without-end": endless(b"", b"HTTP/1.1 100 Continue\r\n\r\n" * 1000),
    "redirect-loop": fixed(response("302 Found", b"", {"Location": "/x"})),
    "redirect-chain": counted_redirect(0.0, 100),
    "redirect-slow-hops": counted_redirect(4.0, 4),
    "redirect-to-file": fixed(response("302 Found", b"", {"Location": "file:///etc/passwd"})),
    "redirect-to-ftp": fixed(response("302 Found", b"", {"Location": "ftp://127.0.0.1/x"})),
    "redirect-to-data": fixed(response("302 Found", b"", {"Location": "data:text/html,<p>x"})),
    "redirect-to-javascript": fixed(response("302 Found", b"", {"Location": "javascript:alert(1)"})),
    "redirect-location-100-kb": fixed(response("302 Found", b"", {"Location": "/y" + "a" * 100_000})),
    "redirect-without-location": fixed(response("301 Moved", b"")),
    "charset-utf-7": fixed(response("200 OK", GOOD_PAGE.replace(b"Good", b"+AGEAYgBj-"),
                                    ctype="text/html; charset=utf-7")),
    "charset-utf-16-without-bom": fixed(response("200 OK", GOOD_PAGE.decode().encode("utf-16-le"),
                                                 ctype="text/html; charset=utf-16")),
    "charset-unknown-5-kb-name": fixed(response("200 OK", GOOD_PAGE + b"\xe9",
                                                ctype="text/html; charset=x-" + "a" * 5000)),
    "charset-wrong": fixed(response("200 OK", "<html><p>Привет мир</p></html>".encode("cp1251"),
                                    ctype="text/html; charset=shift_jis")),
    "null-bytes-page": fixed(lambda: response("200 OK", b"\0" * (9 * MEGABYTE))),
    "gzip-twice-bomb": fixed(lambda: response("200 OK", gzip.compress(bomb(31), 9), {"Content-Encoding": "gzip, gzip"})),
    "gzip-declared-plain-body": fixed(response("200 OK", GOOD_PAGE, GZIP)),
    "gzip-truncated": fixed(lambda: response("200 OK", gzip.compress(GOOD_PAGE * 50)[:16], GZIP)),  # header and 6 bytes
    "encoding-unknown-stack": fixed(response("200 OK", GOOD_PAGE, {"Content-Encoding": "identity, x-custom, gzip"})),
    "chunk-size-overflow": fixed(CHUNKED + b"f" * 40 + b"\r\n" + GOOD_PAGE + b"\r\n0\r\n\r\n", keep=False),
    "chunk-size-negative": fixed(CHUNKED + b"-10\r\n" + GOOD_PAGE + b"\r\n0\r\n\r\n", keep=False),
    "length-negative": fixed(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: -1\r\n\r\n" + GOOD_PAGE,
                             keep=False),
    "length-huge-number": fixed(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + b"9" * 400
                                + b"\r\n\r\n" + GOOD_PAGE, keep=False),
    "length-and-chunked": fixed(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n"
                                b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % len(GOOD_PAGE) + GOOD_PAGE
                                + b"\r\n0\r\n\r\n" + b"HTTP/1.1 200 OK\r\n\r\nsmuggled"),
    "header-folding-flood": fixed(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Fold: a\r\n"
                                  + b" continued\r\n" * 200_000 + b"\r\n" + GOOD_PAGE, keep=False),
    "header-nul-bytes": fixed(b"HTTP/1.1 200 OK\r\nContent-\0Type: text/html\r\nX-\0: \0\0\r\nContent-Length: %d\r\n\r\n"
                              % len(GOOD_PAGE) + GOOD_PAGE),
    "switching-protocols": fixed(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                                 + os.urandom(4096), keep=False),
    "redirect-to-ipv6-loopback": fixed(response("302 Found", b"", {"Location": "http://[::1]:1/x"})),
    "redirect-to-decimal-ip": fixed(response("302 Found", b"", {"Location": "http://2130706433:1/x"})),
    "redirect-location-controls": fixed(response("302 Found", b"", {"Location": "/y\x01\x7f\u202e".encode().decode("latin-1")})),
    "charset-meta-lies": fixed(response("200 OK", b'<html><head><meta charset="utf-16"></head><body><p>'
                                        + "Привет мир ".encode("cp1251") * 300 + b"</p></body></html>",
                                        ctype="text/html; charset=iso-8859-8")),
    "random-bytes-page": fixed(lambda: response("200 OK", b"<html>" + os.urandom(9 * MEGABYTE))),
}
FEED_CASES: dict[str, Handler] = {
    "gzip-bomb-feed": fixed(lambda: response("200 OK", bomb(31), GZIP, ctype="application/rss+xml")),
    "feed-element-flood": fixed(lambda: response("200 OK", FEED[:-17] + b"<x/>" * (2 * MEGABYTE) + FEED[-17:],
                                                 ctype="application/rss+xml")),
    "feed-served-as-html": fixed(response("200 OK", FEED)),
}
ROBOTS_CASES: dict[str, Handler] = {  # answers for /robots.txt; /x is then a good page
    "robots-gzip-bomb": fixed(lambda: response("200 OK", bomb(31), GZIP, ctype="text/plain")),
    "robots-50-mb": fixed(lambda: response("200 OK", b"User-agent: *\nDisallow: /nothing\n" + b"#" * (50 * MEGABYTE),
                                           ctype="text/plain")),
    "robots-endless": endless(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
                              b"Disallow: /y\n" * 8192),
    "robots-binary": fixed(lambda: response("200 OK", os.urandom(400_000), ctype="application/octet-stream")),
    "robots-to-private-address": fixed(response("301 Moved", b"", {"Location": "http://10.255.255.1/robots.txt"})),
    "robots-500": fixed(response("500 Oops", b"no")),
    "robots-silent": silent(30),
    "robots-drip": endless(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n", b"#",
                           pause_s=1.0, times=100),
    "robots-slow-redirects": counted_redirect(4.0, 5, prefix="/robots.txt"),
}
CASES: dict[str, tuple[str, Handler]] = {**{name: ("page", h) for name, h in PAGE_CASES.items()},
                                        **{name: ("feed", h) for name, h in FEED_CASES.items()},
                                        **{name: ("page", h) for name, h in ROBOTS_CASES.items()}}


def answer(case: str, path: str, send: Send, n: int) -> bool:
    """Answer one request of the case's server; False closes the connection."""
    handler = CASES[case][1]
    if path.startswith("/robots.txt"):
        if case in ROBOTS_CASES:
            return handler(send, path, n)
        send(response("404 Not Found", b"none"))
        return True
    if path == "/good" or case in ROBOTS_CASES:
        if case == "keepalive-race":
            return handler(send, path, n)
        send(response("200 OK", GOOD_PAGE, ctype="text/html; charset=utf-8"))
        return True
    return handler(send, path, n)


def read_request_path(conn: socket.socket) -> str:
    """The path of the next request on conn ('' at the end of the connection)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return ""
        data += chunk
    return data.split(b" ", 2)[1].decode("latin-1")


def serve_connection(case: str, conn: socket.socket) -> None:
    """Answer the requests of one connection until the case or the client closes it."""
    try:
        n = 0
        while (path := read_request_path(conn)) and answer(case, path, conn.sendall, n):
            n += 1
    except OSError:
        pass
    finally:
        conn.close()


def serve(case: str, port_file: Path) -> None:
    """Listen on 127.0.0.1 (a free port, written to port_file) and serve the case forever."""
    getattr(CASES[case][1], "prepare", bytes)()  # bombs are built before the port is announced
    listener = socket.create_server(("127.0.0.1", 0))
    port_file.write_text(str(listener.getsockname()[1]))
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve_connection, args=(case, conn), daemon=True).start()


if __name__ == "__main__":
    serve(sys.argv[1], Path(sys.argv[2]))
