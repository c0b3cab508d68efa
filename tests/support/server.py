"""A real threaded HTTP server on 127.0.0.1 serving fixture files and scripted routes."""
from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Site:
    """Routes by path: static files under `root` (mounted at `mount`) plus scripted handlers."""

    root: Path | None = None
    mount: str = "/"
    routes: dict[str, Route] = field(default_factory=dict)
    replacements: dict[bytes, bytes] = field(default_factory=dict)  # applied to text bodies
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    port: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            site.requests.append(("GET", self.path, dict(self.headers)))
            route = site.routes.get(path)
            if route is not None:
                route(self)
                return
            self._serve_file(path)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            site.requests.append(("POST", self.path, {**dict(self.headers), "body": body.decode("utf-8", "replace")}))
            route = site.routes.get(self.path.split("?", 1)[0])
            if route is not None:
                route(self)
                return
            send(self, 204, b"")

        def _serve_file(self, path: str) -> None:
            if site.root is None or not path.startswith(site.mount):
                return send(self, 404, b"not found")
            target = (site.root / path[len(site.mount):].lstrip("/")).resolve()
            if not target.is_relative_to(site.root.resolve()) or not target.is_file():
                return send(self, 404, b"not found")
            body = target.read_bytes()
            for old, new in site.replacements.items():
                body = body.replace(old, new)
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            send(self, 200, body, content_type=_content_type(target), headers={"ETag": etag})

    return Handler


def _content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in {".xml", ".rss", ".atom", ".rdf"}:
        return "application/xml"
    if suffix in {".html", ".htm"}:
        return "text/html; charset=utf-8"
    if suffix == ".txt":
        return "text/plain"
    return "application/octet-stream"


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, *, content_type: str = "text/html",
         headers: dict[str, str] | None = None) -> None:
    """Write one complete response."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


class RunningSite:
    """Context manager: start the site's server in a thread, stop it on exit."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.server = ThreadingHTTPServer(("127.0.0.1", site.port), _handler(site))
        self.server.daemon_threads = True
        site.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        return self.site

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
