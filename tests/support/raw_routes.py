"""Routes for tests/support/server.Site that write their answer byte for byte: a status line and header lines as
given (repeated or malformed ones included), which BaseHTTPRequestHandler.send_header would not allow."""
from __future__ import annotations

from collections.abc import Callable
from http.server import BaseHTTPRequestHandler


def raw_route(status: str, headers: list[tuple[str, str]], body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    """A route answering 'HTTP/1.1 <status>' with these header lines in order, then Content-Length, Connection: close
    and the body, and closing the connection (header text sent as ISO-8859-1, the bytes HTTP/1.1 carries)."""
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        lines = "".join(f"{name}: {value}\r\n" for name, value in headers)
        handler.wfile.write(f"HTTP/1.1 {status}\r\n{lines}Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
                            .encode("latin-1") + body)
    return route
