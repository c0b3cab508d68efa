"""Serve the bundled demo site (include/mediamon/demo/site) over HTTP, filling in its base URL.

Reads the static tree under DEMO_DIR/site and DEMO_DIR/sources.yaml; writes nothing but the
sources file that `write_demo_sources` is asked for. Feeds and pages hold the placeholder
`__BASE_URL__` wherever an absolute URL is needed; the server replaces it with its own base URL
in every text body, so the same files work on any port. Responses carry an ETag and a
Last-Modified date and answer conditional requests with 304, so incremental runs can be shown.
With a Replay, each feed holds only the items the replay calendar publishes on the replay's current
day (mediamon.demo.replay), so a run of that day sees that day's news.

    python -m mediamon.demo.site --port 8765                      # serve until Ctrl-C
    python -m mediamon.demo.site --port 8765 --replay-day 2026-01-15 --history-days 28
    python -m mediamon.demo.site --port 8765 --write-sources demo-sources.yaml
"""
from __future__ import annotations

import argparse
import email.utils
import hashlib
import logging
import signal
import sys
import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType, TracebackType
from urllib.parse import unquote, urlsplit

from mediamon.demo.replay import DEFAULT_HISTORY_DAYS, FEED_PATHS, ReplayItem, feed_for_day, replay_calendar
from mediamon.errors import ConfigError
from mediamon.settings import DEMO_DIR

logger = logging.getLogger(__name__)

PLACEHOLDER = "__BASE_URL__"
DEMO_SITE_DIR = DEMO_DIR / "site"
DEMO_SOURCES_TEMPLATE = DEMO_DIR / "sources.yaml"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
CONTENT_TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8",
    ".json": "application/json",
}
TEXT_SUFFIXES = {".xml", ".html", ".txt", ".tsv", ".json"}  # bodies where the placeholder is replaced
FALLBACK_CONTENT_TYPE = "application/octet-stream"


@dataclass
class Replay:
    """The replay calendar and the day the site currently publishes (set it before each day's run)."""

    calendar: list[ReplayItem]
    day: date

    def feed_body(self, root: Path, target: Path) -> str | None:
        """The feed at target as published on the current day, or None if target is not a feed."""
        rel = target.resolve().relative_to(root.resolve()).as_posix()
        if rel not in FEED_PATHS:
            return None
        return feed_for_day(target.read_text(encoding="utf-8"), rel, self.day, self.calendar)

    def modified(self) -> datetime:
        """Last-Modified of the day's feeds: the end of the current day."""
        return datetime.combine(self.day, time(23, 59, 59), timezone.utc)


class DemoServer:
    """A running demo site; use it as a context manager, or call close()."""

    def __init__(self, httpd: ThreadingHTTPServer, base_url: str, replay: Replay | None = None) -> None:
        self._httpd = httpd
        self.base_url = base_url
        self.replay = replay
        self.port: int = httpd.server_address[1]
        self._thread = threading.Thread(target=httpd.serve_forever, name="demo-site", daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        """Absolute URL of a path on this server."""
        return self.base_url + "/" + path.lstrip("/")

    def close(self) -> None:
        """Stop serving and release the port."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def resolve_path(root: Path, request_target: str) -> Path | None:
    """The file a request path names under root (index.html for folders), or None if outside or missing."""
    path = unquote(urlsplit(request_target).path)
    if "\x00" in path or "\\" in path or ".." in path.split("/"):
        return None
    target = (root / path.lstrip("/")).resolve()
    if not target.is_relative_to(root.resolve()):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def content_type_of(path: Path) -> str:
    """Content-Type header for a file of the demo site, by suffix."""
    return CONTENT_TYPES.get(path.suffix.lower(), FALLBACK_CONTENT_TYPE)


def render_body(path: Path, base_url: str) -> bytes:
    """The file's bytes, with the placeholder replaced by base_url in text files."""
    data = path.read_bytes()
    if path.suffix.lower() in TEXT_SUFFIXES:
        data = data.replace(PLACEHOLDER.encode(), base_url.encode())
    return data


def etag_of(body: bytes) -> str:
    """A strong ETag for a response body."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def is_not_modified(headers: dict[str, str], etag: str, modified: datetime) -> bool:
    """True when the request's validators match (If-None-Match wins over If-Modified-Since)."""
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    if_modified_since = headers.get("if-modified-since")
    if not if_modified_since:
        return False
    try:
        since = email.utils.parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False  # an unreadable date is ignored, as RFC 9110 says
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return modified <= since


def modified_at(path: Path) -> datetime:
    """The file's modification time, whole seconds in UTC (HTTP dates have no fractions)."""
    return datetime.fromtimestamp(int(path.stat().st_mtime), tz=timezone.utc)


def make_handler(root: Path, base_url: str, replay: Replay | None = None) -> type[BaseHTTPRequestHandler]:
    """A request handler class serving root with base_url filled in (feeds as of the replay's day)."""

    class DemoHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "mediamon-demo-site"

        def log_message(self, format: str, *args: object) -> None:
            logger.debug("demo-site %s", format % args)

        def do_GET(self) -> None:
            self.respond(with_body=True)

        def do_HEAD(self) -> None:
            self.respond(with_body=False)

        def respond(self, *, with_body: bool) -> None:
            """Serve one file, a 304, or a 404."""
            target = resolve_path(root, self.path)
            if target is None:
                self.send_plain(404, b"not found\n", with_body=with_body)
                return
            body, modified = render_body(target, base_url), modified_at(target)
            feed = replay.feed_body(root, target) if replay is not None else None
            if feed is not None:
                body, modified = feed.replace(PLACEHOLDER, base_url).encode(), replay.modified()
            etag = etag_of(body)
            headers = {k.lower(): v for k, v in self.headers.items()}
            status = 304 if is_not_modified(headers, etag, modified) else 200
            self.send_response(status)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", email.utils.format_datetime(modified, usegmt=True))
            self.send_header("Cache-Control", "no-cache")
            if status == 304:
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_header("Content-Type", content_type_of(target))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def send_plain(self, status: int, body: bytes, *, with_body: bool) -> None:
            """A short text/plain response."""
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

    return DemoHandler


def serve_demo_site(root: Path = DEMO_SITE_DIR, port: int = 0, *, host: str = DEFAULT_HOST,
                    base_url: str | None = None, replay: Replay | None = None) -> DemoServer:
    """Start serving root on host:port (0 = any free port) in a background thread.

    base_url is what replaces the placeholder; it defaults to http://HOST:PORT, and only needs
    setting when clients reach the server under another name (a container's service name).
    A busy port raises ConfigError naming it and DEMO_PORT.
    """
    if not root.is_dir():
        raise ConfigError(f"demo site folder {root} not found; run tools/build_demo_site.py")
    try:
        httpd = ThreadingHTTPServer((host, port), BaseHTTPRequestHandler)
    except OSError as err:
        raise ConfigError(f"the demo site cannot listen on {host}:{port} ({err.strerror}): stop what uses port "
                          f"{port} (another `make demo`?), or set DEMO_PORT to a free port together with a new "
                          "MEDIAMON_DATA_DIR (article URLs hold the port)") from err
    httpd.daemon_threads = True
    actual = base_url.rstrip("/") if base_url else f"http://{host}:{httpd.server_address[1]}"
    httpd.RequestHandlerClass = make_handler(root, actual, replay)
    logger.info("demo-site serving root=%s base_url=%s replay_day=%s", root, actual, replay and replay.day)
    return DemoServer(httpd, actual, replay)


def write_demo_sources(base_url: str, path: Path, *, template: Path = DEMO_SOURCES_TEMPLATE) -> Path:
    """Write the demo sources file with the placeholder replaced by base_url; returns path."""
    if not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"demo base URL {base_url!r} must start with http:// or https://")
    text = template.read_text(encoding="utf-8").replace(PLACEHOLDER, base_url.rstrip("/"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    logger.info("demo-site sources path=%s base_url=%s", path, base_url)
    return path


def stop_signal() -> threading.Event:
    """An event set when SIGINT or SIGTERM arrives (the handlers are installed now, before the server is announced:
    a client that reads the announcement and stops the server at once is then never too early)."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    return stop


def main(argv: list[str] | None = None) -> int:
    """Command line: serve the demo site, or write its sources file for a port."""
    parser = argparse.ArgumentParser(prog="python -m mediamon.demo.site", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default 127.0.0.1)")
    parser.add_argument("--root", type=Path, default=DEMO_SITE_DIR, help="site folder to serve")
    parser.add_argument("--base-url", help="URL clients use to reach the server (default http://HOST:PORT)")
    parser.add_argument("--write-sources", type=Path, metavar="PATH",
                        help="write the demo sources file for this server to PATH and exit")
    parser.add_argument("--replay-day", type=date.fromisoformat, metavar="YYYY-MM-DD",
                        help="serve the feeds as the replay publishes them on this day (its last day)")
    parser.add_argument("--history-days", type=int, default=DEFAULT_HISTORY_DAYS,
                        help=f"days of the replay before --replay-day (default {DEFAULT_HISTORY_DAYS})")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if args.write_sources is not None:
        base_url = args.base_url or f"http://{args.host}:{args.port}"
        print(write_demo_sources(base_url, args.write_sources))
        return 0
    replay = None
    if args.replay_day is not None:
        replay = Replay(replay_calendar(args.replay_day, args.history_days, args.root), args.replay_day)
    try:
        server = serve_demo_site(args.root, args.port, host=args.host, base_url=args.base_url, replay=replay)
    except ConfigError as err:
        print(f"demo site: {err}", file=sys.stderr)
        return 2
    with server:
        stop = stop_signal()
        print(f"Demo site at {server.base_url}/ (feeds: {server.url('gv/feed.xml')}); Ctrl-C stops it",
              flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
