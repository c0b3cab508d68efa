"""Send checked GET requests and stream their bodies with caps; reads URLs, gives responses and decoded bytes.

Safety: every hop (redirects are followed by step and robots, never by the HTTP library) is checked
by netsafety (http/https only, public addresses only) and the connection goes to the address that
was checked, with the Host header / TLS server name of the URL (no DNS rebinding window).
Bodies are streamed raw and decompressed here, so the size cap counts both the bytes on the wire
and the decoded bytes (gzip bombs), and a watchdog cuts any response still streaming at its deadline,
whether its headers or its body are still arriving (a read timeout alone is reset by every byte); one deadline
covers an attempt with its redirect hops (step, robots pass it on).
Interim 1xx responses (103 Early Hints) are skipped; bytes that are no HTTP response are http-error "malformed
response", not retried; a GET on a kept-alive connection that the server closed before answering is sent again.
"""
from __future__ import annotations

import base64
import heapq
import http.client
import itertools
import logging
import socket
import threading
import time
import zlib
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes, urlsplit

import certifi
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import InvalidHeader, LocationParseError, NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.response import HTTPResponse

from mediamon.errors import FetchError
from mediamon.fetch.netsafety import Target, check_addresses, parse_target, resolve_host
from mediamon.settings import Settings

logger = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
READ_TRANSFER_CODINGS = frozenset({"chunked", "identity"})  # http.client de-chunks only a Transfer-Encoding of "chunked"


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

    def location(self) -> str | None:
        """The Location header, or None; a header given twice with one value is that value (header() joins the
        copies with ', ' into a URL nobody meant), and with different values a bad-url FetchError: which one the
        server meant cannot be known, and browsers refuse such a redirect too."""
        values = list(dict.fromkeys(value.strip() for value in self.response.headers.getlist("Location")))
        if len(values) > 1:
            shown = ", ".join(repr(value[:100]) for value in values[:3])
            raise FetchError("bad-url", f"redirect from {self.url[:200]!r} gives {len(values)} different Locations "
                                        f"({shown}): which one to follow cannot be known", url=self.url)
        return values[0] if values else None


class HttpClient:
    """GET with address checks, pinned connections, deadlines and size caps; one per run, thread-safe."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pools: dict[tuple[str, str, int, str], urllib3.HTTPConnectionPool] = {}
        self._lock = threading.Lock()
        self._watchdog = Watchdog()

    def open(self, url: str, headers: dict[str, str], *, deadline: float | None = None) -> Opened:
        """Send a GET for url to its checked address; FetchError on refusal, timeout or connection error.

        deadline (time.monotonic()) is the attempt's, shared by its redirect hops; by default deadline_s from now.
        """
        target = parse_target(url)
        if deadline is None:
            deadline = time.monotonic() + self.settings.deadline_s
        left_s = deadline - time.monotonic()
        if left_s <= 0:
            raise FetchError("timeout", f"the {self.settings.deadline_s:g} s deadline passed on earlier redirect hops "
                                        "before this request", url=url)
        resolved = resolve_host(target, url=url, timeout_s=min(self.settings.connect_timeout_s, left_s))
        addresses = check_addresses(resolved, url=url, allow_private=self.settings.allow_private_hosts)
        left_s = deadline - time.monotonic()
        sent = {**headers, "Host": _host_header(target), **_basic_auth(url)}
        timeout = urllib3.Timeout(connect=min(self.settings.connect_timeout_s, left_s),
                                  read=min(self.settings.read_timeout_s, left_s))
        pool = self._pool(target, addresses[0])
        for stale_left in range(max(1, self.settings.host_concurrency), -1, -1):
            awaiting = AwaitingHeaders()
            token = _AWAITING.set(awaiting)
            watch = self._watchdog.watch(deadline, awaiting)
            try:
                response = pool.urlopen(
                    "GET", _request_target(url), headers=sent, redirect=False, retries=False,
                    preload_content=False, decode_content=False, assert_same_host=False, timeout=timeout)
                break
            except (Urllib3Error, OSError) as err:
                if watch.fired:
                    raise self._headers_deadline_error(url) from err
                if awaiting.reused and not awaiting.answered and stale_left and _is_closed_unanswered(err):
                    logger.debug("fetch url=%s kept-alive connection closed by the server: asking again", url)
                    continue
                raise _network_error(url, err, "waiting for the response",
                                     peer=_peer(addresses[0], target.port)) from err
            finally:
                self._watchdog.cancel(watch)
                _AWAITING.reset(token)
        if watch.fired:  # the headers were complete just as the deadline passed: the socket is shut
            response.close()
            response.release_conn()
            raise self._headers_deadline_error(url)
        return Opened(url, target, response, deadline, sent)

    def read_body(self, opened: Opened, max_bytes: int, *, truncate: bool = False, as_sent: bool = False) -> bytes:
        """The decoded body, cut at the deadline; FetchError too-large past max_bytes (unless truncate). as_sent: the
        bytes as they came, whatever the Content-Encoding says (for a robots.txt sent as it is under a gzip label)."""
        length = opened.header("Content-Length")
        if length is not None and opened.header("Transfer-Encoding") is None and (
                problem := content_length_problem(length)) is not None:
            self.discard(opened)
            raise FetchError("http-error", f"invalid Content-Length {length[:40]!r}: {problem}; where such a response "
                                           "ends cannot be known, so it is discarded (RFC 9112 6.3)", url=opened.url)
        if not truncate and length and length.isdigit() and int(length) > max_bytes:
            self.discard(opened)
            raise FetchError("too-large", f"Content-Length {length} exceeds the {max_bytes}-byte cap",
                             url=opened.url)
        transfer = opened.header("Transfer-Encoding")
        if transfer and transfer.strip().lower() not in READ_TRANSFER_CODINGS:
            self.discard(opened)
            raise FetchError("http-error", f"unsupported Transfer-Encoding {transfer[:100]!r} (only chunked is read: "
                                           "the body would be kept with its framing)", url=opened.url)
        decoder = BodyDecoder(None if as_sent else opened.header("Content-Encoding"), url=opened.url)
        watch = self._watchdog.watch(opened.deadline, opened.response)
        complete = False
        try:
            body = self._stream(opened, decoder, max_bytes, truncate=truncate)
            complete = opened.response.read1(1, decode_content=False) == b""
        except (Urllib3Error, OSError) as err:
            if watch.fired or time.monotonic() >= opened.deadline:
                raise self._deadline_error(opened) from err
            raise _network_error(opened.url, err, "reading the body") from err
        except ValueError as err:  # http.client on a negative chunk size: "read length must be non-negative"
            raise FetchError("http-error", f"malformed chunked body: {err}", url=opened.url) from err
        finally:
            self._watchdog.cancel(watch)
            if watch.fired or not complete:
                opened.response.close()  # cut short: the connection cannot be reused
            opened.response.release_conn()
        if watch.fired:
            raise self._deadline_error(opened)
        return body

    def _stream(self, opened: Opened, decoder: BodyDecoder, max_bytes: int, *, truncate: bool) -> bytes:
        """Read raw chunks until EOF, counting wire and decoded bytes against max_bytes.

        read (up to CHUNK_BYTES a call) rather than read1: a chunked body sent one byte a chunk gives read1 one byte
        a call, about 3 us of CPU a byte through urllib3, where read gathers the chunks in http.client.
        """
        out, wire = bytearray(), 0
        while chunk := opened.response.read(CHUNK_BYTES, decode_content=False):
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
        if decoder.truncated:
            if not out:
                raise FetchError("http-error", f"truncated {decoder.encoding} body: it ends before any byte could be "
                                 f"decoded ({wire} bytes received)", url=opened.url)
            logger.warning("fetch url=%s reason=truncated-%s kept=%d wire=%d", opened.url, decoder.encoding, len(out),
                           wire)
        if len(out) > max_bytes and not truncate:
            raise FetchError("too-large", f"body exceeds the {max_bytes}-byte cap after decompression",
                             url=opened.url)
        return bytes(out[:max_bytes])

    def _deadline_error(self, opened: Opened) -> FetchError:
        """The timeout error for a body not finished within the deadline."""
        return FetchError("timeout", f"body not complete within the {self.settings.deadline_s:g} s deadline",
                          url=opened.url)

    def _headers_deadline_error(self, url: str) -> FetchError:
        """The timeout error for response headers not complete within the deadline."""
        return FetchError("timeout", f"response headers not complete within the {self.settings.deadline_s:g} s "
                                     "deadline", url=url)

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
            return WatchedHTTPSConnectionPool(address, target.port, maxsize=size, server_hostname=target.host,
                                              assert_hostname=target.host, cert_reqs="CERT_REQUIRED",
                                              ca_certs=certifi.where())
        return WatchedHTTPConnectionPool(address, target.port, maxsize=size)

    def close(self) -> None:
        """Close every pooled connection and stop the watchdog."""
        with self._lock:
            for pool in self._pools.values():
                pool.close()
            self._pools.clear()
        self._watchdog.close()


class AwaitingHeaders:
    """The socket a request waits on for its response headers; the watchdog shuts it at the deadline."""

    def __init__(self) -> None:
        self.sock: socket.socket | None = None
        self.cut = False
        self.reused = False  # sent on a kept-alive connection that already carried a response
        self.answered = False  # a status line arrived (the server did not close before answering)

    def shutdown(self) -> None:
        """Shut the socket down so the blocked header read returns (before the wait starts, mark it cut)."""
        self.cut = True
        if self.sock is not None:
            self.sock.shutdown(socket.SHUT_RDWR)


# The AwaitingHeaders of the request this thread (context) is sending, set by HttpClient.open around urlopen.
_AWAITING: ContextVar[AwaitingHeaders | None] = ContextVar("mediamon_fetch_awaiting_headers", default=None)


class FinalResponse(http.client.HTTPResponse):
    """An HTTP response that skips every interim 1xx response before the final one (http.client skips only 100
    Continue, so a 103 Early Hints was taken for the answer, with an empty body); 101 is kept, as it is final."""

    def _read_status(self) -> tuple[str, int, str]:
        """The status line of the final response (or of a 100, which http.client skips itself)."""
        awaiting = _AWAITING.get()
        while True:
            version, status, reason = super()._read_status()  # type: ignore[misc]
            if awaiting is not None:
                awaiting.answered = True
            if not 102 <= status < 200:
                return version, status, reason
            http.client.parse_headers(self.fp)  # the interim response's headers; at most 100, as for any response


class _HeadersWatched:
    """A connection that lets the watchdog cut its wait for response headers (urllib3 gives no hook), and tells
    the request whether it was kept alive from an earlier response."""

    sock: socket.socket
    response_class = FinalResponse
    responses_carried = 0  # responses whose headers this connection carried

    def request(self, *args: object, **kwargs: object) -> None:
        """Note on the request's AwaitingHeaders whether this connection was kept alive, then send."""
        awaiting = _AWAITING.get()
        if awaiting is not None:
            awaiting.reused = self.responses_carried > 0
        super().request(*args, **kwargs)  # type: ignore[misc]

    def getresponse(self) -> HTTPResponse:
        """Hand the socket to the request's AwaitingHeaders, then read the status line and headers."""
        awaiting = _AWAITING.get()
        if awaiting is not None:
            awaiting.sock = self.sock
            if awaiting.cut:
                raise TimeoutError("the deadline passed before the response headers")
        response = super().getresponse()  # type: ignore[misc]
        self.responses_carried += 1
        return response


class WatchedHTTPConnection(_HeadersWatched, HTTPConnection):
    """HTTP connection whose header wait the watchdog can cut."""


class WatchedHTTPSConnection(_HeadersWatched, HTTPSConnection):
    """HTTPS connection whose header wait the watchdog can cut."""


class WatchedHTTPConnectionPool(urllib3.HTTPConnectionPool):
    """HTTP pool of WatchedHTTPConnection."""

    ConnectionCls = WatchedHTTPConnection


class WatchedHTTPSConnectionPool(urllib3.HTTPSConnectionPool):
    """HTTPS pool of WatchedHTTPSConnection."""

    ConnectionCls = WatchedHTTPSConnection


def _network_error(url: str, err: BaseException, during: str, *, peer: str = "the server") -> FetchError:
    """A FetchError with reason connection-refused / connection-error / timeout / bad-url for a urllib3 or socket
    error (peer: the address:port connected to, for the message)."""
    if _is_refused(err):
        return FetchError("connection-refused", f"{peer} refused the connection (nothing listens on that port, or a "
                                                f"firewall rejects it) while {during}", url=url)
    if (malformed := _malformed_response(err)) is not None:
        return FetchError("http-error", f"malformed response from {peer} while {during}: {type(malformed).__name__}: "
                                        f"{malformed}"[:300], url=url)
    if isinstance(err, NewConnectionError):  # a ConnectTimeoutError subclass in urllib3 2, though no time ran out
        return FetchError("connection-error", f"cannot connect to {peer} while {during}: {err}"[:300], url=url)
    if isinstance(err, (Urllib3Timeout, TimeoutError)):
        return FetchError("timeout", f"no answer in time while {during} ({type(err).__name__})", url=url)
    if isinstance(err, LocationParseError):
        return FetchError("bad-url", str(err), url=url)
    return FetchError("connection-error", f"{type(err).__name__} while {during}: {err}"[:300], url=url)


def content_length_problem(value: str) -> str | None:
    """Why a Content-Length value gives no length, or None: a length is digits 0-9, or a list of one length repeated
    (RFC 9110 8.6); http.client read '+5' and an Arabic-Indic five as 5 (a page cut to its first 5 bytes), and '-5',
    '0x10' or '' as no length."""
    lengths = {part.strip(" \t") for part in value.split(",")}
    if not all(part.isascii() and part.isdigit() for part in lengths):
        return "a length is a whole number of bytes written with the digits 0-9"
    if len(lengths) > 1:
        return "it gives different lengths"
    return None


def _malformed_response(err: BaseException) -> BaseException | None:
    """The parse error inside err when the server answered with bytes that are no HTTP response (a status line of
    another protocol, a header line over 64 KiB, over 100 headers, clashing Content-Lengths), else None.

    Asking again gets the same bytes, so these are not retried like a connection that failed; a server that closed
    without answering (RemoteDisconnected) or cut the body short (IncompleteRead) is not one of them.
    """
    for cause in _causes(err):
        if isinstance(cause, (http.client.RemoteDisconnected, http.client.IncompleteRead)):
            return None
        if isinstance(cause, (http.client.HTTPException, InvalidHeader)):
            return cause
    return None


def _is_closed_unanswered(err: BaseException) -> bool:
    """True when err says the server closed or reset the connection before any byte of a response: on a kept-alive
    connection, the server's idle timeout crossing our request (RFC 9112 9.3.1: a GET may be sent again)."""
    return any(isinstance(cause, (ConnectionResetError, BrokenPipeError)) for cause in _causes(err))


def _causes(err: BaseException) -> list[BaseException]:
    """err and the errors it wraps (its cause, context and exception arguments, as urllib3 wraps them), at most 20."""
    seen: list[BaseException] = [err]
    for cause in seen:
        if len(seen) >= 20:
            break
        seen.extend(arg for arg in (cause.__cause__, cause.__context__, *cause.args) if isinstance(arg, BaseException))
    return seen[:20]


def _is_refused(err: BaseException) -> bool:
    """True when err, or an error it was raised from (urllib3 wraps the socket's), is a refused connection."""
    cause: BaseException | None = err
    for _ in range(5):
        if cause is None:
            return False
        if isinstance(cause, ConnectionRefusedError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _peer(address: str, port: int) -> str:
    """address:port as in a URL ([v6]:port)."""
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def _basic_auth(url: str) -> dict[str, str]:
    """The Authorization header of HTTP Basic authentication for a URL with user info ('https://user:secret@host/feed':
    its percent-escapes decoded to bytes, UTF-8 as curl sends them), else none, and none for empty user info ('@host'):
    each hop is asked with its own URL's, so a redirect to a URL without user info carries none."""
    netloc = urlsplit(url).netloc
    userinfo, at, _ = netloc.rpartition("@")
    if not at or not userinfo or userinfo == ":":
        return {}
    user, _, password = userinfo.partition(":")
    token = base64.b64encode(unquote_to_bytes(user) + b":" + unquote_to_bytes(password)).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def _host_header(target: Target) -> str:
    """The Host header for target (port omitted when it is the scheme's default)."""
    host = f"[{target.host}]" if ":" in target.host else target.host
    default = 443 if target.scheme == "https" else 80
    return host if target.port == default else f"{host}:{target.port}"


def _request_target(url: str) -> str:
    """Path and query of url, as sent in the request line."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class EncodingError(FetchError):
    """A body that its Content-Encoding (gzip, deflate) cannot decode: corrupt, or sent as it is under that label."""


class BodyDecoder:
    """Undo Content-Encoding (gzip, deflate) chunk by chunk, never producing more than asked for.

    A gzip body may hold several members one after the other (RFC 1952 2.2); each is decoded in turn, and bytes
    after the last one that are no gzip member (padding) are ignored, as browsers and urllib3 ignore them.
    """

    def __init__(self, encoding: str | None, *, url: str) -> None:
        self.encoding = (encoding or "identity").strip().lower()
        self.url = url
        self._first = True
        self._members = 1
        self._trailing = False  # past the last gzip member: the rest is ignored
        self._fed = False  # some encoded byte was given: an empty body (a 204, a 304) is no truncated stream
        self._raw = False  # deflate read as raw deflate (no zlib header), as some servers send: tried once
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
        if self._trailing:
            return b""
        self._fed = self._fed or bool(data)
        try:
            out = self._zlib.decompress(data, limit)
        except zlib.error as err:
            if self._members > 1:
                self._trailing = True  # no gzip member follows the last one
                return b""
            if not (self._first and self.encoding == "deflate") or self._raw:  # each reading failed: no deflate
                raise EncodingError("http-error", f"corrupt {self.encoding} body: {err}", url=self.url) from err
            self._zlib, self._raw = zlib.decompressobj(-zlib.MAX_WBITS), True  # raw deflate, as some servers send
            return self.feed(data, limit=limit)
        self._first = False
        while self.encoding != "deflate" and self._zlib.eof and self._zlib.unused_data and len(out) < limit:
            out += self._next_member(limit - len(out))
        return out

    def _next_member(self, limit: int) -> bytes:
        """Decoded bytes of the gzip member after the one that ended, at most limit; b'' past the last member."""
        rest = self._zlib.unused_data
        self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._members += 1
        try:
            return self._zlib.decompress(rest, limit)
        except zlib.error:
            self._trailing = True
            return b""

    @property
    def truncated(self) -> bool:
        """True when encoded bytes came but the stream ended before its end marker (a body cut short)."""
        return self._zlib is not None and self._fed and not self._trailing and not self._zlib.eof

    def finish(self, *, limit: int) -> bytes:
        """Whatever the decompressor still holds, at most limit bytes."""
        if self._zlib is None or self._trailing:
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
