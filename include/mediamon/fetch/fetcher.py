"""Fetch URLs politely and safely; reads FetchRequests, gives one FetchResult per attempt (+ a WARC file).

Politeness: robots.txt (RFC 9309) is read once per origin per run; at most settings.host_concurrency
requests are in flight per site (the host, plus any non-default port), and request starts on one
site are spaced by settings.host_delay_s (or the robots.txt Crawl-delay, if longer) plus up to 10 %
jitter. A scheduler hands a request to a worker only when its host is ready, so workers never sleep
on a politeness delay and many hosts progress in parallel with few threads. 429 and 5xx answers,
connection errors and timeouts are retried (Retry-After, else exponential backoff), pausing the
whole host; a host that fails HOST_MAX_FAILURES times in a row is skipped.

Safety: every hop (redirects are followed here, never by the HTTP library) is checked by
netsafety (http/https only, public addresses only) and the connection goes to the address that
was checked, with the Host header / TLS server name of the URL (no DNS rebinding window).
Bodies are streamed raw and decompressed here, so the size cap counts both the bytes on the wire
and the decoded bytes (gzip bombs), and a watchdog cuts any response still streaming at its deadline.

Decisions worth knowing:
- robots.txt: 2xx is parsed; 4xx means "unavailable", everything is allowed; 429, 5xx, timeouts
  and connection errors mean "unreachable", everything on that origin is disallowed for this run
  (RFC 9309 section 2.3.1.4). A robots.txt at a refused address is not judged: the page request
  then fails with its own private-address reason.
- 304 Not Modified is trusted only when the caller holds the body hash of what it has; a 304 to a
  caller without a stored body hash is repeated once unconditionally within the same attempt, and
  a 304 to an unconditional request is recorded as http-304.
- A 200 whose body hashes to the stored body_sha256 is recorded as not-modified (from_cache=True).
"""
from __future__ import annotations

import email.utils
import hashlib
import heapq
import itertools
import logging
import random
import threading
import time
import zlib
from collections import Counter, deque
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from protego import Protego
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import LocationParseError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from mediamon.errors import FetchError
from mediamon.fetch.archive import WarcWriter
from mediamon.fetch.netsafety import Target, check_addresses, parse_target, resolve_host
from mediamon.records import FetchRequest, FetchResult
from mediamon.settings import Settings
from mediamon.text.charset import decode_body

logger = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to parse at least 500 KiB
ROBOTS_MAX_REDIRECTS = 5
MAX_CRAWL_DELAY_S = 10.0  # a larger robots.txt Crawl-delay is capped (logged) so a run can finish
JITTER_FRACTION = 0.1
SCHEDULER_MAX_WAIT_S = 0.5  # the scheduler re-checks its queues at least this often, even without a wake-up
RETRY_BASE_S = 1.0
RETRY_MAX_S = 60.0
RETRY_AFTER_MAX_S = 120.0  # a longer Retry-After ends the URL's tries for this run
HOST_MAX_FAILURES = 5  # consecutive failed attempts before a host is skipped for the run
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
TRANSIENT_REASONS = frozenset({"timeout", "connection-error"})
HTML_TYPES = ("text/html", "application/xhtml+xml")
ACCEPT = {"page": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
          "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"}


def fetch_all(requests: Iterable[FetchRequest], settings: Settings, *,
              warc_path: Path | None = None) -> list[FetchResult]:
    """Fetch every request politely in parallel; every attempt's result, grouped by request in input order.

    The last result of each request is its outcome. Per-URL problems never raise: they end in a
    result whose error holds a reason code from errors.REASONS (optionally followed by ": detail").
    """
    started = time.monotonic()
    requests = list(requests)
    client = HttpClient(settings)
    try:
        if warc_path is None:
            results = _Run(settings, client, None).run(requests)
        else:
            with WarcWriter(warc_path) as writer:
                results = _Run(settings, client, writer).run(requests)
    finally:
        client.close()
    _log_summary(requests, results, time.monotonic() - started)
    return results


def fetch_one(request: FetchRequest, settings: Settings) -> FetchResult:
    """Fetch one URL with the same checks as fetch_all; the outcome (last attempt)."""
    return fetch_all([request], settings)[-1]


def _log_summary(requests: list[FetchRequest], results: list[FetchResult], seconds: float) -> None:
    """One INFO line: outcomes per reason code."""
    outcomes = {r.url: r for r in results}  # later attempts overwrite earlier ones
    reasons = Counter(reason_of(r.error) or "ok" for r in outcomes.values())
    detail = " ".join(f"{k}={v}" for k, v in sorted(reasons.items()) if k != "ok")
    logger.info("fetch in=%s ok=%s attempts=%s %s seconds=%.1f", len(requests), reasons.get("ok", 0),
                len(results), detail, seconds)


def reason_of(error: str | None) -> str | None:
    """The reason code of a recorded error ("http-404", "timeout: ..." -> "timeout")."""
    return error.split(":", 1)[0] if error else None


# --- HTTP: one checked request, streamed with caps -------------------------------------------------


@dataclass
class Opened:
    """A response whose headers arrived; the body is still on the socket."""

    url: str
    target: Target
    response: urllib3.BaseHTTPResponse
    deadline: float  # time.monotonic() by which the body must be read
    sent_headers: dict[str, str]

    @property
    def status(self) -> int:
        """The HTTP status code."""
        return int(self.response.status)

    def header(self, name: str) -> str | None:
        """A response header, or None."""
        return self.response.headers.get(name)


class HttpClient:
    """GET with address checks, pinned connections, deadlines and size caps; one per run, thread-safe."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pools: dict[tuple[str, str, int, str], urllib3.HTTPConnectionPool] = {}
        self._lock = threading.Lock()
        self._watchdog = Watchdog()

    def open(self, url: str, headers: dict[str, str]) -> Opened:
        """Send a GET for url to its checked address; FetchError on refusal, timeout or connection error."""
        target = parse_target(url)
        addresses = check_addresses(resolve_host(target, url=url), url=url,
                                    allow_private=self.settings.allow_private_hosts)
        deadline = time.monotonic() + self.settings.deadline_s
        sent = {**headers, "Host": _host_header(target)}
        timeout = urllib3.Timeout(connect=min(self.settings.connect_timeout_s, self.settings.deadline_s),
                                  read=min(self.settings.read_timeout_s, self.settings.deadline_s))
        try:
            response = self._pool(target, addresses[0]).urlopen(
                "GET", _request_target(url), headers=sent, redirect=False, retries=False,
                preload_content=False, decode_content=False, assert_same_host=False, timeout=timeout)
        except (Urllib3Error, OSError) as err:
            raise _network_error(url, err, "waiting for the response") from err
        return Opened(url, target, response, deadline, sent)

    def read_body(self, opened: Opened, max_bytes: int, *, truncate: bool = False) -> bytes:
        """The decoded body, cut at the deadline; FetchError too-large past max_bytes (unless truncate)."""
        length = opened.header("Content-Length")
        if not truncate and length and length.isdigit() and int(length) > max_bytes:
            self.discard(opened)
            raise FetchError("too-large", f"Content-Length {length} exceeds the {max_bytes}-byte cap",
                             url=opened.url)
        decoder = BodyDecoder(opened.header("Content-Encoding"), url=opened.url)
        watch = self._watchdog.watch(opened.deadline, opened.response)
        complete = False
        try:
            body = self._stream(opened, decoder, max_bytes, truncate=truncate)
            complete = opened.response.read1(1, decode_content=False) == b""
        except (Urllib3Error, OSError) as err:
            if watch.fired or time.monotonic() >= opened.deadline:
                raise self._deadline_error(opened) from err
            raise _network_error(opened.url, err, "reading the body") from err
        finally:
            self._watchdog.cancel(watch)
            if watch.fired or not complete:
                opened.response.close()  # cut short: the connection cannot be reused
            opened.response.release_conn()
        if watch.fired:
            raise self._deadline_error(opened)
        return body

    def _stream(self, opened: Opened, decoder: BodyDecoder, max_bytes: int, *, truncate: bool) -> bytes:
        """Read raw chunks until EOF, counting wire and decoded bytes against max_bytes."""
        out, wire = bytearray(), 0
        while chunk := opened.response.read1(CHUNK_BYTES, decode_content=False):
            wire += len(chunk)
            out += decoder.feed(chunk, limit=max_bytes - len(out) + 1)
            if wire > max_bytes or len(out) > max_bytes:
                if truncate:
                    return bytes(out[:max_bytes])
                side = "on the wire" if wire > max_bytes else "after decompression"
                raise FetchError("too-large", f"body exceeds the {max_bytes}-byte cap {side}", url=opened.url)
            if time.monotonic() >= opened.deadline:
                raise self._deadline_error(opened)
        out += decoder.finish(limit=max_bytes - len(out) + 1)
        if len(out) > max_bytes and not truncate:
            raise FetchError("too-large", f"body exceeds the {max_bytes}-byte cap after decompression",
                             url=opened.url)
        return bytes(out[:max_bytes])

    def _deadline_error(self, opened: Opened) -> FetchError:
        """The timeout error for a body not finished within the deadline."""
        return FetchError("timeout", f"body not complete within the {self.settings.deadline_s:g} s deadline",
                          url=opened.url)

    def discard(self, opened: Opened) -> None:
        """Drop a response without reading its body (closing the connection: a body may never end)."""
        opened.response.close()
        opened.response.release_conn()

    def _pool(self, target: Target, address: str) -> urllib3.HTTPConnectionPool:
        """The connection pool to this checked address for this host name (TLS checks the host name)."""
        key = (target.scheme, target.host, target.port, address)
        with self._lock:
            pool = self._pools.get(key)
            if pool is None:
                pool = self._new_pool(target, address)
                self._pools[key] = pool
            return pool

    def _new_pool(self, target: Target, address: str) -> urllib3.HTTPConnectionPool:
        """A pool connecting to address; HTTPS verifies the certificate against the URL's host name."""
        size = max(1, self.settings.host_concurrency)
        if target.scheme == "https":
            return urllib3.HTTPSConnectionPool(address, target.port, maxsize=size, server_hostname=target.host,
                                               assert_hostname=target.host, cert_reqs="CERT_REQUIRED",
                                               ca_certs=certifi.where())
        return urllib3.HTTPConnectionPool(address, target.port, maxsize=size)

    def close(self) -> None:
        """Close every pooled connection and stop the watchdog."""
        with self._lock:
            for pool in self._pools.values():
                pool.close()
            self._pools.clear()
        self._watchdog.close()


def _network_error(url: str, err: BaseException, during: str) -> FetchError:
    """A FetchError with reason timeout / bad-url / connection-error for a urllib3 or socket error."""
    if isinstance(err, (Urllib3Timeout, TimeoutError)):
        return FetchError("timeout", f"no answer in time while {during} ({type(err).__name__})", url=url)
    if isinstance(err, LocationParseError):
        return FetchError("bad-url", str(err), url=url)
    return FetchError("connection-error", f"{type(err).__name__} while {during}: {err}"[:300], url=url)


def _host_header(target: Target) -> str:
    """The Host header for target (port omitted when it is the scheme's default)."""
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


def _request_target(url: str) -> str:
    """Path and query of url, as sent in the request line."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class BodyDecoder:
    """Undo Content-Encoding (gzip, deflate) chunk by chunk, never producing more than asked for."""

    def __init__(self, encoding: str | None, *, url: str) -> None:
        self.encoding = (encoding or "identity").strip().lower()
        self.url = url
        self._first = True
        if self.encoding in {"gzip", "x-gzip"}:
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding == "deflate":
            self._zlib = zlib.decompressobj()
        elif self.encoding == "identity":
            self._zlib = None
        else:
            raise FetchError("http-error", f"unsupported Content-Encoding {encoding!r} (asked for gzip, deflate)",
                             url=url)

    def feed(self, data: bytes, *, limit: int) -> bytes:
        """Decoded bytes for data, at most limit of them (reaching limit means the cap is exceeded)."""
        if self._zlib is None:
            return data
        try:
            out = self._zlib.decompress(data, limit)
        except zlib.error as err:
            if not (self._first and self.encoding == "deflate"):
                raise FetchError("http-error", f"corrupt {self.encoding} body: {err}", url=self.url) from err
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate, as some servers send
            return self.feed(data, limit=limit)
        self._first = False
        return out

    def finish(self, *, limit: int) -> bytes:
        """Whatever the decompressor still holds, at most limit bytes."""
        if self._zlib is None:
            return b""
        out = self._zlib.decompress(self._zlib.unconsumed_tail, limit) if self._zlib.unconsumed_tail else b""
        return out + self._zlib.flush()[: max(0, limit - len(out))]


@dataclass(eq=False)
class Watch:
    """One watched response; fired is set when the watchdog cut it at its deadline."""

    deadline: float
    response: urllib3.BaseHTTPResponse
    fired: bool = False
    cancelled: bool = False


class Watchdog:
    """One thread that shuts down the sockets of responses still streaming at their deadline."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Watch]] = []
        self._counter = itertools.count()
        self._closed = False
        self._thread: threading.Thread | None = None

    def watch(self, deadline: float, response: urllib3.BaseHTTPResponse) -> Watch:
        """Start watching response until deadline (time.monotonic())."""
        item = Watch(deadline, response)
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="fetch-watchdog", daemon=True)
                self._thread.start()
            heapq.heappush(self._heap, (deadline, next(self._counter), item))
            self._cond.notify()
        return item

    def cancel(self, item: Watch) -> None:
        """Stop watching (call before the response's connection goes back to the pool)."""
        with self._cond:
            item.cancelled = True

    def close(self) -> None:
        """Stop the thread."""
        with self._cond:
            self._closed = True
            self._cond.notify()

    def _loop(self) -> None:
        """Sleep until the next deadline; cut expired, still-watched responses."""
        with self._cond:
            while not self._closed:
                while self._heap and self._heap[0][2].cancelled:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                self._fire(heapq.heappop(self._heap)[2])

    @staticmethod
    def _fire(item: Watch) -> None:
        """Shut the socket down so the blocked read returns."""
        item.fired = True
        try:
            item.response.shutdown()
        except (ValueError, RuntimeError, OSError) as err:
            logger.debug("fetch watchdog could not shut down a response: %s", err)


# --- robots.txt ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Robots:
    """What one origin's robots.txt says for this run."""

    state: str  # parsed / unavailable (4xx: allow all) / unreachable (5xx, errors: disallow all) / refused
    parser: Protego | None = None
    detail: str = ""

    def verdict(self, url: str, user_agent: str) -> str:
        """FetchResult.robots for url: allowed / disallowed / unavailable."""
        if self.state == "unavailable":
            return "unavailable"
        if self.state == "unreachable":
            return "disallowed"
        if self.parser is None or self.parser.can_fetch(url, user_agent):
            return "allowed"
        return "disallowed"

    def crawl_delay_s(self, user_agent: str) -> float | None:
        """The Crawl-delay robots.txt asks of this user agent, if any."""
        return self.parser.crawl_delay(user_agent) if self.parser is not None else None


def fetch_robots(client: HttpClient, origin: str) -> Robots:
    """The robots.txt of origin (scheme://host:port), following up to 5 redirects (RFC 9309)."""
    url = f"{origin}/robots.txt"
    headers = {"User-Agent": client.settings.user_agent, "Accept": "text/plain,*/*;q=0.1",
               "Accept-Encoding": "gzip, deflate"}
    for _ in range(ROBOTS_MAX_REDIRECTS + 1):
        try:
            opened = client.open(url, headers)
        except FetchError as err:
            return _robots_from_error(url, err)
        location = opened.header("Location")
        if opened.status in REDIRECT_STATUSES and location:
            client.discard(opened)
            url = urljoin(url, location)
            continue
        return _robots_from_response(client, opened)
    return Robots("unavailable", detail=f"more than {ROBOTS_MAX_REDIRECTS} redirects for {origin}/robots.txt")


def _robots_from_error(url: str, err: FetchError) -> Robots:
    """Robots for a robots.txt request that got no answer."""
    if err.reason in {"private-address", "bad-scheme", "bad-url"}:
        return Robots("refused" if err.reason == "private-address" else "unavailable", detail=str(err))
    return Robots("unreachable", detail=f"robots.txt at {url} unreachable ({err}); RFC 9309 treats this as "
                                        "disallow-all")


def _robots_from_response(client: HttpClient, opened: Opened) -> Robots:
    """Robots from a robots.txt answer: parse 2xx, allow on 4xx, disallow on 429 and 5xx."""
    status = opened.status
    if 200 <= status < 300:
        try:
            body = client.read_body(opened, ROBOTS_MAX_BYTES, truncate=True)
        except FetchError as err:
            return _robots_from_error(opened.url, err)
        text = decode_body(body, opened.header("Content-Type"))
        return Robots("parsed", Protego.parse(text), detail=f"robots.txt at {opened.url}")
    client.discard(opened)
    if 400 <= status < 500 and status != 429:
        return Robots("unavailable", detail=f"robots.txt at {opened.url} answered {status}: everything allowed")
    return Robots("unreachable", detail=f"robots.txt at {opened.url} answered {status}; RFC 9309 treats this "
                                        "as disallow-all")


# --- one step of a job: one HTTP request ---------------------------------------------------------


@dataclass
class Job:
    """One request in progress: the hop to fetch next within its current attempt."""

    index: int  # position in the input; -1 for a robots.txt fetch
    request: FetchRequest
    url: str
    attempt: int = 1
    visited: tuple[str, ...] = ()
    conditional: bool = True
    fetched_at: datetime | None = None
    elapsed_s: float = 0.0
    robots: str | None = None
    robots_origin: str | None = None  # set for robots.txt fetches

    @property
    def target(self) -> Target:
        """Scheme, host and port of the hop to fetch."""
        return parse_target(self.url)


@dataclass
class Outcome:
    """What one step produced: a result (an attempt ended) and/or a job to run next."""

    result: FetchResult | None = None
    follow: Job | None = None
    follow_delay_s: float = 0.0
    pause_host_s: float = 0.0  # the contacted host waits this long before its next request (retries)
    host_ok: bool | None = None  # True: the host answered; False: a transient failure; None: not contacted
    robots: Robots | None = None
    sent_headers: dict[str, str] = field(default_factory=dict)
    received_headers: dict[str, str] = field(default_factory=dict)


class Stepper:
    """Runs one HTTP request of a job and decides what happens next (no scheduling, no shared state)."""

    def __init__(self, settings: Settings, client: HttpClient, robots: dict[str, Robots]) -> None:
        self.settings = settings
        self.client = client
        self.robots = robots  # origin -> Robots, filled by the scheduler before a page job runs

    def step(self, job: Job) -> Outcome:
        """Run the job's next request; per-URL failures become results, never exceptions."""
        if job.robots_origin is not None:
            robots = fetch_robots(self.client, job.robots_origin)
            return Outcome(robots=robots, host_ok=robots.state != "unreachable")
        if job.fetched_at is None:
            job.fetched_at = datetime.now(timezone.utc)
        started = time.monotonic()
        try:
            outcome = self._page_step(job)
        except FetchError as err:
            outcome = self._failure(job, err)
        job.elapsed_s += time.monotonic() - started
        if outcome.result is not None:
            outcome.result = replace(outcome.result, elapsed_ms=round(job.elapsed_s * 1000))
        return outcome

    def _page_step(self, job: Job) -> Outcome:
        """Robots check, request, then dispatch on the status class."""
        target = job.target
        robots = self.robots[target.origin]
        if robots.state != "refused":
            job.robots = robots.verdict(job.url, self.settings.user_agent)
            if job.robots == "disallowed":
                detail = robots.detail if robots.state == "unreachable" else f"{robots.detail} disallows {job.url}"
                raise FetchError("robots-disallowed", detail, url=job.url)
        opened = self.client.open(job.url, self._headers(job))
        status = opened.status
        if status in REDIRECT_STATUSES and opened.header("Location"):
            return self._redirect(job, opened)
        if status == 304:
            return self._not_modified(job, opened)
        if status >= 300:
            return self._error_status(job, opened)
        return self._success(job, opened)

    def _headers(self, job: Job) -> dict[str, str]:
        """Request headers: descriptive User-Agent, Accept for the kind, validators when conditional."""
        headers = {"User-Agent": self.settings.user_agent, "Accept": ACCEPT.get(job.request.kind, ACCEPT["page"]),
                   "Accept-Encoding": "gzip, deflate"}
        if job.conditional and job.url == job.request.url:
            if job.request.etag:
                headers["If-None-Match"] = job.request.etag
            if job.request.last_modified:
                headers["If-Modified-Since"] = job.request.last_modified
        return headers

    def _redirect(self, job: Job, opened: Opened) -> Outcome:
        """Follow a redirect as a new job on the target's host, refusing loops, excess hops and bad schemes."""
        self.client.discard(opened)
        location = urljoin(job.url, (opened.header("Location") or "").strip())
        visited = (*job.visited, job.url)
        if location in visited:
            raise FetchError("too-many-redirects", f"redirect loop: {job.url} -> {location}", url=job.url)
        if len(visited) > self.settings.max_redirects:
            raise FetchError("too-many-redirects", f"more than {self.settings.max_redirects} redirects "
                                                   f"(last to {location[:200]})", url=job.url)
        parse_target(location)  # bad-scheme / bad-url before anything is queued
        follow = replace(job, url=location, visited=visited)
        return Outcome(follow=follow, host_ok=True, sent_headers=opened.sent_headers)

    def _not_modified(self, job: Job, opened: Opened) -> Outcome:
        """A 304: trusted when the caller holds a body hash, else asked again without validators once."""
        self.client.discard(opened)
        asked = "If-None-Match" in opened.sent_headers or "If-Modified-Since" in opened.sent_headers
        if not asked:
            return self._http_error(job, opened)
        if job.request.body_sha256 is None:
            logger.info("fetch url=%s 304 without a stored body hash: asking again without validators", job.url)
            return Outcome(follow=replace(job, conditional=False), host_ok=True)
        result = self._result(job, opened, error="not-modified", from_cache=True,
                              etag=opened.header("ETag") or job.request.etag,
                              last_modified=opened.header("Last-Modified") or job.request.last_modified,
                              body_sha256=job.request.body_sha256)
        return self._ended(result, opened, host_ok=True)

    def _error_status(self, job: Job, opened: Opened) -> Outcome:
        """http-NNN; 429 and 5xx are retried after Retry-After or an exponential backoff."""
        self.client.discard(opened)
        if opened.status not in RETRY_STATUSES:
            return self._http_error(job, opened)
        wait_s = retry_delay_s(job.attempt, opened.header("Retry-After"))
        error = f"http-{opened.status}"
        return self._retry_or_give_up(job, self._result(job, opened, error=error), wait_s, opened)

    def _http_error(self, job: Job, opened: Opened) -> Outcome:
        """A final http-NNN result (the host answered, so it is not failing)."""
        return self._ended(self._result(job, opened, error=f"http-{opened.status}"), opened, host_ok=True)

    def _success(self, job: Job, opened: Opened) -> Outcome:
        """A 2xx: not-html for non-HTML pages, not-modified when the body hash is unchanged, else the body."""
        content_type = opened.header("Content-Type")
        if job.request.kind == "page" and content_type and not is_html_type(content_type):
            self.client.discard(opened)
            return self._ended(self._result(job, opened, error=f"not-html: {content_type[:80]}"), opened,
                               host_ok=True)
        body = self.client.read_body(opened, self.settings.max_body_bytes)
        if job.request.kind == "page" and not content_type and not looks_like_html(body):
            return self._ended(self._result(job, opened, error="not-html: no Content-Type and no HTML markup",
                                            nbytes=len(body)), opened, host_ok=True)
        digest = hashlib.sha256(body).hexdigest()
        validators = {"etag": opened.header("ETag"), "last_modified": opened.header("Last-Modified"),
                      "body_sha256": digest, "nbytes": len(body)}
        if digest == job.request.body_sha256:
            result = self._result(job, opened, error="not-modified", from_cache=True, **validators)
        else:
            result = self._result(job, opened, **validators, body=body, text=decode_body(body, content_type))
        return self._ended(result, opened, host_ok=True)

    def _failure(self, job: Job, err: FetchError) -> Outcome:
        """A result for a refused or failed request; timeouts and connection errors are retried."""
        result = self.base_result(job, error=str(err))
        if err.reason in TRANSIENT_REASONS:
            return self._retry_or_give_up(job, result, retry_delay_s(job.attempt, None), None)
        return Outcome(result=result)

    def _retry_or_give_up(self, job: Job, result: FetchResult, wait_s: float | None,
                          opened: Opened | None) -> Outcome:
        """Queue the next attempt after wait_s, or end the URL saying why."""
        sent = opened.sent_headers if opened else {}
        if job.attempt < self.settings.max_tries and wait_s is not None:
            retry = Job(job.index, job.request, job.request.url, attempt=job.attempt + 1)
            return Outcome(result=result, follow=retry, follow_delay_s=wait_s, pause_host_s=wait_s,
                           host_ok=False, sent_headers=sent)
        why = (f"gave up after {job.attempt} tries" if wait_s is not None
               else f"Retry-After longer than {RETRY_AFTER_MAX_S:g} s")
        error = f"{result.error}: {why}" if ":" not in (result.error or "") else f"{result.error} ({why})"
        return Outcome(result=replace(result, error=error), host_ok=False, sent_headers=sent)

    def _ended(self, result: FetchResult, opened: Opened, *, host_ok: bool) -> Outcome:
        """An outcome ending the URL, with the headers for the archive."""
        return Outcome(result=result, host_ok=host_ok, sent_headers=opened.sent_headers,
                       received_headers=dict(opened.response.headers))

    def base_result(self, job: Job, **changes: object) -> FetchResult:
        """The result of this attempt so far (no response yet)."""
        result = FetchResult(url=job.request.url, source_id=job.request.source_id,
                             fetched_at=job.fetched_at or datetime.now(timezone.utc), status=None, bytes=0,
                             elapsed_ms=0, error=None, final_url=job.url, attempt=job.attempt,
                             robots=job.robots, kind=job.request.kind)
        return replace(result, **changes)

    def _result(self, job: Job, opened: Opened, *, nbytes: int = 0, **changes: object) -> FetchResult:
        """The result of this attempt for a response."""
        return self.base_result(job, status=opened.status, content_type=opened.header("Content-Type"),
                          bytes=nbytes, **changes)


def retry_delay_s(attempt: int, retry_after: str | None) -> float | None:
    """Seconds before the next try: Retry-After if given (None when too long), else 1, 2, 4, ... s."""
    if retry_after:
        seconds = parse_retry_after(retry_after)
        if seconds is not None:
            return None if seconds > RETRY_AFTER_MAX_S else seconds
    return min(RETRY_MAX_S, RETRY_BASE_S * 2 ** (attempt - 1))


def parse_retry_after(value: str) -> float | None:
    """Retry-After as seconds from now (delta-seconds or HTTP-date); None when unreadable."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def is_html_type(content_type: str) -> bool:
    """True for text/html and application/xhtml+xml."""
    return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES


def looks_like_html(body: bytes) -> bool:
    """True when an untyped body starts like an HTML document."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head or b"<head" in head


# --- scheduling: per-host politeness across many hosts ---------------------------------------------


@dataclass
class HostState:
    """Politeness state of one site (netsafety.Target.host_key)."""

    key: str
    queue: deque[Job] = field(default_factory=deque)
    in_flight: int = 0
    next_start: float = 0.0  # time.monotonic() before which no request may start
    delay_s: float = 0.0
    failures: int = 0  # consecutive failed attempts
    skipped: str | None = None  # why the host is skipped for the rest of the run


class _Run:
    """One fetch_all call: queues per host, a worker pool, and the results in input order."""

    def __init__(self, settings: Settings, client: HttpClient, writer: WarcWriter | None) -> None:
        self.settings = settings
        self.writer = writer
        self.robots: dict[str, Robots] = {}
        self.stepper = Stepper(settings, client, self.robots)
        self.hosts: dict[str, HostState] = {}
        self.robots_pending: set[str] = set()
        self.delayed: list[tuple[float, int, Job]] = []
        self.counter = itertools.count()
        self.results: list[list[FetchResult]] = []
        self.open_jobs = 0
        self.workers = max(1, settings.fetch_workers)
        self.free_workers = self.workers
        self.cond = threading.Condition()
        self.random = random.Random()
        self.archive_error: OSError | None = None  # the WARC file could not be written: the run stops

    def run(self, requests: list[FetchRequest]) -> list[FetchResult]:
        """Fetch every request; each attempt's result, grouped by request in input order."""
        self.results = [[] for _ in requests]
        with self.cond:
            for index, request in enumerate(requests):
                self._admit(Job(index, request, request.url))
        with ThreadPoolExecutor(self.workers, thread_name_prefix="fetch") as pool:
            while (job := self._next_job()) is not None:
                pool.submit(self._work, job)
        if self.archive_error is not None:
            raise self.archive_error
        return [result for attempts in self.results for result in attempts]

    def _admit(self, job: Job, *, front: bool = False) -> None:
        """Queue a job on its host (caller holds the lock); unfetchable URLs end at once."""
        try:
            target = job.target
        except FetchError as err:
            self._record(job.index, self.stepper.base_result(job, error=str(err)))
            return
        host = self.hosts.get(target.host_key)
        if host is None:
            host = self.hosts[target.host_key] = HostState(target.host_key, delay_s=self.settings.host_delay_s)
        if front:
            host.queue.appendleft(job)
        else:
            host.queue.append(job)
        self.open_jobs += 1

    def _next_job(self) -> Job | None:
        """Block until a worker is free and some host may start a request; None when all is done."""
        with self.cond:
            while True:
                now = time.monotonic()
                self._release_delayed(now)
                if self.archive_error is not None or (self.open_jobs == 0 and not self.delayed):
                    return None
                wait = SCHEDULER_MAX_WAIT_S
                if self.free_workers > 0:
                    job, host_wait = self._pick(now)
                    if job is not None:
                        self.free_workers -= 1
                        return job
                    if self.open_jobs == 0 and not self.delayed:
                        continue  # draining a skipped host ended the last jobs: nobody is left to notify us
                    wait = min(wait, host_wait if host_wait is not None else wait)
                if self.delayed:
                    wait = min(wait, self.delayed[0][0] - now)
                self.cond.wait(timeout=max(wait, 0.001))

    def _release_delayed(self, now: float) -> None:
        """Move retries and redirects whose wait is over into their host queues."""
        while self.delayed and self.delayed[0][0] <= now:
            self._admit(heapq.heappop(self.delayed)[2], front=True)

    def _pick(self, now: float) -> tuple[Job | None, float | None]:
        """The next job of the ready host with the longest queue, or how long until one may be ready."""
        best: HostState | None = None
        wait: float | None = None
        for host in self.hosts.values():
            if host.skipped and host.queue:
                self._drain_skipped(host)
            if not host.queue or host.in_flight >= self.settings.host_concurrency:
                continue
            if host.next_start > now:
                wait = min(wait if wait is not None else 1e9, host.next_start - now)
                continue
            if host.queue[0].robots_origin is None and self._robots_blocked(host):
                continue
            if best is None or len(host.queue) > len(best.queue):
                best = host
        if best is None:
            return None, wait
        return self._start(best, now), None

    def _robots_blocked(self, host: HostState) -> bool:
        """True while the head job's robots.txt is being fetched; queues that fetch when it is unknown."""
        origin = host.queue[0].target.origin
        if origin in self.robots:
            return False
        if origin not in self.robots_pending:
            self.robots_pending.add(origin)
            host.queue.appendleft(Job(-1, host.queue[0].request, f"{origin}/robots.txt", robots_origin=origin))
            self.open_jobs += 1
            return False
        return True

    def _start(self, host: HostState, now: float) -> Job:
        """Take the host's next job and reserve a request slot (politeness delay with jitter)."""
        host.in_flight += 1
        host.next_start = now + host.delay_s * (1 + JITTER_FRACTION * self.random.random())
        return host.queue.popleft()

    def _drain_skipped(self, host: HostState) -> None:
        """End every queued job of a skipped host with host-skipped."""
        while host.queue:
            job = host.queue.popleft()
            self.open_jobs -= 1
            if job.robots_origin is None:
                self._record(job.index, self.stepper.base_result(job, error=f"host-skipped: {host.skipped}"))

    def _work(self, job: Job) -> None:
        """Worker: run one step, archive its result, hand the outcome back to the scheduler."""
        try:
            outcome = self.stepper.step(job)
        except Exception as err:
            logger.exception("fetch url=%s reason=unexpected-error", job.url)
            outcome = self._unexpected(job, err)
        try:
            if self.writer is not None and outcome.result is not None:
                self.writer.write_result(outcome.result, request_headers=outcome.sent_headers,
                                         response_headers=outcome.received_headers)
        except OSError as err:  # a full disk stops the run: results that are not archived are not kept
            with self.cond:
                self.archive_error = self.archive_error or OSError(
                    err.errno, f"could not write the WARC file: {err.strerror or err}", str(self.writer.path))
        finally:
            with self.cond:
                self._finish(job, outcome)
                self.cond.notify_all()

    def _unexpected(self, job: Job, err: Exception) -> Outcome:
        """The outcome of a step that raised a bug instead of a FetchError."""
        detail = f"unexpected-error: {type(err).__name__}: {err}"[:300]
        if job.robots_origin is not None:
            return Outcome(robots=Robots("unreachable", detail=detail))
        return Outcome(result=self.stepper.base_result(job, error=detail))

    def _finish(self, job: Job, outcome: Outcome) -> None:
        """Release the host slot, update its failure count, record the result, queue any follow-up."""
        host = self.hosts[job.target.host_key]
        host.in_flight -= 1
        self.free_workers += 1
        self.open_jobs -= 1
        self._count_failure(host, outcome)
        if outcome.robots is not None and job.robots_origin is not None:
            self._store_robots(host, job.robots_origin, outcome.robots)
        if outcome.result is not None:
            self._record(job.index, outcome.result)
        if outcome.pause_host_s:
            host.next_start = max(host.next_start, time.monotonic() + outcome.pause_host_s)
        if outcome.follow is not None:
            if outcome.follow_delay_s > 0:
                due = time.monotonic() + outcome.follow_delay_s
                heapq.heappush(self.delayed, (due, next(self.counter), outcome.follow))
            else:
                self._admit(outcome.follow, front=True)

    def _count_failure(self, host: HostState, outcome: Outcome) -> None:
        """Consecutive transient failures; at HOST_MAX_FAILURES the host is skipped for the run."""
        failed = outcome.host_ok is False
        host.failures = host.failures + 1 if failed else (0 if outcome.host_ok else host.failures)
        if host.failures >= HOST_MAX_FAILURES and not host.skipped:
            last = outcome.result.error if outcome.result else (outcome.robots.detail if outcome.robots else "")
            host.skipped = f"{host.key} failed {host.failures} times in a row (last: {last})"[:300]
            logger.warning("fetch host=%s reason=host-skipped failures=%s", host.key, host.failures)

    def _store_robots(self, host: HostState, origin: str, robots: Robots) -> None:
        """Cache an origin's robots.txt for the run and apply its Crawl-delay to the host."""
        self.robots[origin] = robots
        self.robots_pending.discard(origin)
        delay = robots.crawl_delay_s(self.settings.user_agent)
        if delay:
            if delay > MAX_CRAWL_DELAY_S:
                logger.info("fetch host=%s crawl_delay=%s capped_at=%s", host.key, delay, MAX_CRAWL_DELAY_S)
            host.delay_s = max(host.delay_s, min(float(delay), MAX_CRAWL_DELAY_S))

    def _record(self, index: int, result: FetchResult) -> None:
        """Keep a result under its request (caller holds the lock) and log failures."""
        self.results[index].append(result)
        if result.error:
            logger.info("fetch url=%s reason=%s attempt=%s", result.url, reason_of(result.error), result.attempt)
