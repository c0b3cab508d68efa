"""Read an origin's robots.txt (RFC 9309); reads /robots.txt through the HTTP client, gives a Robots verdict.

Decisions worth knowing:
- 2xx is parsed; 4xx means "unavailable", everything is allowed; 429, 5xx, timeouts and connection
  errors mean "unreachable", everything on that origin is disallowed for this run (RFC 9309 section
  2.3.1.4): its pages end as robots-unreachable, retried on a later run. A robots.txt at a refused address is not judged: the page request then fails with its
  own private-address reason.
- Up to ROBOTS_MAX_REDIRECTS redirects are followed; more, a loop, or a 3xx that cannot be followed (no
  Location, an unreadable one) mean "unavailable" (RFC 9309 section 2.3.1.2). At most ROBOTS_MAX_BYTES
  are parsed, up to the last whole line; the scheduler fetches each origin's robots.txt once per run and keeps the
  verdict for the run.
- A 2xx robots.txt whose Content-Encoding (gzip, deflate) cannot decode it is asked again and read as it came when
  that is no compressed stream (a server labelling plain text gzip): its rules apply. A damaged compressed stream is
  unreachable, as a network error is.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from protego import Protego

from mediamon.errors import FetchError
from mediamon.fetch.client import REDIRECT_STATUSES, EncodingError, HttpClient, Opened
from mediamon.fetch.redirects import redirect_url
from mediamon.text.charset import decode_body

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to parse at least 500 KiB
ROBOTS_MAX_REDIRECTS = 5
COMPRESSED_STARTS = (b"\x1f\x8b", b"\x78\x01", b"\x78\x5e", b"\x78\x9c", b"\x78\xda")  # gzip, zlib streams


@dataclass(frozen=True)
class Robots:
    """What one origin's robots.txt says for this run."""

    state: str  # parsed / unavailable (4xx: allow all) / unreachable (5xx, errors: disallow all) / refused
    parser: Protego | None = None
    detail: str = ""
    status: int | None = None  # the HTTP status of the last answer (None: no answer)
    bytes: int = 0  # of the robots.txt body read

    def verdict(self, url: str, user_agent: str) -> str:
        """FetchResult.robots for url: allowed / disallowed / unavailable / unreachable (held back this run)."""
        if self.state in ("unavailable", "unreachable"):
            return self.state
        if self.parser is None or self.parser.can_fetch(url, user_agent):
            return "allowed"
        return "disallowed"

    def crawl_delay_s(self, user_agent: str) -> float | None:
        """The Crawl-delay robots.txt asks of this user agent, if any."""
        return self.parser.crawl_delay(user_agent) if self.parser is not None else None


def fetch_robots(client: HttpClient, origin: str) -> Robots:
    """The robots.txt of origin (scheme://host:port), following up to 5 redirects (RFC 9309) within one deadline."""
    url = f"{origin}/robots.txt"
    headers = {"User-Agent": client.settings.user_agent, "Accept": "text/plain,*/*;q=0.1",
               "Accept-Encoding": "gzip, deflate"}
    visited: list[str] = []
    deadline = time.monotonic() + client.settings.deadline_s  # one for the robots.txt and its redirects
    for _ in range(ROBOTS_MAX_REDIRECTS + 1):
        try:
            opened = client.open(url, headers, deadline=deadline)
        except FetchError as err:
            return _robots_from_error(url, err)
        if not 300 <= opened.status < 400:
            return _robots_from_response(client, opened,
                                         lambda asked=url: client.open(asked, headers, deadline=deadline))
        client.discard(opened)
        visited.append(url)
        hop = _next_hop(opened, visited)
        if isinstance(hop, Robots):
            return hop
        url = hop
    return Robots("unavailable", detail=f"more than {ROBOTS_MAX_REDIRECTS} redirects for {origin}/robots.txt")


def _sent_as_it_is(client: HttpClient, reopen: Callable[[], Opened]) -> bytes | None:
    """The robots.txt asked again and read as it came, when it is no compressed stream (a server labelling plain text
    gzip, which no decoder reads): its rules are the site's. None when it cannot be had or is a damaged gzip stream:
    that robots.txt stays unreachable, as before (every page of the origin was held back for it, every run)."""
    try:
        opened = reopen()
        if not 200 <= opened.status < 300:
            client.discard(opened)
            return None
        body = client.read_body(opened, ROBOTS_MAX_BYTES + 1, truncate=True, as_sent=True)
    except FetchError:
        return None
    return None if body.startswith(COMPRESSED_STARTS) else body


def _next_hop(opened: Opened, visited: list[str]) -> str | Robots:
    """The URL a robots.txt redirect leads to, or "unavailable" (allow all) when it cannot be followed.

    RFC 9309 section 2.3.1.2 lets a crawler assume a robots.txt it cannot reach through its redirects
    (more than five) is unavailable, the 4xx case of section 2.3.1.3: the crawler MAY access any resource.
    A redirect that cannot be followed at all (no Location, an unreadable one, a loop, a 3xx that is no
    redirect) reaches no robots.txt either; the server answered, so it is not the "unreachable" case of
    section 2.3.1.4 (5xx and network errors), which would disallow the whole origin.
    """
    if opened.status not in REDIRECT_STATUSES or not opened.header("Location"):
        return Robots("unavailable", detail=f"robots.txt at {opened.url} answered {opened.status} without a "
                                            "Location to follow: everything allowed (RFC 9309 2.3.1.2)")
    try:
        url = redirect_url(opened.url, opened.location() or "")
    except FetchError as err:
        return _robots_from_error(opened.url, err)
    if url in visited:
        return Robots("unavailable", detail=f"robots.txt redirect loop at {opened.url} -> {url}: everything allowed "
                                            "(RFC 9309 2.3.1.2)")
    return url


def whole_lines(body: bytes) -> bytes:
    """A robots.txt read up to one byte past ROBOTS_MAX_BYTES, kept to the cap without the line the cap cut:
    'Disallow: /private/' cut after 'Disallow: /' disallowed the whole site (RFC 9309 2.5 lets a crawler stop at the
    limit, not read a rule that is not there). A file no longer than the cap, or whose line ends right at it (the byte
    past it a line break), is kept whole."""
    if len(body) <= ROBOTS_MAX_BYTES:
        return body
    kept = body[:ROBOTS_MAX_BYTES]
    if body[ROBOTS_MAX_BYTES:ROBOTS_MAX_BYTES + 1] in (b"\n", b"\r"):
        return kept
    return kept[:max(kept.rfind(b"\n"), kept.rfind(b"\r")) + 1]  # a line ends in LF, CR LF or CR alone


def _robots_from_error(url: str, err: FetchError) -> Robots:
    """Robots for a robots.txt request that got no answer."""
    if err.reason in {"private-address", "bad-scheme", "bad-url"}:
        return Robots("refused" if err.reason == "private-address" else "unavailable", detail=str(err))
    return Robots("unreachable", detail=f"robots.txt at {url} unreachable ({err}); RFC 9309 treats this as "
                                        "disallow-all")


def _robots_from_response(client: HttpClient, opened: Opened, reopen: Callable[[], Opened]) -> Robots:
    """Robots from a robots.txt answer: parse 2xx, allow on 4xx, disallow on 429 and 5xx."""
    status = opened.status
    if 200 <= status < 300:
        detail = f"robots.txt at {opened.url}"
        try:
            body = client.read_body(opened, ROBOTS_MAX_BYTES + 1, truncate=True)
        except EncodingError as err:
            body = _sent_as_it_is(client, reopen)
            if body is None:
                return _robots_from_error(opened.url, err)
            detail += f" (labelled {opened.header('Content-Encoding')!r} but sent as it is)"
        except FetchError as err:
            return _robots_from_error(opened.url, err)
        text = decode_body(whole_lines(body), opened.header("Content-Type"))
        return Robots("parsed", Protego.parse(text), detail=detail, status=status, bytes=len(body))
    client.discard(opened)
    if 400 <= status < 500 and status != 429:
        return Robots("unavailable", detail=f"robots.txt at {opened.url} answered {status}: everything allowed",
                      status=status)
    return Robots("unreachable", detail=f"robots.txt at {opened.url} answered {status}; RFC 9309 treats this "
                                        "as disallow-all", status=status)
