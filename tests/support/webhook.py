"""A webhook receiver on 127.0.0.1 for alert tests: it records (path, JSON body, Content-Type) of each
POST in .received, answers /fail with 500, /redirect with 302 to /hook, and anything else with 204."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _HookHandler(BaseHTTPRequestHandler):
    """Records each POST and answers with the status its path asks for."""

    def log_message(self, *args: object) -> None:
        """Keep test output quiet."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, json.loads(body), self.headers["Content-Type"]))
        status = {"/fail": 500, "/redirect": 302}.get(self.path, 204)
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "/hook")
        self.send_header("Content-Length", "0")
        self.end_headers()


@contextmanager
def webhook_sink() -> Iterator[ThreadingHTTPServer]:
    """A running receiver; its port is .server_port, the requests it got are in .received."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _HookHandler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
